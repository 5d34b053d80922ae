"""Deleting an import batch: the versions it stored go, the versions before them come back."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from jixiao.web import models, totals
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["delete_batch"]


@action
def delete_batch(batch: models.ImportBatch, actor: Actor) -> int:
    """Delete what ``batch`` stored; where it stored the current version of a record, the version
    before it becomes current again. Returns the number of versions deleted."""
    # locked first, as actions.documents locks the versions it deletes (in key order, as
    # refinding locks the versions it writes)
    rows: list[models.Project | models.SelfEvaluation] = [
        *models.Project.objects.filter(batch=batch).order_by("pk").select_for_update(),
        *models.SelfEvaluation.objects.filter(batch=batch).order_by("pk").select_for_update(),
    ]
    record(
        actor,
        models.AuditEntry.Action.DELETE_BATCH,
        batch,
        old={
            "files": list(batch.files.values("name", "sha256", "size")),
            "versions": [
                {"type": type(r).__name__, "id": r.pk, "version": r.version, "document": r.document}
                for r in rows
            ],
        },
    )
    for row in rows:
        siblings = row.versions().exclude(pk=row.pk)
        row.delete()
        _make_latest_current(siblings)
    batch.delete()
    totals.touch(*{r.department_id for r in rows})
    return len(rows)


def _make_latest_current(
    siblings: QuerySet[models.Project] | QuerySet[models.SelfEvaluation],
) -> None:
    if siblings.filter(is_current=True).exists():
        return
    latest = siblings.aggregate(n=Max("version"))["n"]
    if latest is not None:
        siblings.filter(version=latest).update(is_current=True)

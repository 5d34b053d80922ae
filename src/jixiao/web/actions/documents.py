"""Deleting a stored record (项目 or 自评) with all its versions, by an administrator."""

from __future__ import annotations

from jixiao.web import models, totals
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["delete_evaluation", "delete_project"]

Audit = models.AuditEntry.Action


@action
def delete_project(project: models.Project, actor: Actor) -> int:
    """Delete the project ``project`` is a version of, every version; the audit row keeps them."""
    return _delete(project, actor, Audit.DELETE_PROJECT)


@action
def delete_evaluation(evaluation: models.SelfEvaluation, actor: Actor) -> int:
    """Delete a self-evaluation with every version; the audit row keeps the documents."""
    return _delete(evaluation, actor, Audit.DELETE_EVALUATION)


def _delete(
    row: models.Project | models.SelfEvaluation, actor: Actor, kind: models.AuditEntry.Action
) -> int:
    # locked first: a save of a draft (which locks its version) that writes its rows meanwhile
    # finishes before the delete reads them (they have no FOREIGN KEY constraint: models.OWNED)
    versions = list(row.versions().select_for_update())
    old = [{"version": v.version, "id": v.pk, "document": v.document} for v in versions]
    record(actor, kind, row, old={"versions": old})
    for version in versions:
        version.delete()
    totals.touch(row.department_id)
    return len(versions)

"""导入: :func:`import_batch` stores a previewed batch — new records, new versions — in one go."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jixiao.domain import model as domain
from jixiao.domain.workflow import Refused, State
from jixiao.web import engines, importing, models, permissions, storage
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["import_batch"]

Audit = models.AuditEntry.Action


@action
def import_batch(
    preview: importing.Preview, actor: Actor, *, approved: bool = False
) -> models.ImportBatch:
    """Write the whole batch (all files or none); ImportRefused when it cannot be committed.

    The tables enter as drafts (草稿) of their departments, or as 已批复 / 已审核 when
    ``approved`` (a finance reviewer importing last year's tables). A signed-in user may import
    only for the departments within their scope (Refused otherwise); the CLI and the demo loader
    act for the operator.

    Each document becomes a new record (第 1 版) or a new version of its stored record; a document
    identical to the stored version is counted as unchanged and not stored again. The plan is
    made again here, inside the transaction, so a preview that went stale cannot duplicate.
    """
    if not preview.committable:
        raise importing.ImportRefused(preview)
    if actor.account is not None or approved:
        refusal = permissions.import_refusal(actor.user, preview.documents, approved)
        if refusal is not None:
            raise Refused(refusal)
    batch = models.ImportBatch.objects.create(user=actor.account, via=actor.via)
    for result in preview.files:
        if result.importable:
            _store_file(result, batch, actor, preview.review_profile)
    batch.save()
    if approved:
        _approve(batch)
    summary = {**_batch_summary(batch, preview), "state": "approved" if approved else "draft"}
    record(actor, Audit.IMPORT_BATCH, batch, new=summary)
    return batch


def _store_file(
    result: importing.FileResult, batch: models.ImportBatch, actor: Actor, profile: str
) -> None:
    models.ImportedFile.objects.create(
        batch=batch,
        name=result.name,
        sha256=result.sha256,
        size=result.size,
        documents=len(result.documents),
    )
    for document, findings in zip(result.documents, result.findings, strict=True):
        assert not isinstance(document, domain.MonitoringReport)  # refused by the preview
        plan = importing.plan(document)
        if plan.status == "unchanged":
            batch.unchanged += 1
            continue
        if plan.previous is not None:
            plan.previous.is_current = False
            plan.previous.save(update_fields=["is_current"])
        row = storage.store(
            document,
            department=_department(document.department, actor),
            version=plan.version,
            batch=batch,
            user=actor.account,
            findings=findings,
            stamp=engines.stamp(findings, profile),
        )
        _record_version(actor, row, plan)
        batch.documents += 1
        batch.indicators += len(document.indicators)
        batch.findings += len(findings)
        if plan.status == "new":
            batch.new_records += 1
        else:
            batch.new_versions += 1


def _approve(batch: models.ImportBatch) -> None:
    """The batch's tables are 已批复, its self-evaluations 已审核 (as of now)."""
    now = timezone.now()
    models.Project.objects.filter(batch=batch).update(state=State.APPROVED, state_changed_at=now)
    models.SelfEvaluation.objects.filter(batch=batch).update(
        state=State.REVIEWED, state_changed_at=now
    )


def _record_version(actor: Actor, row: storage.Stored, plan: importing.Plan) -> None:
    new = {"version": row.version, "document_id": row.document_id, "title": row.title}
    if plan.previous is None:
        record(actor, Audit.NEW_RECORD, row, new=new)
        return
    changes = [c.model_dump(mode="json") for c in plan.changes]
    record(
        actor,
        Audit.NEW_VERSION,
        row,
        old={"version": plan.previous.version, "id": plan.previous.pk},
        new={**new, "changes": changes},
    )


def _department(dept: domain.Department, actor: Actor) -> models.Department:
    """The stored department of a document, created (and recorded) when it is new."""
    found = storage.find_department(dept)
    if found is not None:
        return found
    created = storage.new_department(dept)
    record(
        actor,
        Audit.CREATE_DEPARTMENT,
        created,
        new={"code": created.code, "name": created.name, "parent": created.parent_id},
    )
    return created


def _batch_summary(batch: models.ImportBatch, preview: importing.Preview) -> dict[str, Any]:
    return {
        "files": [
            {"name": f.name, "sha256": f.sha256, "size": f.size}
            for f in preview.files
            if f.importable
        ],
        "documents": batch.documents,
        "new_records": batch.new_records,
        "new_versions": batch.new_versions,
        "unchanged": batch.unchanged,
        "indicators": batch.indicators,
        "findings": batch.findings,
    }

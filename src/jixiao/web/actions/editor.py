"""在线填报: :func:`save_draft` keeps a table written in the editor as a draft (草稿) server-side.

A new table becomes version 1 of a new record, in 草稿, revision 1. Saving a draft (or a returned
table) again makes its next revision in place — same version, the same record — after the
optimistic-locking check of :func:`jixiao.domain.workflow.check_save`: a save made from an older
revision than the stored one is refused with :class:`DraftConflict`, which says what the other
person changed, and nothing is written. Every revision is kept (:class:`DraftRevision`) so a
refusal can list the changes. The findings stored with the draft come from the same review the
editor shows live (:func:`jixiao.web.drafts.review`).
"""

from __future__ import annotations

from django.utils import timezone

from jixiao.domain.diff import diff
from jixiao.domain.model import TargetTable
from jixiao.domain.records import record_key
from jixiao.domain.review import Finding
from jixiao.domain.workflow import Action, Conflict, Denied, Refused, State, check_save
from jixiao.web import drafts, engines, models, permissions, storage
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["DraftConflict", "save_draft"]

Audit = models.AuditEntry.Action


class DraftConflict(Exception):
    """保存冲突: someone saved the draft since the editor opened it; ``conflict`` says what."""

    def __init__(self, conflict: Conflict, revision: int) -> None:
        super().__init__(conflict.message_zh)
        self.conflict = conflict
        self.revision = revision  # the stored revision to start again from


@action
def save_draft(
    table: TargetTable,
    actor: Actor,
    *,
    department: models.Department | None = None,
    row: models.Project | None = None,
    base_revision: int = 0,
) -> models.Project:
    """Save ``table`` as a new draft of ``department`` (``row`` None) or as the next revision of
    the draft ``row``, opened at ``base_revision``. Raises Refused or DraftConflict."""
    if row is None:
        assert department is not None
        return _create(table, actor, department)
    permissions.check(actor.user, Action.EDIT_DRAFT, row)
    locked = models.Project.objects.select_for_update().get(pk=row.pk)
    stored = storage.target_table(locked)  # its unit and identity stay the stored ones
    mine = table.model_copy(update={"department": stored.department, "id": stored.id})
    decision = check_save(
        base_revision,
        locked.revision,
        base=_at(locked, base_revision),
        stored=stored,
        mine=mine,
    )
    if isinstance(decision, Conflict):
        raise DraftConflict(decision, locked.revision)
    _check_name(mine, locked)
    if locked.revision == 0:  # an imported draft: keep it as it was read, as revision 0
        _keep(locked, None)
    findings, stamp = _reviewed(mine, locked.department)
    storage.rewrite(locked, mine, findings=findings, stamp=stamp)
    locked.revision = decision.revision
    locked.save(update_fields=["revision"])
    _keep(locked, actor)
    record(
        actor,
        Audit.SAVE_DRAFT,
        locked,
        old={"revision": base_revision, "version": locked.version},
        new={
            "revision": locked.revision,
            "version": locked.version,
            "changes": [c.model_dump(mode="json") for c in diff(stored, mine)],
        },
    )
    return locked


def _create(table: TargetTable, actor: Actor, department: models.Department) -> models.Project:
    decision = drafts.may_create(actor.user, department)
    if isinstance(decision, Denied):
        raise Refused(decision)
    _check_name(table, None, department)
    findings, stamp = _reviewed(table, department)
    row = storage.store(
        table,
        department=department,
        version=1,
        batch=None,
        user=actor.account,
        findings=findings,
        stamp=stamp,
    )
    assert isinstance(row, models.Project)
    row.state, row.state_changed_at, row.revision = str(State.DRAFT), timezone.now(), 1
    row.save(update_fields=["state", "state_changed_at", "revision"])
    _keep(row, actor)
    record(
        actor,
        Audit.SAVE_DRAFT,
        row,
        new={"revision": 1, "version": 1, "state": row.state, "title": row.title},
    )
    return row


def _reviewed(
    table: TargetTable, department: models.Department
) -> tuple[list[Finding], storage.Stamp]:
    findings, profile = drafts.review(table, department)
    return findings, engines.stamp(findings, profile)


def _check_name(
    table: TargetTable, row: models.Project | None, department: models.Department | None = None
) -> None:
    """A draft may not take the name of another record of its department and year."""
    department = department or (row.department if row else None)
    others = models.Project.objects.filter(
        department=department, year=table.year, key=record_key(table).name
    )
    if row is not None:
        others = others.exclude(department=row.department, year=row.year, key=row.key)
    if others.exists():
        raise Refused(
            Denied(
                f"本单位{table.year or ''}年度已有项目“{table.project.name}”，请打开该项目修改",
                "state",
            )
        )


def _at(row: models.Project, revision: int) -> TargetTable | None:
    """The draft as it was at ``revision`` (None when that revision is not kept)."""
    kept = row.revisions.filter(revision=revision).first()
    if kept is None:
        return None
    return TargetTable.model_validate(kept.document)


def _keep(row: models.Project, actor: Actor | None) -> None:
    """Keep the draft as it is now under its revision number."""
    models.DraftRevision.objects.create(
        project=row,
        revision=row.revision,
        document=row.document,
        saved_by=actor.account if actor else row.created_by,
    )

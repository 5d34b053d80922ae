"""导入: :func:`import_batch` stores a previewed batch — new records, new versions — in one go.

The batch is written set-based (:mod:`jixiao.web.bulk`): departments resolved once
(:class:`~jixiao.web.directory.Directory`), every document planned against the stored versions
in bulk, then versions, their rows and their audit rows inserted :data:`CHUNK` documents at a
time, all in the action's one transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.utils import timezone

from jixiao.domain import model as domain
from jixiao.domain.cards import Card
from jixiao.domain.review.finding_row import Row
from jixiao.domain.row_values import RowValues, row_values
from jixiao.domain.workflow import Refused, State
from jixiao.web import bulk, engines, importing, models, permissions, planning, storage, totals
from jixiao.web.actions.audit import Actor, action, entry_for, record, record_many
from jixiao.web.directory import Directory

__all__ = ["CHUNK", "import_batch"]

Audit = models.AuditEntry.Action
Stored = tuple[int, int]  # primary key and version number of a row written in this batch
CHUNK = 2000  # documents whose rows are built and inserted together (bounds the memory used)


@action
@engines.profiles_fixed()
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
        refusal = permissions.import_refusal(actor.user, preview.cards, approved)
        if refusal is not None:
            raise Refused(refusal)
    with _frozen():
        return _write(preview, actor, approved)


@contextmanager
def _frozen() -> Iterator[None]:
    """The batch's documents and findings (and everything else alive) out of the garbage
    collector's sight while the batch is written: its collections then scan only the rows being
    built, not every document of the batch again and again (a third of the import's CPU time for
    1,000 tables)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _write(preview: importing.Preview, actor: Actor, approved: bool) -> models.ImportBatch:
    batch = models.ImportBatch.objects.create(user=actor.account, via=actor.via)
    results = [r for r in preview.files if r.importable]
    models.ImportedFile.objects.bulk_create(
        models.ImportedFile(
            batch=batch, name=r.name, sha256=r.sha256, size=r.size, documents=len(r.cards)
        )
        for r in results
    )
    cards = [c for r in results for c in r.cards]
    document = importing.documents_at(results)
    findings = [f for r in results for f in r.findings]
    values = [r.values[n] if r.values else None for r in results for n in range(len(r.cards))]
    for card in cards:
        assert card.kind != "monitoring"  # refused by the preview
    departments = _departments(cards, actor)
    plans = planning.plan(cards, document, departments)
    _supersede([p.previous for p in plans if p.status == "version" and p.previous is not None])
    superseded = {p.earlier for p in plans if p.status == "version"}
    written: dict[int, Stored] = {}
    todo = [i for i, p in enumerate(plans) if p.status != "unchanged"]
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        rows = [
            storage.rows(
                _values(values[i], partial(document, i)),
                table=cards[i].kind == "target_table",
                key=plans[i].key,
                department=departments.find(cards[i].department),  # type: ignore[arg-type]
                version=plans[i].version,
                is_current=i not in superseded,
                batch=batch,
                user=actor.account,
                findings=findings[i],
                stamp=engines.row_stamp(findings[i], preview.review_profile),
            )
            for i in chunk
        ]
        bulk.insert(rows)
        totals.touch(*{r.version.department_id for r in rows})
        written.update(
            {i: (r.version.pk, r.version.version) for i, r in zip(chunk, rows, strict=True)}
        )
        record_many(
            [
                _version_entry(actor, r.version, plans[i], written)
                for i, r in zip(chunk, rows, strict=True)
            ]
        )
    _count(batch, cards, findings, plans)
    if approved:
        _approve(batch)
    summary = {**_batch_summary(batch, preview), "state": "approved" if approved else "draft"}
    record(actor, Audit.IMPORT_BATCH, batch, new=summary)
    return batch


def _values(made: RowValues | None, document: Callable[[], domain.Document]) -> RowValues:
    """What the version row copies of its document: as the sandbox worker made it, else (a
    reading kept by a pending upload) made here from the document."""
    if made is not None:
        return made
    stored = document()
    assert isinstance(stored, domain.TargetTable | domain.SelfEvaluation)  # refused otherwise
    return row_values(stored)


def _approve(batch: models.ImportBatch) -> None:
    """The batch's tables are 已批复, its self-evaluations 已审核 (as of now)."""
    now = timezone.now()
    models.Project.objects.filter(batch=batch).update(state=State.APPROVED, state_changed_at=now)
    models.SelfEvaluation.objects.filter(batch=batch).update(
        state=State.REVIEWED, state_changed_at=now
    )


def _supersede(previous: Sequence[storage.Stored]) -> None:
    """Mark the stored versions that the batch replaces as not current (one UPDATE per table)."""
    for model in (models.Project, models.SelfEvaluation):
        ids = [row.pk for row in previous if isinstance(row, model)]
        for start in range(0, len(ids), bulk.BATCH_SIZE):
            model.objects.filter(pk__in=ids[start : start + bulk.BATCH_SIZE]).update(
                is_current=False
            )


def _version_entry(
    actor: Actor, row: storage.Stored, plan: planning.Plan, written: dict[int, Stored]
) -> models.AuditEntry:
    new = {"version": row.version, "document_id": row.document_id, "title": row.title}
    if plan.status == "new":
        return entry_for(actor, Audit.NEW_RECORD, row, new=new)
    if plan.previous is not None:
        old = {"version": plan.previous.version, "id": plan.previous.pk}
    else:
        assert plan.earlier is not None  # a version replaces a stored row or an earlier reading
        pk, version = written[plan.earlier]
        old = {"version": version, "id": pk}
    changes = [c.model_dump(mode="json") for c in plan.changes]
    return entry_for(actor, Audit.NEW_VERSION, row, old=old, new={**new, "changes": changes})


def _count(
    batch: models.ImportBatch,
    cards: Sequence[Card],
    findings: Sequence[Sequence[Row]],
    plans: Sequence[planning.Plan],
) -> None:
    for card, found, plan in zip(cards, findings, plans, strict=True):
        if plan.status == "unchanged":
            batch.unchanged += 1
            continue
        batch.documents += 1
        batch.indicators += card.indicators
        batch.findings += len(found)
        if plan.status == "new":
            batch.new_records += 1
        else:
            batch.new_versions += 1
    batch.save()


def _departments(cards: Sequence[Card], actor: Actor) -> Directory:
    """The stored departments of the documents (by their cards), those not stored yet created
    (and recorded: their audit rows written together)."""
    departments = Directory(c.department for c in cards)
    created = departments.create(c.department for c in cards)
    if created:
        record_many(
            [
                entry_for(
                    actor,
                    Audit.CREATE_DEPARTMENT,
                    row,
                    new={"code": row.code, "name": row.name, "parent": parent},
                )
                for row, parent in created
            ]
        )
    return departments


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

"""重新审核's write side: the findings of many stored versions replaced by a new review's at once.

:func:`refind` takes a batch of stored versions (a 部门家族 of the year's review) with their
documents and new findings, and writes set-based: one query reads the stored findings of the
whole batch (their key columns, not their JSON), one DELETE removes the open findings of the
versions whose findings changed, one bulk write adds their new findings (``COPY`` on PostgreSQL,
``executemany`` elsewhere: :func:`jixiao.web.bulk.write`, the import's fast path), and one UPDATE
per distinct count and stamp sets the versions' ``findings_count``, grade and profile stamp. The
caller holds the transaction; the action's recount of the totals covers the departments written.

What is stored is what replacing each version's findings one by one stored (the row-by-row
``storage.refind`` this replaces; tests/web/test_review_year.py compares with an import): dismissed
findings stay, a new finding a reviewer dismissed before is not raised again, and a version whose
open findings, grade and stamp are the same is not written at all. Two things differ from it: a
table is graded by the findings that stay open (as :func:`~jixiao.web.actions.dismiss_finding`
grades it; a year's review used to grade it with its dismissed findings again), and a
self-evaluation's grade column (自评等级, as stated) is not compared with the review's grade (a
self-evaluation with a stated grade used to be rewritten by every review, its findings' comments
losing their link).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jixiao.domain import model as domain
from jixiao.domain.review import Finding
from jixiao.web import bulk, engines, finding_rows, models, storage, totals

__all__ = ["Refound", "refind"]

CHUNK = 1000  # versions (or findings) named in one IN list


@dataclass(frozen=True)
class Refound:
    """A stored version, the document it stores, and a new review's findings of it under the
    review profile ``profile``."""

    row: storage.Stored
    document: domain.TargetTable | domain.SelfEvaluation
    findings: Sequence[Finding]
    profile: str

    @property
    def owner(self) -> str:
        """The findings' foreign key to the version row."""
        return "project" if isinstance(self.row, models.Project) else "evaluation"


Key = tuple[str, ...]


@dataclass
class _Stored:
    """The findings a version has: its open ones (id and key), the keys of its dismissed ones."""

    open: list[tuple[int, Key]]
    dismissed: set[Key]


def refind(refound: Sequence[Refound]) -> int:
    """Replace the findings of each version of ``refound`` by its new review's (the caller holds
    the transaction); the number of versions written (the others' open findings, grade and
    stamp were the same already)."""
    stored = _stored(refound)
    changed: list[tuple[Refound, list[Finding], storage.Stamp]] = []
    for item in refound:
        row = item.row
        have = stored[(item.owner, row.pk)]
        fresh = [f for f in item.findings if finding_rows.key(f) not in have.dismissed]
        # graded by the findings that stay open (as dismiss_finding grades); a self-evaluation's
        # grade column is its 自评等级 as stated, not the review's
        stamp = engines.stamp(fresh, item.profile)
        graded = not isinstance(row, models.Project) or row.grade == stamp.grade
        same = (
            graded
            and (row.review_profile, row.review_profile_hash) == (stamp.profile, stamp.profile_hash)
            and sorted(key for _, key in have.open) == sorted(map(finding_rows.key, fresh))
        )
        if not same:
            changed.append((item, fresh, stamp))
    stored_still = _locked(changed)
    changed = [c for c in changed if (c[0].owner, c[0].row.pk) in stored_still]
    if not changed:
        return 0
    gone = [pk for item, *_ in changed for pk, _ in stored[(item.owner, item.row.pk)].open]
    for chunk in _chunks(gone):
        # the ORM's delete: a comment on a finding keeps its text, its link set to NULL
        models.Finding.objects.filter(pk__in=chunk).only("pk").delete()
    bulk.write(
        models.Finding,
        [
            (item.owner, item.row.pk, columns)
            for item, fresh, _ in changed
            for columns in finding_rows.columns(fresh, item.document.indicators)
        ],
    )
    _restamp(changed)
    totals.touch(*(item.row.department_id for item, *_ in changed))
    return len(changed)


def _stored(refound: Sequence[Refound]) -> dict[tuple[str, int], _Stored]:
    """The stored findings of the versions of ``refound`` by (owner, primary key), keyed as
    :func:`jixiao.web.finding_rows.key` keys a domain finding, from the columns that copy
    those fields of it (:func:`jixiao.web.finding_rows.columns`)."""
    stored: dict[tuple[str, int], _Stored] = {}
    by_owner: dict[str, list[int]] = defaultdict(list)
    for item in refound:
        by_owner[item.owner].append(item.row.pk)
        stored[(item.owner, item.row.pk)] = _Stored([], set())
    for owner, pks in by_owner.items():
        for chunk in _chunks(pks):
            rows = models.Finding.objects.filter(**{f"{owner}_id__in": chunk}).order_by()
            columns = ("rule", "field", "indicator", "source_line", "source_cell", "message")
            for pk, version, dismissed, *key in rows.values_list(
                "pk", f"{owner}_id", "dismissed_at", *columns
            ):
                rule, field, indicator, line, cell, message = key
                found = (rule, field, indicator, "" if line is None else str(line), cell, message)
                have = stored[(owner, version)]
                if dismissed is None:
                    have.open.append((pk, found))
                else:
                    have.dismissed.add(found)
    return stored


def _locked(
    changed: Sequence[tuple[Refound, list[Finding], storage.Stamp]],
) -> set[tuple[str, int]]:
    """The (owner, primary key) of the versions of ``changed`` still stored, locked until the
    caller's transaction ends (``FOR NO KEY UPDATE``, the lock :func:`_restamp`'s UPDATE takes):
    a delete of one waits, and a version deleted since it was read gets no findings (their
    foreign key has no FOREIGN KEY constraint: :data:`jixiao.web.models.base.OWNED`)."""
    by_owner: dict[str, list[int]] = defaultdict(list)
    for item, *_ in changed:
        by_owner[item.owner].append(item.row.pk)
    locked: set[tuple[str, int]] = set()
    for owner, pks in by_owner.items():
        model = models.Project if owner == "project" else models.SelfEvaluation
        for chunk in _chunks(sorted(pks)):
            rows = model.objects.filter(pk__in=chunk).order_by("pk").select_for_update(no_key=True)
            locked.update((owner, pk) for pk in rows.values_list("pk", flat=True))
    return locked


def _restamp(changed: list[tuple[Refound, list[Finding], storage.Stamp]]) -> None:
    """Set the count of open findings, the grade and the stamp of the versions written: one
    UPDATE per model and distinct set of values."""
    groups: dict[tuple[type[Any], tuple[tuple[str, Any], ...]], list[int]] = defaultdict(list)
    for item, fresh, stamp in changed:
        row = item.row
        values: dict[str, Any] = {
            "findings_count": len(fresh),
            "review_profile": stamp.profile,
            "review_profile_hash": stamp.profile_hash,
        }
        if isinstance(row, models.Project):
            values["grade"] = stamp.grade
        for name, value in values.items():
            setattr(row, name, value)
        groups[(type(row), tuple(values.items()))].append(row.pk)
    for (model, same), pks in groups.items():
        for chunk in _chunks(pks):
            model.objects.filter(pk__in=chunk).update(**dict(same))


def _chunks(items: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]

"""重新审核: the current versions of a budget year reviewed again under the profile in force."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from jixiao.domain.profiles import ProfileError
from jixiao.domain.review.detect import detect_profile
from jixiao.web import engines, models, storage
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["review_year", "stale_years"]

Progress = Callable[[int, int], None]


@action
@engines.profiles_fixed()
def review_year(year: int, actor: Actor, progress: Progress | None = None) -> dict[str, Any]:
    """Review the year's current tables and self-evaluations together and replace the findings
    of every version whose findings or stamp change (dismissed findings stay dismissed).

    The previous year's self-evaluations are reviewed with them (the 历史标准 rules compare this
    year's targets with last year's actuals) but keep their findings. One transaction: a
    cancelled or crashed review leaves the year as it was.

    The year is reviewed department family by department family (部门家族: the department code's
    first three digits, or the department's name when no code is known — the groups the 历史标准
    rules match within), so that memory holds one family's documents at a time, not a
    province's year; the findings are the same as for the whole year at once
    (tests/web/test_review_year.py). A first pass reads every document once for the profile
    the documents call for and the family each belongs to.
    """
    evaluations = models.SelfEvaluation.objects.filter(is_current=True).order_by("pk")
    this_year: list[QuerySet[Any]] = [
        models.Project.objects.filter(year=year, is_current=True).order_by("pk"),
        evaluations.filter(year=year),
    ]
    last_year = evaluations.filter(year=year - 1)
    survey = _Survey([*this_year, last_year], reviewed=len(this_year))
    profile = engines.review_profile_of(survey.detected)
    total = sum(len(pks) for family in survey.families.values() for pks in family[:-1])
    if progress is not None:
        progress(0, total)
    changed = done = findings = 0
    for family in survey.families.values():
        rows = [
            row for qs, pks in zip(this_year, family[:-1], strict=True) for row in _rows(qs, pks)
        ]
        context = [storage.load(row) for row in _rows(last_year, family[-1])]
        documents = [storage.load(row) for row in rows]
        found = engines.review_per_document([*documents, *context], profile)[: len(rows)]
        for row, row_findings in zip(rows, found, strict=True):
            changed += storage.refind(row, row_findings, engines.stamp(row_findings, profile))
            findings += len(row_findings)
            done += 1
            if progress is not None:
                progress(done, total)
    summary = {
        "year": year,
        "profile": profile,
        "documents": total,
        "changed": changed,
        "findings": findings,
    }
    record(actor, models.AuditEntry.Action.REVIEW_YEAR, ("year", year, str(year)), new=summary)
    return summary


def _rows(rows: QuerySet[Any], pks: list[int]) -> list[storage.Stored]:
    """The rows of ``rows`` with primary keys ``pks``, in the order of ``rows``."""
    return list(rows.filter(pk__in=pks)) if pks else []


class _Survey:
    """One pass over the documents of ``querysets`` (the first ``reviewed`` of them are the
    year reviewed, the rest context): what ``detect_profile`` says of each document reviewed,
    and the primary keys of each queryset by department family, as
    :func:`jixiao.domain.review.rules.history` groups documents (by code, a document without one
    taking the code another document of its department's name has, else by the name)."""

    def __init__(self, querysets: list[QuerySet[Any]], reviewed: int) -> None:
        self.detected: set[str | None] = set()
        departments: list[tuple[int, int, str | None, str]] = []  # queryset, pk, code, name
        for n, rows in enumerate(querysets):
            for row in rows.iterator(chunk_size=_CHUNK):
                document = storage.load(row)
                if n < reviewed:
                    self.detected.add(detect_profile(document))
                departments.append((n, row.pk, document.department.code, document.department.name))
        codes = {name: code for _, _, code, name in departments if code}
        self.families: dict[str, list[list[int]]] = {}
        for n, pk, code, name in departments:
            known = code or codes.get(name)
            key = f"code {known[:3]}" if known else f"name {name}"
            self.families.setdefault(key, [[] for _ in querysets])[n].append(pk)


_CHUNK = 500  # rows read at a time by the survey


def stale_years() -> list[int]:
    """The years with a current version reviewed under another profile than the one in force
    (the setting), or under an earlier content of its profile."""
    stamps: set[tuple[int | None, str, str]] = set()
    for model in (models.Project, models.SelfEvaluation):
        rows = model.objects.filter(is_current=True)
        stamps |= set(rows.values_list("year", "review_profile", "review_profile_hash").distinct())
    return sorted(
        {year for year, name, digest in stamps if year is not None and _stale(name, digest)}
    )


def _stale(name: str, digest: str) -> bool:
    if settings.JIXIAO_REVIEW_PROFILE and name != settings.JIXIAO_REVIEW_PROFILE:
        return True
    try:
        return not name or engines.profile_hash(name) != digest
    except ProfileError:  # the profile is gone: review under the one in force
        return True

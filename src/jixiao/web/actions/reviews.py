"""重新审核: the current versions of a budget year reviewed again under the profile in force."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from jixiao.domain.model import SelfEvaluation, TargetTable
from jixiao.domain.profiles import ProfileError
from jixiao.domain.review.detect import detect_profile_of
from jixiao.web import document_column, engines, models, refinding, storage
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
    the documents call for and the family each belongs to (their department, title and
    project name, and the 二级指标 of their indicator rows: not the whole documents, which the
    review then reads once).
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
        refound = []
        for row, document, row_findings in zip(rows, documents, found, strict=True):
            assert isinstance(document, TargetTable | SelfEvaluation)
            refound.append(refinding.Refound(row, document, row_findings, profile))
            findings += len(row_findings)
        changed += refinding.refind(refound)
        done += len(rows)
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
    taking the code another document of its department's name has, else by the name).

    It reads from each stored document only what these need — its department, title and
    project name (JSON paths the database extracts) — and the 二级指标 of its indicator rows (the
    columns that copy them), not the whole document: the review reads each document once."""

    def __init__(self, querysets: list[QuerySet[Any]], reviewed: int) -> None:
        self.detected: set[str | None] = set()
        departments: list[tuple[int, int, str | None, str]] = []  # queryset, pk, code, name
        for n, rows in enumerate(querysets):
            level2s = _level2s(rows) if n < reviewed else {}
            # JSON values, read in one pass over each document (a text path would give a JSON
            # null as "null" on SQLite)
            keys = ("department", "title", "project") if n < reviewed else ("department",)
            heads = rows.values_list("pk", document_column.Keys("document", *keys))
            for pk, (department, *texts) in heads.iterator(_CHUNK):
                code, name = department.get("code"), department["name"]
                if n < reviewed:
                    title, project = texts
                    found = detect_profile_of(
                        title, name, (project or {}).get("name", ""), level2s.get(pk, ())
                    )
                    self.detected.add(found)
                departments.append((n, pk, code, name))
        codes = {name: code for _, _, code, name in departments if code}
        self.families: dict[str, list[list[int]]] = {}
        for n, pk, code, name in departments:
            known = code or codes.get(name)
            key = f"code {known[:3]}" if known else f"name {name}"
            self.families.setdefault(key, [[] for _ in querysets])[n].append(pk)


def _level2s(rows: QuerySet[Any]) -> dict[int, set[str]]:
    """The 二级指标 of the indicator rows of each version of ``rows``, by primary key."""
    owner = "project" if rows.model is models.Project else "evaluation"
    indicators = models.Indicator if owner == "project" else models.IndicatorResult
    found: dict[int, set[str]] = {}
    seen: dict[str, str] = {}  # one string for each 二级指标 named (a few dozen for a year)
    children = indicators.objects.filter(**{f"{owner}__in": rows.values("pk")}).order_by()
    for pk, level2 in children.values_list(f"{owner}_id", "level2").distinct().iterator(_CHUNK):
        found.setdefault(pk, set()).add(seen.setdefault(level2, level2))
    return found


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

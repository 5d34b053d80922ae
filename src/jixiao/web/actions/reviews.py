"""重新审核: the current versions of a budget year reviewed again under the profile in force."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from jixiao.domain.profiles import ProfileError
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
    """
    current = models.SelfEvaluation.objects.filter(is_current=True).order_by("pk")
    rows: list[storage.Stored] = [
        *models.Project.objects.filter(year=year, is_current=True).order_by("pk"),
        *current.filter(year=year),
    ]
    if progress is not None:
        progress(0, len(rows))
    context = [storage.load(row) for row in current.filter(year=year - 1)]
    documents = [storage.load(row) for row in rows]
    profile = engines.review_profile(documents)
    found = engines.review_per_document([*documents, *context], profile)[: len(rows)]
    changed = 0
    for done, (row, findings) in enumerate(zip(rows, found, strict=True), start=1):
        changed += storage.refind(row, findings, engines.stamp(findings, profile))
        if progress is not None:
            progress(done, len(rows))
    summary = {
        "year": year,
        "profile": profile,
        "documents": len(rows),
        "changed": changed,
        "findings": sum(len(f) for f in found),
    }
    record(actor, models.AuditEntry.Action.REVIEW_YEAR, ("year", year, str(year)), new=summary)
    return summary


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

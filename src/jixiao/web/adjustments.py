"""人工调整 kept with each self-evaluation version, so that lists of them are a query.

:func:`refresh` scores a version and stores its adjustments (rows whose stated score is not the
rules', :func:`jixiao.domain.evaluating.adjustments`) in ``SelfEvaluation.adjustments`` with the
name of the scoring profile used; it runs when a self-evaluation is saved. :func:`of` reads them
back, scoring once a version stored before (an import) or under another profile.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.domain import evaluating
from jixiao.domain.evaluating import Adjustment
from jixiao.web import engines, models, storage

__all__ = ["of", "refresh"]


def _profile(row: models.SelfEvaluation) -> str:
    return engines.scoring_profile("department" if row.scope == "department" else "project").name


def refresh(row: models.SelfEvaluation) -> list[Adjustment]:
    """Score ``row`` and store its adjustments; they are returned."""
    document = storage.self_evaluation(row)
    found = evaluating.adjustments(engines.score(document), document)
    row.adjustments = {"profile": _profile(row), "rows": [_dump(a) for a in found]}
    models.SelfEvaluation.objects.filter(pk=row.pk).update(adjustments=row.adjustments)
    return found


def of(row: models.SelfEvaluation) -> list[Adjustment]:
    """The adjustments of ``row`` as stored (scored now when they are not, or are stale)."""
    kept = row.adjustments
    if not isinstance(kept, dict) or kept.get("profile") != _profile(row):
        return refresh(row)
    return [_load(item) for item in kept["rows"]]


def _dump(a: Adjustment) -> dict[str, Any]:
    return {
        "index": a.index,
        "where": a.where,
        "computed": None if a.computed is None else str(a.computed),
        "claimed": None if a.claimed is None else str(a.claimed),
        "reason": a.reason,
    }


def _load(item: dict[str, Any]) -> Adjustment:
    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return Adjustment(
        item["index"], item["where"], number(item["computed"]), number(item["claimed"]),
        item["reason"],
    )  # fmt: skip

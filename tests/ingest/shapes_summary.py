"""A compact, format-independent account of the documents read from a shape fixture."""

from __future__ import annotations

from typing import Any

from jixiao.domain.model import Document

_SKIP = {
    "id",
    "source",
    "indicators",
    "tasks",
    "goals",
    "kind",
    "budget",
    "funding_sources",
    "goal_sources",
    "goals_cell",
}


def summary(document: Document) -> dict[str, Any]:
    """Every field that was read (None and empty left out), indicators as short rows; no cell
    addresses or file names, so that .xlsx, .xls and .docx of a shape give the same summary."""
    data = document.model_dump(mode="json", exclude=_SKIP, exclude_none=True)
    fields = {k: v for k, v in data.items() if v not in ((), [], {})}
    budget = document.budget.model_dump(mode="json", exclude={"source"}, exclude_none=True)
    rows = []
    for row in document.indicators:
        actual = getattr(row, "actual", None)
        rows.append(
            [row.level1, row.level2, row.level3, row.target.raw,
             actual.raw if actual is not None else None,
             str(row.weight) if row.weight is not None else None, row.direction]
        )  # fmt: skip
    extra: dict[str, Any] = {}
    if getattr(document, "tasks", ()):
        extra["tasks"] = [
            [t.category, t.name, t.content, str(t.amount)]
            for t in document.tasks  # type: ignore[union-attr]
        ]
    if getattr(document, "funding_sources", ()):
        extra["funding_sources"] = [
            [f.name, str(f.amount)]
            for f in document.funding_sources  # type: ignore[union-attr]
        ]
    goals = [g if isinstance(g, str) else [g.target, g.actual] for g in document.goals]
    return {"kind": document.kind, **fields, "budget": budget, "goals": goals, **extra,
            "indicators": rows}  # fmt: skip

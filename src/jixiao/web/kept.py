"""Kept rows (保留的统计): rows derived from the stored versions — the totals
(:mod:`jixiao.web.totals`), the monitoring overview's rows (:mod:`jixiao.web.monitored`) —
replaced by a recount of the departments an action touched."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["CHUNK", "replace"]

CHUNK = 500  # departments per statement

Recount = Callable[[list[int] | None, Any], list[Any]]


def replace(model: str, recount: Recount, departments: Iterable[int] | None, registry: Any) -> None:
    """Replace the rows of ``model`` of ``departments`` (None: every department) by
    ``recount(departments, registry)`` (``registry``: the app registry, a migration's
    historical one)."""
    kept = registry.get_model("jixiao", model)
    if departments is None:
        kept.objects.all().delete()
        kept.objects.bulk_create(recount(None, registry), batch_size=1000)
        return
    ids = sorted(set(departments))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        kept.objects.filter(department_id__in=chunk).delete()
        kept.objects.bulk_create(recount(chunk, registry), batch_size=1000)

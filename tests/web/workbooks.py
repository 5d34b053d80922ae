"""Workbooks of many target tables for the import preview: the seed's target tables, one sheet
each, repeated with a numbered project name (第 n 张) until there are as many as asked."""

from __future__ import annotations

from functools import cache

from jixiao import export, ingest
from jixiao.demo import seed_paths
from jixiao.domain.model import TargetTable


@cache
def _seed_tables() -> list[TargetTable]:
    return [d for p in seed_paths() for d in ingest.read_path(p) if isinstance(d, TargetTable)]


@cache
def workbook(tables: int) -> bytes:
    """An .xlsx of ``tables`` target tables; past the seed's own, copies with 「（第 n 张）」 after the project name and the title."""
    seed = _seed_tables()
    numbered = [
        t if n < len(seed) else _numbered(t, n + 1)
        for n, t in ((n, seed[n % len(seed)]) for n in range(tables))
    ]
    return export.write(numbered, "xlsx")


def _numbered(table: TargetTable, n: int) -> TargetTable:
    """The table with 「（第 n 张）」 after its project name and its title."""
    project = table.project.model_copy(update={"name": f"{table.project.name}（第 {n} 张）"})
    return table.model_copy(update={"project": project, "title": f"{table.title}（第 {n} 张）"})

"""Long-format exports: a 项目信息 table (one row per project) beside an 指标信息 table.

Budget systems export target tables as two sheets keyed by 项目编码: the project's fields in one,
one row per indicator in the other. The project list is found here; the builder joins each
project's fields to its indicator rows, so every project becomes one document and no indicator
is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.ingest.grid import Cell
from jixiao.ingest.layout import SHARED, Segment, header_fields, key

#: why a project row was not read
UNJOINED = "project list row: no indicator row has its 项目编码"


@dataclass
class Catalogue:
    """Projects by 项目编码 (field → cell) and the project-list segments they came from."""

    projects: dict[str, dict[str, Cell]] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)  # grid row index of each list's heading

    def add(self, segment: Segment) -> bool:
        """Read ``segment`` when it is a project list (a 项目编码 + 项目名称 heading, no
        indicators); False otherwise."""
        rows = segment.grid.rows[segment.start : segment.end]
        for index, row in enumerate(rows):
            fields = {i: f for i, f in header_fields(row).items() if f in SHARED}
            if {"code", "project"} <= set(fields.values()):
                self.segments.append(segment)
                self.headings.append(segment.start + index)
                self._rows(rows[index + 1 :], fields)
                return True
        return False

    def _rows(self, rows: list[list[Cell]], fields: dict[int, str]) -> None:
        column = next(i for i, f in fields.items() if f == "code")
        for row in rows:
            if column >= len(row) or not row[column].text.strip():
                continue
            cells = {f: row[i] for i, f in fields.items() if i < len(row) and row[i].text.strip()}
            self.projects.setdefault(key(row[column].text), cells)

    def fields(self, code: Cell | None) -> dict[str, Cell]:
        """The project fields of ``code`` (empty when it is not listed)."""
        return dict(self.projects.get(key(code.text), {})) if code is not None else {}

    def heading(self, segment: Segment) -> list[Cell]:
        return segment.grid.rows[self.headings[self.segments.index(segment)]]

    def body(self) -> list[list[Cell]]:
        """The rows of the project lists below their headings."""
        return [
            row
            for segment, heading in zip(self.segments, self.headings, strict=True)
            for row in segment.grid.rows[heading + 1 : segment.end]
        ]

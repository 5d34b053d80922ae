"""A document's official layout (:mod:`jixiao.export.layout`, the one drawn by the .xlsx and
.docx writers) as the rows of an HTML table, for the disclosure page of one table."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.domain.model import Document
from jixiao.export.docx_ import text
from jixiao.export.layout import sheet


@dataclass(frozen=True)
class HtmlCell:
    text: str
    style: str
    colspan: int
    rowspan: int


@dataclass(frozen=True)
class Layout:
    title: str
    year: str
    unit: str
    header: int | None  # the index of the indicator header row
    rows: list[list[HtmlCell]]


def layout(document: Document) -> Layout:
    """The title, the line under it and the grid of ``document``, row by row."""
    drawn = sheet(document)
    rows: list[list[HtmlCell]] = [[] for _ in range(drawn.rows)]  # a row may be all merged
    for placed in sorted(drawn.cells, key=lambda p: (p.row, p.column)):
        cell = placed.cell
        rows[placed.row].append(HtmlCell(text(placed), cell.style, cell.span, cell.down))
    return Layout(drawn.title, drawn.year, drawn.unit, drawn.header, rows)

"""Word documents (.docx) read with python-docx: every table becomes a grid.

Cells spanning columns (``gridSpan``) and rows (``vMerge``) are repeated as merged copies; the
short paragraphs before a table are kept as its context (they hold the form's title). Cell
addresses are ``table 2 row 5 cell 3`` (1-based; cell counts grid columns).
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.opc.exceptions import OpcError
from docx.oxml.exceptions import InvalidXmlError
from docx.oxml.ns import qn

from jixiao.domain.model import Document
from jixiao.ingest.build import read_grids
from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.layout import find_header
from jixiao.ingest.normalise import display
from jixiao.ingest.office import damaged, documents
from jixiao.ingest.report import FileReport
from jixiao.ingest.safety import MAX_COLUMNS, check_rows, open_zip

_CONTEXT = 3  # paragraphs kept before a table
_TITLE_LENGTH = 80


class DocxReader:
    name = "Word document (.docx)"

    def sniff(self, name: str, head: bytes) -> bool:
        return name.lower().endswith(".docx") or (head.startswith(b"PK") and b"word/" in head)

    def read(self, name: str, data: bytes) -> list[Document]:
        return documents(report(name, data))

    def report(self, name: str, data: bytes) -> FileReport:
        return report(name, data)


def report(name: str, data: bytes, reader: str = DocxReader.name) -> FileReport:
    return read_grids(name, reader, grids(name, data))


def grids(name: str, data: bytes) -> list[Grid]:
    open_zip(name, data)
    with damaged(name, "the Word document", OpcError, InvalidXmlError):
        document = docx.Document(io.BytesIO(data))
        body = list(document.element.body.iterchildren())
    return _grids(name, body)


def _grids(name: str, body: list[Any]) -> list[Grid]:
    """A grid per table; an indicator table that follows a form table with nothing but empty
    paragraphs between them continues it (jixiao's .docx export, Word's split tables)."""
    grids: list[Grid] = []
    context: list[str] = []
    tables = 0
    adjacent = False
    for element in body:
        if element.tag == qn("w:p"):
            text = _text(element)
            if text and len(text) <= _TITLE_LENGTH:
                context = [*context, text][-_CONTEXT:]
            adjacent = adjacent and not text
        elif element.tag == qn("w:tbl"):
            tables += 1
            with damaged(name, f"table {tables}", InvalidXmlError):  # e.g. w:gridSpan without w:val
                table = _table(name, element, tables, tuple(context))
            if adjacent and _continues(grids[-1], table):
                grids[-1] = _join(grids[-1], table)
            else:
                grids.append(table)
            context = []
            adjacent = True
    return grids


_T, _BR, _CR, _TAB = qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")
_BREAKS = {_BR: "\n", _CR: "\n", _TAB: " "}


def _continues(first: Grid, second: Grid) -> bool:
    """``second`` is the indicator table of the form ``first`` (no header of its own yet)."""
    return (
        find_header(second.rows, 0, min(1, len(second.rows))) is not None
        and find_header(first.rows, 0, len(first.rows)) is None
    )


def _join(first: Grid, second: Grid) -> Grid:
    """``second`` continued under ``first`` (rows padded to the wider of the two)."""
    rows = [*first.rows, *second.rows]
    width = max(len(row) for row in rows)
    for row in rows:
        if row and len(row) < width:
            where = row[0].address.rsplit(" cell ", 1)[0]
            row.extend(Cell("", f"{where} cell {c}") for c in range(len(row) + 1, width + 1))
    return Grid(first.name, rows, first.context)


def _text(element: Any) -> str:
    paragraphs = element.iter(qn("w:p")) if element.tag != qn("w:p") else [element]
    text = "\n".join(_runs(p) for p in paragraphs)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _runs(paragraph: Any) -> str:
    """A paragraph's text with its line breaks (``w:br``, ``w:cr``) and tabs kept."""
    parts: list[str] = []
    for element in paragraph.iter(_T, _BR, _CR, _TAB):
        parts.append(element.text or "" if element.tag == _T else _BREAKS[element.tag])
    return "".join(parts)


def _table(name: str, table: Any, number: int, context: tuple[str, ...]) -> Grid:
    where = f"table {number}"
    rows: list[list[Cell]] = []
    for r, tr in enumerate(table.iterchildren(qn("w:tr")), start=1):
        check_rows(name, where, r)
        rows.append(_row(tr, r, where, rows[-1] if rows else []))
    width = max((len(row) for row in rows), default=0)
    for r, row in enumerate(rows, start=1):
        row.extend(Cell("", f"{where} row {r} cell {c}") for c in range(len(row) + 1, width + 1))
    return Grid(where, rows, context)


def _row(tr: Any, r: int, where: str, above: list[Cell]) -> list[Cell]:
    row: list[Cell] = []
    before = tr.find(qn("w:trPr"))
    skip = 0
    if before is not None and (grid_before := before.find(qn("w:gridBefore"))) is not None:
        skip = int(grid_before.get(qn("w:val"), "0"))
    row.extend(Cell("", f"{where} row {r} cell {c + 1}") for c in range(skip))
    for tc in tr.iterchildren(qn("w:tc")):
        column = len(row)
        if column >= MAX_COLUMNS:
            break
        address = f"{where} row {r} cell {column + 1}"
        span = tc.grid_span if hasattr(tc, "grid_span") else 1
        if tc.vMerge == "continue" and column < len(above):
            first = Cell(above[column].text, address, above[column].value, above[column].origin)
        else:
            text = display(_text(tc))
            first = Cell(text, address, text)
        row.append(first)
        for extra in range(1, span):
            row.append(
                Cell(
                    first.text,
                    f"{where} row {r} cell {column + extra + 1}",
                    first.value,
                    first.origin,
                )
            )
    return row


READER = DocxReader()

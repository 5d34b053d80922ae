"""Excel workbooks (.xlsx, .xlsm) read with openpyxl in read-only (streaming) mode.

Read-only mode does not expose merged ranges, so they are read from each sheet's XML: the
``<mergeCell ref="…">`` elements after the cells (found in the part's bytes, not by parsing every
cell a second time). Rows come padded to :data:`MAX_COLUMNS` by openpyxl; the padding is dropped
before any cell is looked at (it was most of the work on wide sheets). Values are displayed as Excel shows them (see :func:`normalise.display`); every
cell's address is ``Sheet!C12``.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
from defusedxml import ElementTree
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.utils.cell import range_boundaries

from jixiao.domain.model import Document
from jixiao.ingest.build import read_grids
from jixiao.ingest.errors import ReadError
from jixiao.ingest.grid import Cell, Grid, column_letter, fill_merges
from jixiao.ingest.normalise import display
from jixiao.ingest.office import DAMAGED, damaged, documents
from jixiao.ingest.report import FileReport
from jixiao.ingest.safety import MAX_COLUMNS, check_cells, check_rows, open_zip

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MERGE_CELL = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")


class XlsxReader:
    name = "Excel workbook (.xlsx)"

    def sniff(self, name: str, head: bytes) -> bool:
        return name.lower().endswith((".xlsx", ".xlsm")) or (
            head.startswith(b"PK") and b"xl/" in head
        )

    def read(self, name: str, data: bytes) -> list[Document]:
        return documents(report(name, data))

    def report(self, name: str, data: bytes) -> FileReport:
        return report(name, data)


def report(name: str, data: bytes) -> FileReport:
    return read_grids(name, XlsxReader.name, grids(name, data))


def grids(name: str, data: bytes) -> list[Grid]:
    archive = open_zip(name, data)
    merges = _merges(name, archive)
    with damaged(name, "the workbook", OSError):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [_sheet(name, sheet, merges.get(sheet.title, [])) for sheet in book.worksheets]
    finally:
        book.close()


def _sheet(name: str, sheet: Any, merges: list[tuple[int, int, int, int]]) -> Grid:
    with damaged(name, "the sheet", OSError, table=sheet.title):
        return _grid(name, sheet, merges)


def _grid(name: str, sheet: Any, merges: list[tuple[int, int, int, int]]) -> Grid:
    rows: list[list[Cell]] = []
    for number, values in enumerate(_rows(sheet), start=1):
        check_rows(name, sheet.title, number)
        rows.append(
            [
                Cell(display(v, f), f"{sheet.title}!{column_letter(i)}{number}", v)
                for i, (v, f) in enumerate(values)
            ]
        )
    width = max((len(r) for r in rows), default=0)
    check_cells(name, sheet.title, len(rows), width)
    for number, row in enumerate(rows, start=1):
        row.extend(
            Cell("", f"{sheet.title}!{column_letter(i)}{number}") for i in range(len(row), width)
        )
    return Grid(sheet.title, fill_merges(rows, merges))


def _rows(sheet: Any) -> Iterator[list[tuple[object, str | None]]]:
    for row in sheet.iter_rows(max_col=MAX_COLUMNS):
        end = len(row)
        while end and row[end - 1] is EMPTY_CELL:  # openpyxl's padding (one shared object)
            end -= 1
        values = [(getattr(c, "value", None), getattr(c, "number_format", None)) for c in row[:end]]
        while values and values[-1][0] in (None, ""):
            values.pop()
        yield values


def _merges(name: str, archive: zipfile.ZipFile) -> dict[str, list[tuple[int, int, int, int]]]:
    """Sheet title → merged ranges (0-based top, left, bottom, right), from the sheet XML."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError as exc:
        raise ReadError(name, "not an Excel workbook (no xl/workbook.xml)") from exc
    except DAMAGED as exc:
        raise ReadError(name, "the workbook's sheet list is damaged (xl/workbook.xml)") from exc
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    found: dict[str, list[tuple[int, int, int, int]]] = {}
    parts = set(archive.namelist())
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        if path in parts:
            with damaged(name, f"part {path}"):
                found[sheet.get("name", "")] = list(_sheet_merges(archive, path))
    return found


def _sheet_merges(archive: zipfile.ZipFile, path: str) -> Iterator[tuple[int, int, int, int]]:
    """The merged ranges of one sheet part, from the ``<mergeCells>`` after its ``<sheetData>``."""
    xml = archive.read(path)
    tail = xml[max(0, xml.rfind(b"sheetData")) :]
    for ref in _MERGE_CELL.findall(tail):
        left, top, right, bottom = range_boundaries(ref.decode("ascii", "replace"))
        if left and top and right and bottom:  # not whole rows or columns (A:A, 1:2)
            yield top - 1, left - 1, bottom - 1, right - 1


READER = XlsxReader()

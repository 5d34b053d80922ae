"""Legacy Excel workbooks (.xls, BIFF) read with xlrd, merged ranges and number formats kept."""

from __future__ import annotations

from typing import Any

import xlrd

from jixiao.domain.model import Document
from jixiao.ingest.build import read_grids
from jixiao.ingest.errors import ReadError
from jixiao.ingest.grid import Cell, Grid, column_letter, fill_merges
from jixiao.ingest.normalise import display
from jixiao.ingest.office import documents
from jixiao.ingest.report import FileReport
from jixiao.ingest.safety import MAX_COLUMNS, check_rows, is_ole, refuse_encrypted_package


class XlsReader:
    name = "Excel 97-2003 workbook (.xls)"

    def sniff(self, name: str, head: bytes) -> bool:
        return name.lower().endswith(".xls") or (
            is_ole(head) and "Workbook".encode("utf-16-le") in head
        )

    def read(self, name: str, data: bytes) -> list[Document]:
        return documents(report(name, data))

    def report(self, name: str, data: bytes) -> FileReport:
        return report(name, data)


def report(name: str, data: bytes) -> FileReport:
    return read_grids(name, XlsReader.name, grids(name, data))


def grids(name: str, data: bytes) -> list[Grid]:
    refuse_encrypted_package(name, data)
    if not is_ole(data):
        raise ReadError(name, "not an Excel 97-2003 workbook (.xls)")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ReadError(
                name, "the workbook is password-protected: remove the password"
            ) from exc
        raise ReadError(name, f"not a readable .xls workbook ({exc})") from exc
    except (AssertionError, IndexError, ValueError, KeyError) as exc:
        raise ReadError(name, "the .xls workbook is damaged or truncated") from exc
    return [_grid(name, book, book.sheet_by_index(i)) for i in range(book.nsheets)]


def _grid(name: str, book: Any, sheet: Any) -> Grid:
    check_rows(name, sheet.name, sheet.nrows)
    width = min(sheet.ncols, MAX_COLUMNS)
    rows = [[_cell(book, sheet, r, c) for c in range(width)] for r in range(sheet.nrows)]
    merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
    return Grid(sheet.name, fill_merges(rows, merges))


def _cell(book: Any, sheet: Any, row: int, col: int) -> Cell:
    cell = sheet.cell(row, col)
    address = f"{sheet.name}!{column_letter(col)}{row + 1}"
    value: object = cell.value
    number_format = None
    if cell.ctype == xlrd.XL_CELL_DATE:
        value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
    elif cell.ctype == xlrd.XL_CELL_NUMBER:
        xf = book.xf_list[sheet.cell_xf_index(row, col)]
        number_format = book.format_map[xf.format_key].format_str
    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        value = None
    return Cell(display(value, number_format), address, value)


READER = XlsReader()

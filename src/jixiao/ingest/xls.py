"""Legacy Excel workbooks (.xls, BIFF) read with xlrd, merged ranges and number formats kept."""

from __future__ import annotations

import io
from typing import Any

import xlrd
from xlrd.compdoc import CompDocError
from xlrd.formula import FormulaError

from jixiao.domain.model import Document
from jixiao.ingest.build import read_grids
from jixiao.ingest.errors import ReadError
from jixiao.ingest.grid import Cell, Grid, column_letter, fill_merges
from jixiao.ingest.normalise import display
from jixiao.ingest.office import damaged, documents
from jixiao.ingest.report import FileReport
from jixiao.ingest.safety import (
    MAX_COLUMNS,
    check_cells,
    check_rows,
    is_ole,
    refuse_encrypted_package,
)

_XLRD = (xlrd.biffh.XLRDError, CompDocError, FormulaError)  # a damaged defined name: FormulaError


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
        with damaged(name, "the .xls workbook", *_XLRD):
            book = xlrd.open_workbook(
                file_contents=data,
                formatting_info=True,
                on_demand=True,
                ragged_rows=True,  # not padded by xlrd: a stray cell far out costs nothing
                logfile=io.StringIO(),
            )
    except ReadError as error:
        if "encrypted" in str(error.__cause__).lower():
            raise ReadError(
                name, "the workbook is password-protected: remove the password"
            ) from error
        raise
    return [_sheet(name, book, index) for index in range(book.nsheets)]


def _sheet(name: str, book: Any, index: int) -> Grid:
    with damaged(name, f"sheet {index + 1} of the .xls workbook", *_XLRD):
        return _grid(name, book, book.sheet_by_index(index))


def _grid(name: str, book: Any, sheet: Any) -> Grid:
    check_rows(name, sheet.name, sheet.nrows)
    width = min(sheet.ncols, MAX_COLUMNS)
    check_cells(name, sheet.name, sheet.nrows, width)
    rows = [_row(book, sheet, r, width) for r in range(sheet.nrows)]
    merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
    return Grid(sheet.name, fill_merges(rows, merges))


def _row(book: Any, sheet: Any, row: int, width: int) -> list[Cell]:
    """One row padded with empty cells to ``width`` (the sheet's widest row, up to MAX_COLUMNS)."""
    length = min(sheet.row_len(row), width)
    cells = [_cell(book, sheet, row, c) for c in range(length)]
    cells.extend(Cell("", _address(sheet, row, c)) for c in range(length, width))
    return cells


def _address(sheet: Any, row: int, col: int) -> str:
    return f"{sheet.name}!{column_letter(col)}{row + 1}"


def _cell(book: Any, sheet: Any, row: int, col: int) -> Cell:
    cell = sheet.cell(row, col)
    address = _address(sheet, row, col)
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

"""Excel workbooks (.xlsx) written with openpyxl: one sheet per document in the official layout.

Each sheet has the title over the table, the 年度 / 单位：万元 line, merged cells as in the
published tables, column widths for Chinese text, and A4 page setup (landscape where the table is
wide, fit to the page width, the indicator header repeated on every page, “第 1 页 共 3 页”).
Amounts are numbers (exact decimals in the file), rates are percentages (86.1% is 0.861).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.domain.model import Document
from jixiao.export.layout import Placed, Sheet, sheet
from jixiao.export.writer import Writer

_TOP = 2  # rows above the table: the title and the 年度 / 单位 line
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "宋体"
_FORMATS = {"amount": "0.00##", "percent": "0.0##%", "points": "General"}
_PAGE_UNITS = {False: 92, True: 138}  # printable A4 width in Excel units (portrait, landscape)
_UNITS_PER_CHARACTER = 1.9  # a 10-pt CJK character in Excel width units
_LINE_POINTS = 13.5  # a line of 10-pt text
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write(documents: Sequence[Document]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    names: set[str] = set()
    for index, document in enumerate(documents, start=1):
        draw(book.create_sheet(_name(index, document, names)), sheet(document))
    if not documents:
        book.create_sheet("空")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _name(index: int, document: Document, taken: set[str]) -> str:
    """A unique sheet name (≤ 31 characters, none of []:*?/\\): ``1.项目名称``."""
    project = getattr(document.project, "name", "") if document.project else ""
    base = name = _SHEET_NAME.sub("", f"{index}.{project or document.title}")[:31]
    while name in taken:
        name = f"{base[:27]}~{len(taken)}"
    taken.add(name)
    return name


def draw(ws: Worksheet, layout: Sheet) -> None:
    """Draw ``layout`` on the worksheet ``ws``."""
    last = get_column_letter(layout.columns)
    ws.merge_cells(f"A1:{last}1")
    _put(ws["A1"], layout.title, Font(name=_FONT, size=16, bold=True), "center")
    half = max(1, layout.columns // 2)
    _put(ws["A2"], layout.year or None, Font(name=_FONT, size=11), "left")
    _put(ws.cell(2, half + 1), layout.unit, Font(name=_FONT, size=11), "right")
    if layout.columns > half + 1:
        ws.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=layout.columns)
    for placed in layout.cells:
        _draw(ws, placed)
    units = _units(layout)
    for index, width in enumerate(units, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row, height in _heights(layout, units).items():
        ws.row_dimensions[row + _TOP + 1].height = height
    _page(ws, layout)


def _units(layout: Sheet) -> list[float]:
    """Column widths in Excel units, scaled so the table fills the printable A4 width."""
    page = _PAGE_UNITS[layout.landscape]
    return [round(page * w / sum(layout.widths), 1) for w in layout.widths]


def _heights(layout: Sheet, units: list[float]) -> dict[int, float]:
    """Row heights (points) that show every line of wrapped text (Excel does not fit them)."""
    heights: dict[int, float] = {}
    for placed in layout.cells:
        if placed.cell.down > 1 or placed.cell.value is None:
            continue
        width = sum(units[placed.column : placed.column + placed.cell.span])
        per_line = max(1, int(width / _UNITS_PER_CHARACTER))
        text = str(placed.cell.value)
        lines = sum(-(-len(line) // per_line) or 1 for line in text.split("\n"))
        heights[placed.row] = max(heights.get(placed.row, 0), lines * _LINE_POINTS + 4)
    return heights


def _draw(ws: Worksheet, placed: Placed) -> None:
    row, column, cell = placed.row + _TOP + 1, placed.column + 1, placed.cell
    bold = cell.style in ("label", "heading")
    value = cell.value
    if cell.style == "percent" and isinstance(value, Decimal):
        value = value / 100
    align = "center" if bold or cell.style == "level" or isinstance(value, Decimal) else "left"
    target = ws.cell(row, column)
    _put(target, value, Font(name=_FONT, size=10, bold=bold), align)
    if isinstance(value, Decimal):
        target.number_format = _FORMATS.get(cell.style, "General")
    if cell.span > 1 or cell.down > 1:
        ws.merge_cells(start_row=row, start_column=column,
                       end_row=row + cell.down - 1, end_column=column + cell.span - 1)  # fmt: skip
    for r in range(row, row + cell.down):
        for c in range(column, column + cell.span):
            ws.cell(r, c).border = _BORDER


def _put(target: XCell | MergedCell, value: str | Decimal | None, font: Font, align: str) -> None:
    target.value = value
    if isinstance(value, str) and value.startswith("="):
        target.data_type = "s"  # a target like "=100%" is text, never a formula
    target.font = font
    target.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)


def _page(ws: Worksheet, layout: Sheet) -> None:
    """A4, landscape where wide, fit to the page width, header repeated, 第 1 页 共 3 页."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if layout.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    if layout.header is not None:
        header = layout.header + _TOP + 1
        ws.print_title_rows = f"{header}:{header}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"  # type: ignore[union-attr]


WRITER = Writer("xlsx", ".xlsx", MEDIA_TYPE, write)

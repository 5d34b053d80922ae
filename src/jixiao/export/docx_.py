"""Word documents (.docx) written with python-docx: every document on its own A4 pages.

Each document is its title paragraph, then the form area and the indicator table as two tables
with a 1-pt empty paragraph between them (the page shows one table; the .docx reader joins an
indicator table to the form table before it), so that the indicator header — the first row of
the second table — repeats on every page. The footer says
“第 1 页 共 3 页” (PAGE / NUMPAGES fields). Cells merge as in the published tables.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jixiao.domain.model import Document
from jixiao.export.layout import Placed, Sheet, sheet
from jixiao.export.writer import Writer

_FONT = "宋体"
_A4 = (Cm(21.0), Cm(29.7))
_MARGIN = Cm(1.5)
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def write(documents: Sequence[Document]) -> bytes:
    """One .docx: the documents one after another, each starting on a new page."""
    out = docx.Document()
    _fonts(out)
    for index, document in enumerate(documents):
        layout = sheet(document)
        section = out.add_section(WD_SECTION.NEW_PAGE) if index else out.sections[0]
        _page(section, layout)
        draw(out, layout)
    _footer(out.sections[0])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def text(placed: Placed) -> str:
    """The text of a cell as printed: amounts exact, rates with %."""
    value, style = placed.cell.value, placed.cell.style
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f") + ("%" if style == "percent" else "")
    return value


def draw(out: Any, layout: Sheet) -> None:
    """The title paragraph and the two tables (form area, indicator table) of ``layout``."""
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(layout.title)
    run.bold, run.font.size = True, Pt(16)
    header = layout.header if layout.header is not None else layout.rows
    form = _table(out, layout, header + 1)
    half = layout.columns // 2
    _row(form, [(0, half, layout.year), (half, layout.columns, layout.unit)])
    for placed in layout.cells:
        if placed.row < header:
            _cell(form, placed, 1)
    if header < layout.rows:
        _joint(out)
        body = _table(out, layout, layout.rows - header)
        _repeat(body.table.rows[0])
        for placed in layout.cells:
            if placed.row >= header:
                _cell(body, placed, -header)


class _Grid:
    """A new table and its cells by position, taken once before any merge (python-docx's
    ``table.cell`` walks the whole table on every call)."""

    def __init__(self, table: Any, columns: int) -> None:
        self.table = table
        self.columns = columns
        self.cells = list(table._cells)

    def cell(self, row: int, column: int) -> Any:
        return self.cells[row * self.columns + column]


def _table(out: Any, layout: Sheet, rows: int) -> _Grid:
    table = out.add_table(rows=rows, cols=layout.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    section = out.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(layout.widths)
    for row in table.rows:  # a row stays on one page (w:cantSplit), as in the printed tables
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for column, width in zip(table.columns, layout.widths, strict=True):
        column.width = int(usable * width / total)  # w:gridCol, which LibreOffice follows
        for cell in column.cells:
            cell.width = column.width  # w:tcW, which Word follows
    return _Grid(table, layout.columns)


def _row(table: _Grid, parts: list[tuple[int, int, str]]) -> None:
    """The 年度 / 单位 line (the first row): texts over column ranges, without borders."""
    for start, end, value in parts:
        cell = table.cell(0, start).merge(table.cell(0, max(start, end - 1)))
        _text(cell, value)
        cell.paragraphs[0].alignment = (
            WD_ALIGN_PARAGRAPH.RIGHT if start else WD_ALIGN_PARAGRAPH.LEFT
        )
        _no_borders(cell)


def _cell(table: _Grid, placed: Placed, shift: int) -> None:
    row, column, cell = placed.row + shift, placed.column, placed.cell
    target = table.cell(row, column)
    if cell.span > 1 or cell.down > 1:
        target = target.merge(table.cell(row + cell.down - 1, column + cell.span - 1))
    bold = cell.style in ("label", "heading")
    centred = bold or cell.style == "level" or isinstance(cell.value, Decimal)
    _text(target, text(placed), bold)
    target.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    for paragraph in target.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT


def _text(cell: Any, value: str, bold: bool = False) -> None:
    """Each line of ``value`` as a paragraph of its own (the reader joins paragraphs with \\n)."""
    lines = value.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.bold = bold


def _joint(out: Any) -> None:
    """A 1-pt empty paragraph between the two tables: Word and LibreOffice keep them apart (so
    the second one's header repeats), the page shows one table, the reader joins them."""
    paragraph = out.add_paragraph()
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.add_run().font.size = Pt(1)


def _repeat(row: Any) -> None:
    """Mark ``row`` as a header row repeated at the top of every page (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _no_borders(cell: Any) -> None:
    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties.append(borders)


def _fonts(out: Any) -> None:
    """宋体 (any CJK serif where it is missing), 10.5 pt, for Chinese and Latin text alike."""
    normal = out.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _FONT)


def _page(section: Any, layout: Sheet) -> None:
    width, height = _A4
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)


def _footer(section: Any) -> None:
    """第 PAGE 页 共 NUMPAGES 页, centred."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" 页 共 ")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")


def _field(paragraph: Any, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = "1"
    run.append(value)
    field.append(run)
    paragraph._p.append(field)


WRITER = Writer("docx", ".docx", MEDIA_TYPE, write)

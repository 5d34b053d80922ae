"""The review report as a workbook: one row per project (审核情况汇总表).

Columns: number, file, place (sheet/page), budget unit, project, table, budget (万元), grade,
conclusion, counts by severity, then one column per category with its numbered opinions
(“1. 【错误】…” one per line). A project is one row even when tables share a title.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from jixiao.domain.review.report import CATEGORIES, ProjectReview
from jixiao.export.writer import Writer

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADINGS = (
    "序号", "文件", "位置", "预算单位", "项目名称", "表", "预算数（万元）", "建议等级",
    "审核结论", "错误", "警告", "提示", *(f"{c}意见" for c in CATEGORIES),
)  # fmt: skip
_WIDTHS = (6, 20, 16, 24, 28, 36, 12, 8, 10, 6, 6, 6, *(50 for _ in CATEGORIES))
_FONT = "宋体"


def write(reviews: Sequence[ProjectReview]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "审核情况"
    sheet.append(HEADINGS)
    for number, review in enumerate(reviews, start=1):
        sheet.append(row(number, review))
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.font = Font(name=_FONT, size=10, bold=cell.row == 1)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text from a table is never a formula
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(number: int, review: ProjectReview) -> list[object]:
    """The report row of one project."""
    opinions = review.opinions()
    counts = review.counts
    return [
        number,
        Path(review.document.source.file).name,
        review.place,
        review.unit,
        review.project,
        review.subject,
        review.budget,
        review.grade,
        review.conclusion,
        counts["error"],
        counts["warning"],
        counts["info"],
        *("\n".join(o.line() for o in opinions.get(c, [])) or None for c in CATEGORIES),
    ]


WRITER = Writer("xlsx", ".xlsx", MEDIA_TYPE, write)

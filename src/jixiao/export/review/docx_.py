"""The 审核意见书 (review opinion letter) as a Word document, one per project on its own pages.

Each letter: the heading, a table of the project's facts (unit, project, year, budget, table and
where it is), the numbered opinions per category (（一）完整性 … 1. 2. 3.) each with the basis of
its rule, and the conclusion 通过 / 修改后通过 / 退回 with the suggested grade and the counts.
A department batch is one file of letters.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from jixiao.domain.review.report import ProjectReview
from jixiao.export.writer import Writer

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADING = "绩效目标审核意见书"
_NUMERALS = "一二三四五六七八九十"
_FONT = "宋体"


def write(reviews: Sequence[ProjectReview]) -> bytes:
    out = docx.Document()
    normal = out.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _FONT)
    for index, review in enumerate(reviews):
        if index:
            out.add_section(WD_SECTION.NEW_PAGE)
        letter(out, review)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def letter(out: Any, review: ProjectReview) -> None:
    """One project's 审核意见书."""
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(HEADING)
    run.bold, run.font.size = True, Pt(18)
    _facts(out, review)
    out.add_paragraph().add_run("审核意见").bold = True
    opinions = review.opinions()
    if not opinions:
        out.add_paragraph("经审核，未发现问题。")
    for numeral, (category, found) in zip(_NUMERALS, opinions.items(), strict=False):
        out.add_paragraph().add_run(f"（{numeral}）{category}").bold = True
        for opinion in found:
            out.add_paragraph(opinion.line())
            if opinion.basis:
                basis = out.add_paragraph().add_run(f"依据：{opinion.basis}（规则 {opinion.rule}）")
                basis.font.size = Pt(9)
    counts = review.counts
    conclusion = out.add_paragraph()
    conclusion.add_run("审核结论：").bold = True
    conclusion.add_run(
        f"{review.conclusion}（建议等级：{review.grade}；错误 {counts['error']} 条，"
        f"警告 {counts['warning']} 条，提示 {counts['info']} 条）"
    )


def _facts(out: Any, review: ProjectReview) -> None:
    year = review.document.year
    budget = review.budget
    facts = (
        ("预算单位", review.unit),
        ("项目名称", review.project or review.subject),
        ("预算年度", f"{year}年" if year else ""),
        ("预算数（万元）", format(budget, "f") if budget is not None else ""),
        ("审核表", review.subject),
        ("文件及位置", f"{Path(review.document.source.file).name} {review.place}".strip()),
    )
    table = out.add_table(rows=len(facts), cols=2)
    table.style = "Table Grid"
    for cells, (name, value) in zip(table.rows, facts, strict=True):
        cells.cells[0].text = name
        cells.cells[1].text = value


WRITER = Writer("docx", ".docx", MEDIA_TYPE, write)

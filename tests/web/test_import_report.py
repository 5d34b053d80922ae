"""The import preview shows what the reader recognised in an office file and what it skipped."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web import models

OFFICE = Path(__file__).parent.parent / "data" / "office"
#: the report of stacked.xlsx says so for its unit-total row and its evaluation score sheet
UNIT_TOTAL = "unit total row (单位合计), not an indicator"
SCORE_SHEET = "evaluation score sheet (一级 like 部门决策（25分）): not supported"


def office_upload(filename: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(filename, (OFFICE / filename).read_bytes())


def nothing_stored() -> bool:
    return not (models.ImportBatch.objects.exists() or models.Project.objects.exists())


def test_preview_page_shows_recognised_tables_and_skipped_cells(client_in) -> None:
    response = client_in.post("/import/", {"files": [office_upload("stacked.xlsx")]})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="table-report') == 4
    assert html.count('class="table-report unsupported"') == 1
    assert '<td>汇总</td><td class="muted">A1..H7</td>' in html  # sheet, then its cells
    assert "2025年部门项目绩效目标汇总表" in html
    assert "汇总!A3" in html and "单位合计行，不是指标" in html  # the reasons in Chinese
    assert '<td>评分表</td><td class="muted">A1..G4</td>' in html and "评价评分表" in html
    assert "万元栏中填的是元：已除以 10000" in html and "995,600.00" in html
    assert re.search(r"工作表或页 3 个 ·\s+表格 4 张 ·\s+指标 8 项", html)  # the summary line
    assert "⚠ 警告 4" in html and "单位合计行，不是指标 2" in html  # by severity, by reason
    assert "no indicator header row" not in html
    assert "跳过 4 个单元格" in html and "规范化 2 个值" in html and "暂不支持" in html
    assert "confirm-import" in html
    assert nothing_stored()


def test_a_long_skipped_list_is_collapsed_a_short_one_open(client_in) -> None:
    long = client_in.post("/import/", {"files": [office_upload("self_evaluation.xlsx")]})
    (result,) = long.context["preview"].files
    assert result.report is not None and len(result.report.skipped) > 5
    assert '<details class="skipped">' in long.content.decode()
    short = client_in.post("/import/", {"files": [office_upload("stacked.xlsx")]})
    assert '<details class="skipped" open>' in short.content.decode()
    assert nothing_stored()


def test_confirm_after_the_report_stores_the_office_documents(client_in) -> None:
    preview = client_in.post("/import/", {"files": [office_upload("stacked.xlsx")]})
    (result,) = preview.context["preview"].files
    confirmed = client_in.post("/import/confirm/", {"token": preview.context["token"]})
    assert confirmed.status_code == 302
    assert models.Project.objects.count() == len(result.documents) == 4

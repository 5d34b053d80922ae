"""The import preview shows what the reader recognised in an office file and what it skipped."""

from __future__ import annotations

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
    assert "汇总!A1..汇总!H7" in html and "2025年部门项目绩效目标汇总表" in html
    assert "汇总!A3" in html and UNIT_TOTAL in html
    assert "评分表!A1..评分表!G4" in html and SCORE_SHEET in html
    assert "元 under a 万元 heading: divided by 10000" in html and "995,600.00" in html
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

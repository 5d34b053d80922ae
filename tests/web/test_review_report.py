"""The review report downloads: a table's 审核意见书 and the review queue's report.

``same_titles.xlsx`` holds three projects of one unit under one title; each download must carry
each project's own opinions, and a user gets only the tables they may see.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from openpyxl import load_workbook

from jixiao.web import actions, importing, models

SAME_TITLES = Path(__file__).parent.parent / "data" / "office" / "same_titles.xlsx"


def _import(read: importing.Reader) -> dict[str, models.Project]:
    preview = importing.preview([importing.Upload.from_path(SAME_TITLES)], read=read)
    actions.import_batch(preview, actions.Actor(None, "test"))
    return {p.name: p for p in models.Project.objects.filter(is_current=True)}


def _rows(data: bytes) -> dict[str, tuple[object, ...]]:
    """The report rows by project name: (conclusion, 完整性 opinions)."""
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    heading = rows[0]
    at = {name: heading.index(name) for name in ("项目名称", "审核结论", "完整性意见")}
    return {r[at["项目名称"]]: (r[at["审核结论"]], r[at["完整性意见"]]) for r in rows[1:]}


def test_the_queue_report_has_one_row_per_project(client_in, db, readings) -> None:
    _import(readings)
    response = client_in.get("/review/report.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response.content)
    assert rows["大气监测运维"] == ("通过", None)
    assert rows["水质监测运维"][0] == "修改后通过"
    assert "目标内容1" in str(rows["水质监测运维"][1])
    assert rows["土壤监测运维"][0] == "退回"
    assert str(rows["土壤监测运维"][1]).startswith("1. 【错误】缺少预算数")
    assert 'href="/review/report.docx"' in client_in.get("/review/").content.decode()


def test_a_project_letter_holds_its_own_opinions(client_in, db, readings) -> None:
    projects = _import(readings)
    water = projects["水质监测运维"]
    html = client_in.get(f"/projects/{water.pk}/").content.decode()
    assert f"/projects/{water.pk}/review.docx" in html
    response = client_in.get(f"/projects/{water.pk}/review.docx")
    assert response.status_code == 200
    letter = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert text.count("绩效目标审核意见书") == 1
    assert "目标内容1" in text and "缺少预算数" not in text
    assert "审核结论：修改后通过" in text
    facts = {row.cells[0].text: row.cells[1].text for row in letter.tables[0].rows}
    assert facts["项目名称"] == "水质监测运维"


def test_a_dismissed_finding_leaves_the_report(client_in, user, db, readings) -> None:
    projects = _import(readings)
    water = projects["水质监测运维"]
    water.findings.update(
        dismissed_by=user, dismissed_at="2026-01-01T00:00Z", dismiss_reason="误报"
    )
    (row,) = _rows(client_in.get(f"/projects/{water.pk}/review.xlsx").content).values()
    assert row == ("通过", None)


def test_reports_are_scoped_and_formats_checked(client_in, client, member, db, readings) -> None:
    projects = _import(readings)
    soil = projects["土壤监测运维"]
    assert client_in.get(f"/projects/{soil.pk}/review.pdf").status_code == 404
    assert client_in.get("/review/report.odt").status_code == 404
    other = models.Department.objects.create(key="999", code="999999", name="他单位")
    client.force_login(member("unit_editor", other))
    assert client.get(f"/projects/{soil.pk}/review.docx").status_code == 404
    assert client.get("/review/report.xlsx").status_code == 404  # nothing visible

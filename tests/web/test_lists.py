"""Lists: sortable columns (each key, both directions, 400 on a bad key), exports of exactly
what the list shows (scoped to what the user may see), the self-evaluation list's filters."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jixiao.web import models

PROJECT_KEYS = {
    "name": lambda p: p.name,
    "department": lambda p: p.department_code,
    "year": lambda p: p.year,
    "budget": lambda p: p.budget_total,
    "grade": lambda p: p.grade,
    "findings": lambda p: p.findings_count,
}
NAME_CELL = re.compile(r'<td class="project-name"[^>]*><a href="/projects/(\d+)/">')


def _expected(key: str, descending: bool) -> list[int]:
    """The ids of the current projects sorted by ``key`` then id, computed in Python."""
    rows = list(models.Project.objects.filter(is_current=True))
    rows.sort(key=lambda p: (PROJECT_KEYS[key](p), p.pk), reverse=descending)
    return [p.pk for p in rows]


def _listed(client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200
    return [int(pk) for pk in NAME_CELL.findall(response.content.decode())]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", sorted(PROJECT_KEYS))
def test_the_project_list_sorts_by_each_key(client_in, demo, key, descending):
    sort = f"-{key}" if descending else key
    assert _listed(client_in, f"/projects/?sort={sort}") == _expected(key, descending)


def test_the_queue_sorts_by_a_key(client_in, demo):
    page = client_in.get("/review/?sort=-budget").content.decode()
    ids = [int(pk) for pk in re.findall(r'<a href="/projects/(\d+)/">', page)]
    assert ids == _expected("budget", True)


@pytest.mark.parametrize(
    "url", ["/projects/", "/review/", "/self-evaluations/", "/projects/export.csv"]
)
@pytest.mark.parametrize("sort", ["price", "--name", "name;drop", "-"])
def test_a_bad_sort_key_is_refused_in_chinese(client_in, demo, url, sort):
    response = client_in.get(url, {"sort": sort})
    assert response.status_code == 400
    assert "参数" in response.content.decode()


def test_a_column_header_sorts_and_keeps_the_filters(client_in, demo):
    page = client_in.get("/projects/?year=2025&sort=budget&page=1").content.decode()
    assert 'href="?year=2025&amp;sort=-budget"' in page  # the other way, page dropped
    assert 'href="?year=2025&amp;sort=name"' in page
    assert "▲" in page
    assert '<input type="hidden" name="sort" value="budget">' in page  # the filters keep it


def _csv_rows(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_export_is_every_filtered_row_in_the_list_order(client_in, demo):
    listed = _listed(client_in, "/projects/?year=2025&grade=良&sort=-budget")
    response = client_in.get("/projects/export.csv?year=2025&grade=良&sort=-budget")
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _csv_rows(response)
    assert header[:4] == ["项目", "单位", "年度", "预算数（万元）"]
    names = dict(models.Project.objects.filter(pk__in=listed).values_list("pk", "name"))
    assert [r[0] for r in rows] == [names[pk] for pk in listed] and rows
    assert {r[4] for r in rows} == {"良"} and {r[2] for r in rows} == {"2025"}
    assert rows[0][3] == "11000.00"  # 万元, two decimals, the largest first


def test_the_export_has_every_row_not_only_the_page(client_in, demo, monkeypatch):
    monkeypatch.setattr("jixiao.web.views.browse.PAGE_SIZE", 5)
    assert len(_listed(client_in, "/projects/")) == 5
    rows = _csv_rows(client_in.get("/projects/export.csv"))[1:]
    assert len(rows) == models.Project.objects.filter(is_current=True).count()


def test_the_excel_export_keeps_amounts_as_numbers(client_in, demo):
    response = client_in.get("/projects/export.xlsx?sort=budget")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "项目"
    budgets = [Decimal(str(row[3])) for row in values[1:]]
    assert budgets == sorted(budgets) and len(budgets) == 43
    assert sheet.cell(row=2, column=4).number_format == "#,##0.00"


def test_an_unknown_export_format_is_not_found(client_in, demo):
    assert client_in.get("/projects/export.pdf").status_code == 404


def test_a_department_reviewer_exports_only_their_subtree(client, demo, member):
    models.Project.objects.update(state="submitted")
    unit = models.Department.objects.get(code="362303")
    client.force_login(member("department_reviewer", unit))
    listed = _listed(client, "/projects/?sort=name")
    rows = _csv_rows(client.get("/projects/export.csv?sort=name"))[1:]
    names = dict(models.Project.objects.filter(pk__in=listed).values_list("pk", "name"))
    assert [r[0] for r in rows] == [names[pk] for pk in listed]
    assert len(rows) == 5 and {r[1] for r in rows} == {unit.name}


def test_the_self_evaluation_list_shows_and_filters(client_in, demo):
    evaluation = models.SelfEvaluation.objects.get(is_current=True)
    page = client_in.get("/self-evaluations/").content.decode()
    assert evaluation.department.name in page and "98.60" in page and "优" in page
    for hidden in ("year=2025", "grade=差", f"department={evaluation.department.pk + 1}"):
        assert (
            evaluation.title not in client_in.get(f"/self-evaluations/?{hidden}").content.decode()
        )
    shown = f"/self-evaluations/?year=2024&grade=优&department={evaluation.department.pk}"
    assert evaluation.title in client_in.get(shown).content.decode()
    assert client_in.get("/self-evaluations/?year=20x5").status_code == 400


def test_the_self_evaluation_export_is_the_filtered_list(client_in, demo):
    header, *rows = _csv_rows(client_in.get("/self-evaluations/export.csv?sort=-total"))
    assert header == ["单位", "年度", "标题", "项目", "总分（填报）", "等级（填报）"]
    assert rows == [["天津市生态环境局", "2024", "整体支出绩效自评表", "", "98.60", "优"]]
    assert _csv_rows(client_in.get("/self-evaluations/export.csv?year=2025"))[1:] == []
    sheet = load_workbook(io.BytesIO(client_in.get("/self-evaluations/export.xlsx").content))
    assert sheet.active.cell(row=2, column=5).value == 98.6

"""The interface in headless Chromium, with screenshots kept as test artifacts (in the folder
``JIXIAO_SCREENSHOTS``, /tmp/jixiao-screenshots by default, printed by each test): the preview of
a 25-table and of a 300-table workbook, the dashboard with a filter and a drill-down, the project list at phone
width (390 px)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from jixiao.web import models

from .test_browser import PASSWORD, _close, _shot, _signed_in
from .workbooks import workbook

TABLES = 25


@pytest.fixture
def reviewer(browser: Browser, live_server, transactional_db, member) -> Iterator[Page]:
    member("finance_reviewer", name="finance")
    tab = _signed_in(browser, live_server.url, "finance")
    yield tab
    _close(tab)


def _workbook(folder: Path, tables: int) -> Path:
    """A workbook with a sheet for each of ``tables`` target tables (tests/web/workbooks.py)."""
    path = folder / f"2025年部门项目绩效目标表（{tables}张）.xlsx"
    path.write_bytes(workbook(tables))
    return path


def _preview(tab: Page, url: str, path: Path) -> int:
    """Upload ``path`` for a preview; the height of the page."""
    tab.goto(f"{url}/import/")
    tab.set_input_files("input[name=files]", str(path))
    tab.click("#preview-import")
    tab.wait_for_selector("#confirm-import", timeout=120_000)
    return int(tab.evaluate("document.documentElement.scrollHeight"))


def _saved(tab: Page, name: str, full_page: bool = True) -> Path:
    path = _shot(name)
    tab.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")
    return path


def test_preview_of_a_25_table_workbook_is_compact(reviewer: Page, live_server, tmp_path) -> None:
    tab = reviewer
    height = _preview(tab, live_server.url, _workbook(tmp_path, TABLES))
    assert tab.locator("details.document").count() == TABLES
    assert tab.locator("details.document[open]").count() <= 1  # collapsed: one line per table
    _saved(tab, "preview-25-tables.png")
    assert height < 4000, height


def test_preview_of_a_300_table_workbook_stays_as_short_and_reaches_every_table(
    reviewer: Page, live_server, tmp_path
) -> None:
    tab = reviewer
    short = _preview(tab, live_server.url, _workbook(tmp_path, TABLES))
    tall = _preview(tab, live_server.url, _workbook(tmp_path, 300))
    assert tab.locator("details.document").count() == 300
    assert tall <= 2 * short, (short, tall)  # pages of 20 tables, one page open
    last = tab.locator("details.page[name=documents-1]").last
    last.locator("> summary").click()  # the last page: tables 281–300
    assert tab.locator("details.page[name=documents-1][open]").count() == 1  # the first closed
    table = last.locator("details.document").last
    assert "（第 300 张）" in table.locator("> summary").inner_text()
    table.locator("> summary").click()
    assert table.locator("table.rows tbody tr").first.is_visible()  # its indicator rows
    _saved(tab, "preview-300-tables.png")
    assert tab.evaluate("document.documentElement.scrollHeight") <= 2 * short


def test_dashboard_filters_by_year_and_department_and_drills_down(
    reviewer: Page, live_server, demo
) -> None:
    tab = reviewer
    department = models.Department.objects.get(code="362101")
    tab.goto(f"{live_server.url}/dashboard/")
    tab.select_option("select[name=year]", "2025")  # the select submits its form
    tab.wait_for_url(re.compile(r"year=2025"))
    tab.select_option("select[name=department]", str(department.pk))
    tab.wait_for_url(re.compile(rf"department={department.pk}"))
    tab.wait_for_selector("#chart-rules[data-drawn=true] canvas")
    expected = models.Project.objects.filter(
        is_current=True, year=2025, department__in=[department, *department.children.all()]
    ).count()
    assert f"{expected} 个项目" in tab.inner_text(".totals")
    tab.locator("#chart-grades + details summary").click()  # the data as a table
    _saved(tab, "dashboard-filtered.png")
    # drill down: a click on the first bar of the rules chart opens the projects behind it
    first = tab.evaluate("JSON.parse(document.getElementById('chart-data').textContent).rules[0]")
    x, y = tab.evaluate(
        """(value) => echarts.getInstanceByDom(document.getElementById('chart-rules'))
            .convertToPixel({seriesIndex: 0}, [value / 2, 0])""",
        first["value"],
    )
    box = tab.locator("#chart-rules").bounding_box()
    tab.mouse.click(box["x"] + x, box["y"] + y)
    tab.wait_for_url(re.compile(r"/projects/\?"))
    assert tab.url == f"{live_server.url}{first['link']}"
    assert "year=2025" in tab.url and f"department={department.pk}" in tab.url
    assert tab.locator("table.projects tbody tr").count() == first["value"]
    _saved(tab, "dashboard-drill-down.png")


def test_project_list_fits_a_phone(
    browser: Browser, live_server, transactional_db, member, demo
) -> None:
    member("finance_reviewer", name="phone")
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(f"{live_server.url}/login/")
    assert "预算绩效管理系统" in tab.inner_text(".login")
    tab.fill("input[name=username]", "phone")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("#log-in")
    tab.wait_for_url(f"{live_server.url}/todo/")
    tab.goto(f"{live_server.url}/projects/")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # the page does not scroll sideways; wide tables scroll inside
    assert tab.locator("table.projects thead").is_hidden()  # cards, each value with its label
    _saved(tab, "projects-390px.png", full_page=False)
    context.close()

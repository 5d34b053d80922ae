"""The interface in headless Chromium, with screenshots kept as test artifacts (in the folder
``JIXIAO_SCREENSHOTS``, /tmp/jixiao-screenshots by default, printed by each test): the preview of
a 25-table workbook, the dashboard with a filter and a drill-down, the project list at phone
width (390 px)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page

from jixiao import export, ingest
from jixiao.demo import seed_paths
from jixiao.web import models

from .test_browser import SHOTS, _shot, _signed_in, browser  # noqa: F401  (the module's Chromium)

TABLES = 25


@pytest.fixture
def reviewer(browser: Browser, live_server, transactional_db) -> Iterator[Page]:  # noqa: F811
    user = get_user_model().objects.create_user("finance", password="browser-pass-42")
    models.Membership.objects.create(user=user, role="finance_reviewer")
    tab = _signed_in(browser, live_server.url, "finance")
    yield tab
    tab.context.close()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """One workbook with a sheet for each of 25 target tables of the seed documents."""
    tables = [d for p in seed_paths() for d in ingest.read_path(p) if d.kind == "target_table"]
    path = tmp_path / "2025年部门项目绩效目标表（25张）.xlsx"
    path.write_bytes(export.write(tables[:TABLES], "xlsx"))
    return path


def _saved(tab: Page, name: str, full_page: bool = True) -> Path:
    path = _shot(name)
    tab.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")
    return path


def test_preview_of_a_25_table_workbook_is_compact(reviewer: Page, live_server, workbook) -> None:
    tab = reviewer
    tab.goto(f"{live_server.url}/import/")
    tab.set_input_files("input[name=files]", str(workbook))
    tab.click("#preview-import")
    tab.wait_for_selector("#confirm-import")
    assert tab.locator("details.document").count() == TABLES
    assert tab.locator("details.document[open]").count() <= 1  # collapsed: one line per table
    _saved(tab, "preview-25-tables.png")
    height = tab.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, height

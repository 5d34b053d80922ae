"""信息公开 in headless Chromium: a visitor without an account finds a table and downloads it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from jixiao.ingest import read_path
from jixiao.web import storage

from .test_browser import _shot
from .test_public import Disclosed, disclosed  # noqa: F401  (the published tables)


def test_a_visitor_opens_the_disclosure_site_and_downloads_a_table(
    browser: Browser,
    live_server,
    transactional_db,
    disclosed: Disclosed,  # noqa: F811
    tmp_path: Path,
) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/public/")
    assert page.url == f"{live_server.url}/public/"  # no login page on the way
    page.click("text=2025")
    bureau = disclosed.shown[0].department
    page.click(f"text={bureau.name}")
    row = disclosed.shown[0]
    page.click(f"text={row.name}")
    page.wait_for_url(f"{live_server.url}/public/projects/{row.pk}/")
    assert page.locator("table.grid td[rowspan]").count() > 0
    assert page.evaluate("document.scripts.length") == 0
    page.screenshot(path=_shot("public-table.png"), full_page=True)
    with page.expect_download() as download:
        page.click("text=Excel")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    (back,) = read_path(saved)
    assert back.title == storage.load(row).title
    context.close()

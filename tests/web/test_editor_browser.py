"""The editor in headless Chromium: a unit editor writes a target table from scratch, takes a
suggestion of the indicator library, sees a finding appear on its row, fixes it, and saves."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from jixiao.web import models

from .test_browser import PASSWORD, _close, _shot, _signed_in


@pytest.fixture
def editor_page(browser: Browser, live_server, transactional_db, member, demo) -> Iterator[Page]:
    member("unit_editor", models.Department.objects.get(code="362101"), "unit-editor")
    tab = _signed_in(browser, live_server.url, "unit-editor")
    yield tab
    _close(tab)


def test_write_a_table_from_scratch_take_a_suggestion_fix_a_finding_and_save(
    editor_page: Page, live_server
) -> None:
    page = editor_page
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("#f-project", "2025年度辐射安全许可现场核查")
    page.fill("#f-year", "2025")
    page.fill("#f-total", "80")
    page.fill("#f-fiscal", "80")
    page.fill("#f-other", "0")
    page.fill("#f-purpose", "用于辐射安全许可证现场核查。")
    page.fill("#f-goals", "完成辐射安全许可证现场核查。")

    page.click("#add-row")
    row = page.locator("#rows tr.indicator-row").last
    row.locator("select[name=level2]").select_option("数量指标")
    assert row.locator("select[name=level1]").input_value() == "产出指标"
    row.locator("input[name=level3]").fill("现场核查")
    suggestion = row.locator('.suggestion[data-level3="现场核查数量"]')
    suggestion.wait_for()
    assert "2024年目标 ≥100家，实际 104家" in row.locator(".suggestions").inner_text()
    suggestion.click()
    assert row.locator("input[name=level3]").input_value() == "现场核查数量"
    assert row.locator("input[name=target]").get_attribute("placeholder") == "≥N家"

    row.locator("input[name=target]").fill("≥90家")
    live = row.locator(".live")
    expect(live).to_contain_text("APP-02")  # (no wait_for_function: CSP, no eval)
    assert "数量 · ≥ 90 家 · 越大越好" in live.inner_text()
    assert "目标偏低" in live.locator(".flag").inner_text()
    page.screenshot(path=str(_shot("editor-finding.png")), full_page=True)

    row.locator("input[name=target]").fill("≥110家")
    expect(live).not_to_contain_text("APP-02")
    assert "数量 · ≥ 110 家 · 越大越好" in live.inner_text() and live.locator(".flag").count() == 0

    page.click("#save-draft")
    page.wait_for_url(re.compile(r"/projects/\d+/edit/$"))
    assert "已保存草稿（第 1 次修订）" in page.inner_text(".message")
    draft = models.Project.objects.get(name="2025年度辐射安全许可现场核查")
    assert draft.state == "draft" and draft.revision == 1
    saved = draft.indicators.get()
    assert (saved.level3, saved.target_raw) == ("现场核查数量", "≥110家")
    assert not draft.findings.filter(rule="APP-02").exists()
    page.screenshot(path=str(_shot("editor-saved.png")), full_page=True)


def test_nothing_typed_is_lost_when_the_session_expires(editor_page: Page, live_server) -> None:
    page = editor_page
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("#f-project", "登录超时也不丢失的项目")
    page.click("#add-row")
    page.locator("#rows input[name=level3]").last.fill("培训人次")
    page.context.clear_cookies()  # the session is gone
    page.fill("#f-total", "12.5")
    page.wait_for_selector("#session-expired:not([hidden])")

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "unit-editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("#log-in")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/projects/new/")
    page.click("#restore-draft")
    assert page.input_value("#f-project") == "登录超时也不丢失的项目"
    assert page.input_value("#f-total") == "12.5"
    assert page.locator("#rows input[name=level3]").last.input_value() == "培训人次"

"""The profile page in headless Chromium: a finance reviewer lowers a rule's severity and a grade
threshold, saves a new version, sees the trial grades recomputed, and finds the save in the
audit log; a table imported afterwards is reviewed under the new version. Then a rule's severity
and message changed, the year reviewed again from the jobs page, and the project page shows the
new wording."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from jixiao.web import actions, importing, models
from jixiao.web.jobs import worker
from jixiao.web.profile_versions import ProfileVersion

from .test_browser import _close, _shot, _signed_in

SAME_TITLES = Path(__file__).parent.parent / "data" / "office" / "same_titles.xlsx"


@pytest.fixture
def reviewer_page(browser: Browser, live_server, transactional_db, member) -> Iterator[Page]:
    preview = importing.preview([importing.Upload.from_path(SAME_TITLES)])
    actions.import_batch(preview, actions.Actor(None, "test"))
    member("finance_reviewer", name="profile-editor")
    tab = _signed_in(browser, live_server.url, "profile-editor")
    yield tab
    _close(tab)


def _trial(page: Page, project: str) -> tuple[str, str]:
    row = page.locator("#trial tbody tr", has_text=project)
    cells = row.locator("td")
    return cells.nth(1).inner_text(), cells.nth(2).inner_text()


def test_edit_a_profile_and_see_the_grades_recomputed(reviewer_page: Page, live_server) -> None:
    page = reviewer_page
    page.goto(f"{live_server.url}/review/")
    page.click("nav >> text=审核口径")
    page.click("text=tianjin")
    assert _trial(page, "水质监测运维") == ("中", "中")  # template goal text: one error
    assert _trial(page, "土壤监测运维") == ("差", "差")  # no budget (CMP-01: 差)
    page.select_option("select[name=severity-CMP-02]", "warning")
    page.fill("#grade-good_warnings", "2")  # one warning no longer lowers the grade
    page.fill("input[name=note]", "模板文字改为警告")
    page.click("#save-profile")
    expect(page.locator(".message")).to_contain_text("第 1 版")
    assert _trial(page, "水质监测运维") == ("中", "优")
    expect(page.locator("#trial td.differs")).to_have_count(1)
    expect(page.locator("#versions tbody tr")).to_contain_text("模板文字改为警告")
    page.screenshot(path=str(_shot("profile-page.png")), full_page=True)
    page.goto(f"{live_server.url}/audit/")
    expect(page.locator("main")).to_contain_text("tianjin 第1版")
    version = ProfileVersion.objects.get()
    assert 'severity = "warning"' in version.text and "good_warnings = 2" in version.text


def test_change_a_severity_and_a_message_then_review_again(
    reviewer_page: Page, live_server
) -> None:
    page = reviewer_page
    water = models.Project.objects.get(name="水质监测运维", is_current=True)
    page.goto(f"{live_server.url}/profiles/tianjin/")
    page.select_option("select[name=severity-CMP-02]", "warning")
    page.click("#rule-CMP-02 summary")
    page.fill("textarea[name=message-CMP-02]", "【口径审核】{原文}")
    page.fill("textarea[name=answers-CMP-02]", "绩效目标照抄模板文字，请据实填写。")
    page.fill("input[name=note]", "模板文字：警告，改写提示语")
    page.click("#save-profile")
    expect(page.locator(".message")).to_contain_text("第 1 版")
    finding = page.locator(".finding", has_text="CMP-02")
    page.goto(f"{live_server.url}/projects/{water.pk}/")
    expect(finding).not_to_contain_text("【口径审核】")  # stored findings: until reviewed again
    page.goto(f"{live_server.url}/jobs/")
    page.fill("input[name=year]", str(water.year))
    page.click("#start-review")
    worker.work(interval=0.05, batch=True)  # the job queue, run in this process
    page.goto(f"{live_server.url}/projects/{water.pk}/")
    expect(finding).to_contain_text("【口径审核】绩效目标含模板文字")
    expect(finding).to_have_class(re.compile("severity-warning"))
    page.screenshot(path=str(_shot("profile-wording.png")), full_page=True)
    page.goto(f"{live_server.url}/audit/")
    expect(page.locator("main")).to_contain_text("tianjin 第1版")
    assert models.AuditEntry.objects.filter(action="review_year").count() == 1

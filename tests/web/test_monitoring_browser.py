"""绩效运行监控 in headless Chromium: a unit editor fills the July report of an approved table,
one row turns red as it is typed, submission is refused until the row is explained, then it is
submitted; the bureau's reviewer finds it on the 预警 list and accepts it; the audit log has
every step. Screenshots for docs/year.md (``JIXIAO_SCREENSHOTS=docs/img``)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, expect

from jixiao.web import models

from .test_browser import _act, _shot, _signed_in, browser  # noqa: F401  (the module's Chromium)
from .test_monitoring import approve_table


def test_july_monitoring_with_a_red_light_explained_warned_and_accepted(
    browser: Browser,  # noqa: F811
    live_server,
    transactional_db,
) -> None:
    url = live_server.url
    bureau = models.Department.objects.create(
        key="code:362101", code="362101", name="天津市生态环境局", name_key="天津市生态环境局"
    )
    users = get_user_model().objects
    for name, role in (("unit", "unit_editor"), ("bureau", "department_reviewer"),
                       ("finance", "finance_reviewer")):  # fmt: skip
        user = users.create_user(name, password="browser-pass-42")
        models.Membership.objects.create(user=user, role=role, department=bureau)
    project = approve_table(bureau, users.get(username="unit"))

    editor = _signed_in(browser, url, "unit")
    editor.goto(f"{url}/projects/{project.pk}/")
    with editor.expect_navigation():
        editor.click("#monitoring-link")
    assert editor.input_value("#f-as_of") == "2025-07-31"
    assert editor.input_value("#f-annual") == "120"
    assert editor.inner_text("#target-0") == "≥120家"
    editor.fill("#f-executed", "70")
    editor.fill("#f-forecast", "118")
    editor.fill("#f-progress-1", "2025年12月31日前")
    editor.fill("#f-progress-0", "30家")  # 30 of 120 × 7/12 = 70: 0.43 → red
    expect(editor.locator("#light-1")).to_contain_text("红灯")
    expect(editor.locator("#explanations")).to_contain_text(
        "第 1 行「现场核查数量」为红灯，提交前请填写：偏差原因、纠偏措施"
    )
    assert "绿灯" in editor.inner_text("#budget-light")

    with editor.expect_navigation():
        editor.click("#submit-monitoring")
    assert "草稿已保存，但未提交" in editor.inner_text("#refusal")
    report = models.MonitoringReport.objects.get()
    assert report.state == "draft" and report.red == 1
    editor.screenshot(path=str(_shot("monitoring-form.png")), full_page=True)

    editor.check("input[name=reasons-0][value=经费保障]")
    editor.fill("#f-note-0", "核查经费7月才到位")
    editor.fill("#f-measures-0", "8月起增派两个核查组")
    expect(editor.locator("#explanations")).to_contain_text("可以提交")
    with editor.expect_navigation():
        editor.click("#submit-monitoring")
    editor.wait_for_url(re.compile(r"/monitoring/\d+/$"))
    assert editor.inner_text("#state") == "已提交"

    reviewer = _signed_in(browser, url, "bureau")
    assert reviewer.inner_text("#nav-todo .badge") == "1"  # the report waits on the reviewer
    assert "辐射安全许可现场核查" in reviewer.inner_text("#todo")
    with reviewer.expect_navigation():
        reviewer.click("#nav-monitoring")
    warnings = reviewer.inner_text("#warnings")
    assert "辐射安全许可现场核查" in warnings and "现场核查数量" in warnings
    expect(reviewer.locator("#chart-pace")).to_have_attribute("data-drawn", "true")
    reviewer.screenshot(path=str(_shot("monitoring-overview.png")), full_page=True)
    with reviewer.expect_navigation():
        reviewer.click("#warnings a")
    assert "8月起增派两个核查组" in reviewer.inner_text("#mrow-0")
    _act(reviewer, "accept", "纠偏措施可行")
    assert reviewer.inner_text("#state") == "已审核"

    finance = _signed_in(browser, url, "finance")
    finance.goto(f"{url}/audit/?object=monitoring:{report.pk}")
    rows = finance.locator("table.audit tbody tr")
    shown = [rows.nth(i).get_attribute("class") for i in range(rows.count())]
    assert shown == [
        "audit-accept",
        "audit-submit",
        "audit-save_monitoring",
        "audit-save_monitoring",
    ]
    for tab in (editor, reviewer, finance):
        tab.context.close()

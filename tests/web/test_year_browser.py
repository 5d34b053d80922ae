"""The whole budget year in headless Chromium, in one flow, by a unit editor, the department's
reviewer and finance: the target table is submitted, forwarded and approved (已批复); in July the
unit fills the 绩效运行监控表 and one row turns red as it is typed, so submission is refused until
the row is explained; the reviewer finds it on the 预警 list and accepts it; after the year the
unit opens the 自评表 prefilled from the approved targets, enters the actuals and sees every
score, the total and the grade recomputed as she types, overrides one score with a reason and
submits; the reviewer sees the override beside the computed value, accepts, and records a 整改
item. The audit log has every step, in order. Screenshots for docs/year.md go to
``$JIXIAO_SCREENSHOTS`` (docs/img)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from jixiao.web import models

from .test_browser import _act, _close, _shot, _signed_in

PROJECT = "2025年度天津市辐射安全许可相关工作现场技术核查"
#: 1–7月执行情况 of the six approved rows: 30 of 100家次 × 7/12 = 58.3 is 0.51 → red
PROGRESS = ["30家次", "100%", "2025年12月底前", "40万元", "100%", "96%"]
#: 实际完成值 at the end of the year
ACTUALS = ["104家次", "95%", "2025年12月20日", "68万元", "100%", "96%"]


def _people(member, bureau: models.Department) -> None:
    for name, role, department in (
        ("unit", "unit_editor", bureau),
        ("bureau", "department_reviewer", bureau),
        ("finance", "finance_reviewer", None),
    ):
        member(role, department, name)


def _approve(editor: Page, reviewer: Page, finance: Page, url: str, project: int) -> None:
    """提交 → 转财政 → 批复: the table in force for 2025."""
    for tab, action in ((editor, "submit"), (reviewer, "forward"), (finance, "approve")):
        tab.goto(f"{url}/projects/{project}/")
        _act(tab, action)
    assert finance.inner_text("#state") == "已批复"


def _monitor(editor: Page, reviewer: Page, url: str, project: int) -> int:
    """The July report: a red light refused until explained, warned, accepted. Its id."""
    editor.goto(f"{url}/projects/{project}/")
    with editor.expect_navigation():
        editor.click("#monitoring-link")
    assert editor.input_value("#f-as_of") == "2025-07-31"
    assert editor.input_value("#f-annual") == "70"
    assert editor.inner_text("#target-0") == "≥100家次"
    assert editor.inner_text("#months-executed") == "1–7月执行数"
    editor.fill("#f-executed", "40")
    editor.fill("#f-forecast", "68")
    for i, progress in enumerate(PROGRESS):
        editor.fill(f"#f-progress-{i}", progress)
    expect(editor.locator("#light-1")).to_contain_text("红灯")
    expect(editor.locator("#explanations")).to_contain_text(
        "第 1 行「完成与辐射安全许可证相关工作开展现场技术核查与复核的企业数量」为红灯，"
        "提交前请填写：偏差原因、纠偏措施"
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

    reviewer.goto(f"{url}/todo/")
    assert PROJECT in reviewer.inner_text("#todo")  # the report waits on the reviewer
    with reviewer.expect_navigation():
        reviewer.click("#nav-monitoring")
    warnings = reviewer.inner_text("#warnings")
    assert PROJECT in warnings and "现场技术核查与复核的企业数量" in warnings
    expect(reviewer.locator("#chart-pace")).to_have_attribute("data-drawn", "true")
    reviewer.screenshot(path=str(_shot("monitoring-overview.png")), full_page=True)
    with reviewer.expect_navigation():
        reviewer.click("#warnings a")
    assert "8月起增派两个核查组" in reviewer.inner_text("#mrow-0")
    _act(reviewer, "accept", "纠偏措施可行")
    assert reviewer.inner_text("#state") == "已审核"
    return report.pk


def _evaluate(editor: Page, url: str, project: int) -> int:
    """The year-end 自评表 from the approved targets, scored live, one override. Its id."""
    editor.goto(f"{url}/projects/{project}/")
    editor.click("#start-evaluation")
    editor.wait_for_url(re.compile(rf"/projects/{project}/self-evaluation/$"))
    rows = editor.locator("#rows tr.indicator-row")
    assert rows.count() == 6
    assert "≥100家次" in rows.nth(0).inner_text() and "12.5" in rows.nth(0).inner_text()
    assert editor.input_value("#f-annual") == "70"

    editor.fill("#f-executed", "63")
    editor.fill("textarea[name=goal_actual]", "完成现场核查104家次，出具核查意见104份。")
    for i, actual in enumerate(ACTUALS):
        rows.nth(i).locator("input[name=actual]").fill(actual)
    expect(editor.locator("#live-total")).to_have_text("98.38")
    expect(editor.locator("#live-grade")).to_have_text("优")
    assert (
        "90.0%" in editor.inner_text("#live-rate") and editor.inner_text("#live-budget") == "9.00"
    )
    assert "实际 95% < 目标 100%" in editor.inner_text("#score-1")
    assert "11.88" in editor.inner_text("#score-1")

    second = rows.nth(1)
    second.locator("input[name=score]").fill("12.5")
    expect(editor.locator("#score-1")).to_contain_text("请填写调整理由")
    expect(editor.locator("#adjustment-summary")).to_have_text("1 行人工调整，合计 +0.62 分")
    second.locator("input[name=reason]").fill("两家企业停产，在产企业已全部核查")
    expect(editor.locator("#score-1")).not_to_contain_text("请填写调整理由")
    expect(editor.locator("#live-total")).to_have_text("99.00")
    editor.click("#draft-conclusion")
    expect(editor.locator("#f-conclusion")).to_have_value(re.compile("自评得分为99分"))
    assert "年度绩效指标6项" in editor.input_value("#f-conclusion")
    editor.screenshot(path=str(_shot("selfeval-form.png")), full_page=True)

    editor.click("#save-evaluation")
    editor.wait_for_url(re.compile(r"/self-evaluations/\d+/fill/$"))
    evaluation = models.SelfEvaluation.objects.get(scope="project")
    assert (evaluation.total, evaluation.grade, evaluation.state) == (99, "优", "draft")
    editor.goto(f"{url}/self-evaluations/{evaluation.pk}/")
    editor.click("#do-submit")
    expect(editor.locator("#state")).to_have_text("已提交")
    return evaluation.pk


def _review(reviewer: Page, url: str, evaluation: int) -> None:
    """The override beside the computed value; 审核通过; a 整改 item."""
    reviewer.goto(f"{url}/self-evaluations/{evaluation}/")
    adjustments = reviewer.locator("#adjustments")
    assert "11.88" in adjustments.inner_text() and "两家企业停产" in adjustments.inner_text()
    reviewer.screenshot(path=str(_shot("selfeval-review.png")), full_page=True)
    reviewer.click("#do-accept")
    expect(reviewer.locator("#state")).to_have_text("已审核")
    reviewer.fill("#rectify input[name=what]", "质量指标未达100%，补齐核查记录")
    reviewer.fill("#rectify input[name=who]", "辐射安全管理处")
    reviewer.fill("#rectify input[name=due]", "2026-06-30")
    reviewer.click("#add-rectification")
    expect(reviewer.locator("#rectifications")).to_contain_text("辐射安全管理处")
    reviewer.screenshot(path=str(_shot("selfeval-rectification.png")), full_page=True)


def test_the_year_from_approval_to_the_accepted_self_evaluation(
    browser: Browser,
    live_server,
    transactional_db,
    member,
    demo,
) -> None:
    url = live_server.url
    project = models.Project.objects.get(name=PROJECT)
    _people(member, project.department)
    before = models.AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    editor, reviewer, finance = (_signed_in(browser, url, n) for n in ("unit", "bureau", "finance"))

    _approve(editor, reviewer, finance, url, project.pk)
    report = _monitor(editor, reviewer, url, project.pk)
    evaluation = _evaluate(editor, url, project.pk)
    _review(reviewer, url, evaluation)

    steps = list(
        models.AuditEntry.objects.filter(id__gt=before)
        .order_by("at", "id")
        .values_list("username", "object_type", "object_id", "action")
    )
    p, m, e = str(project.pk), str(report), str(evaluation)
    assert steps == [
        ("unit", "project", p, "submit"),
        ("bureau", "project", p, "forward"),
        ("finance", "project", p, "approve"),
        ("unit", "monitoring", m, "save_monitoring"),  # refused submission: the draft is kept
        ("unit", "monitoring", m, "save_monitoring"),
        ("unit", "monitoring", m, "submit"),
        ("bureau", "monitoring", m, "accept"),
        ("unit", "evaluation", e, "save_evaluation"),
        ("unit", "evaluation", e, "submit"),
        ("bureau", "evaluation", e, "accept"),
        ("bureau", "evaluation", e, "add_rectification"),
    ]
    finance.goto(f"{url}/audit/")  # newest first: the year's steps on top
    rows = finance.locator("table.audit tbody tr")
    shown = [rows.nth(i).get_attribute("class") for i in range(len(steps))]
    assert shown == [f"audit-{action}" for *_, action in reversed(steps)]
    finance.screenshot(path=str(_shot("year-audit.png")))
    for tab in (editor, reviewer, finance):
        _close(tab)

"""The year-end self-evaluation in headless Chromium: a unit editor opens the 自评表 of an
approved project, prefilled from its targets; enters the actuals and sees every row's score, the
total and the grade recomputed as she types; overrides one score with a reason; drafts the
conclusion; saves and submits. The department reviewer sees the override beside the computed
value, accepts, and records a 整改 item. The audit log has every step. Screenshots go to
``$JIXIAO_SCREENSHOTS`` (docs/img for the user guide, docs/year.md)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, expect

from jixiao.web import bootstrap, models

from .test_browser import _shot, _signed_in, browser  # noqa: F401  (the module's Chromium)

PROJECT = "2025年度天津市辐射安全许可相关工作现场技术核查"
ACTUALS = ["104家次", "95%", "2025年12月20日", "68万元", "100%", "96%"]


@pytest.fixture
def approved(live_server, transactional_db) -> Iterator[models.Project]:
    assert bootstrap.load_demo() is not None
    project = models.Project.objects.get(name=PROJECT)
    project.state = "approved"  # set up: the table was approved for 2025
    project.save(update_fields=["state"])
    bureau = project.department
    users = get_user_model().objects
    for name, role in (("unit-editor", "unit_editor"), ("dept-reviewer", "department_reviewer")):
        user = users.create_user(name, password="browser-pass-42")
        models.Membership.objects.create(user=user, role=role, department=bureau)
    yield project


def test_the_year_end_self_evaluation_from_approved_targets_to_acceptance(
    browser: Browser,  # noqa: F811
    live_server,
    approved: models.Project,
) -> None:
    page = _signed_in(browser, live_server.url, "unit-editor")
    page.goto(f"{live_server.url}/projects/{approved.pk}/")
    page.click("#start-evaluation")
    page.wait_for_url(re.compile(rf"/projects/{approved.pk}/self-evaluation/$"))
    rows = page.locator("#rows tr.indicator-row")
    assert rows.count() == 6
    assert "≥100家次" in rows.nth(0).inner_text() and "12.5" in rows.nth(0).inner_text()
    assert page.input_value("#f-annual") == "70"

    page.fill("#f-executed", "63")
    page.fill("textarea[name=goal_actual]", "完成现场核查104家次，出具核查意见104份。")
    for i, actual in enumerate(ACTUALS):
        rows.nth(i).locator("input[name=actual]").fill(actual)
    expect(page.locator("#live-total")).to_have_text("98.38")
    expect(page.locator("#live-grade")).to_have_text("优")
    assert "90.0%" in page.inner_text("#live-rate") and page.inner_text("#live-budget") == "9.00"
    assert "实际 95% < 目标 100%" in page.inner_text("#score-1")
    assert "11.88" in page.inner_text("#score-1")

    second = rows.nth(1)
    second.locator("input[name=score]").fill("12.5")
    expect(page.locator("#score-1")).to_contain_text("请填写调整理由")
    expect(page.locator("#adjustment-summary")).to_have_text("1 行人工调整，合计 +0.62 分")
    second.locator("input[name=reason]").fill("两家企业停产，在产企业已全部核查")
    expect(page.locator("#score-1")).not_to_contain_text("请填写调整理由")
    expect(page.locator("#live-total")).to_have_text("99.00")
    page.click("#draft-conclusion")
    expect(page.locator("#f-conclusion")).to_have_value(re.compile("自评得分为99分"))
    assert "年度绩效指标6项" in page.input_value("#f-conclusion")
    page.screenshot(path=str(_shot("selfeval-form.png")), full_page=True)

    page.click("#save-evaluation")
    page.wait_for_url(re.compile(r"/self-evaluations/\d+/fill/$"))
    evaluation = models.SelfEvaluation.objects.get(scope="project")
    assert (evaluation.total, evaluation.grade, evaluation.state) == (99, "优", "draft")
    page.goto(f"{live_server.url}/self-evaluations/{evaluation.pk}/")
    page.click("#do-submit")
    expect(page.locator("#state")).to_have_text("已提交")
    page.context.close()

    reviewer = _signed_in(browser, live_server.url, "dept-reviewer")
    reviewer.goto(f"{live_server.url}/self-evaluations/{evaluation.pk}/")
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
    reviewer.context.close()

    steps = list(
        models.AuditEntry.objects.filter(object_type="evaluation", object_id=str(evaluation.pk))
        .order_by("at", "id")
        .values_list("username", "action")
    )
    assert steps == [
        ("unit-editor", "save_evaluation"),
        ("unit-editor", "submit"),
        ("dept-reviewer", "accept"),
        ("dept-reviewer", "add_rectification"),
    ]

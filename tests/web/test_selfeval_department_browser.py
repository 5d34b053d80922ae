"""The 整体支出 self-evaluation in headless Chromium: a unit editor opens the 部门整体支出绩效自评表
of the department's approved targets (seed 001's, for 2025) with one goal row per approved goal,
enters the actuals and sees the total recomputed; the reviewer judges a row the rules cannot
score (审核判断) and sees the judgement beside the row with the total it gives. Screenshot for
docs/year.md in ``$JIXIAO_SCREENSHOTS``."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from jixiao.domain import judgements
from jixiao.web import engines, models, storage

from .test_browser import _close, _shot, _signed_in
from .test_selfeval_department import approved_targets, filled

#: sets the form's row fields from lists (164 rows: typed one by one would only be slower)
FILL = """([actual, goals]) => {
  document.querySelectorAll("input[name=actual]").forEach((f, i) => { f.value = actual[i]; });
  document.querySelectorAll("textarea[name=goal_actual]").forEach((f, i) => { f.value = goals[i]; });
}"""


def test_a_department_self_evaluation_filled_online_and_a_row_judged(
    browser: Browser,
    live_server,
    transactional_db,
    member,
    demo,
) -> None:
    url = live_server.url
    seed = storage.self_evaluation(models.SelfEvaluation.objects.get(scope="department"))
    table = approved_targets(seed)
    for name, role in (("unit", "unit_editor"), ("bureau", "department_reviewer")):
        member(role, table.department, name)

    editor = _signed_in(browser, url, "unit")
    editor.goto(f"{url}/projects/{table.pk}/")
    editor.click("#start-evaluation")
    editor.wait_for_url(re.compile(rf"/projects/{table.pk}/self-evaluation/$"))
    assert editor.locator("textarea[name=goal_actual]").count() == len(seed.goals)
    assert editor.locator("#rows tr.indicator-row").count() == len(seed.indicators)
    form = filled(seed)
    editor.evaluate(FILL, [form["actual"], form["goal_actual"]])
    editor.fill("#f-executed", str(seed.budget.executed))  # the input event: scored live
    expect(editor.locator("#live-total")).not_to_have_text("0")
    editor.click("#save-evaluation")
    editor.wait_for_url(re.compile(r"/self-evaluations/\d+/fill/$"))
    evaluation = models.SelfEvaluation.objects.get(scope="department", year=2025)
    report = engines.score(storage.self_evaluation(evaluation))
    assert editor.inner_text("#live-total") == str(evaluation.total.normalize())
    assert evaluation.total == report.totals.recomputed_total
    editor.goto(f"{url}/self-evaluations/{evaluation.pk}/")
    editor.click("#do-submit")
    expect(editor.locator("#state")).to_have_text("已提交")

    row = judgements.judgeable(report)[0]
    reviewer = _signed_in(browser, url, "bureau")
    reviewer.goto(f"{url}/self-evaluations/{evaluation.pk}/")
    judge = reviewer.locator(f"#judge-{row}")
    assert "规则无法评分此行，由审核人判断" in judge.inner_text()
    judge.locator("input[name=score]").fill("0")
    judge.locator("input[name=reason]").fill("佐证材料不足")
    with reviewer.expect_navigation():
        judge.locator(f"#do-judge-{row}").click()
    expect(reviewer.locator(f"#judged-{row}")).to_have_text("审核判断：0.00 分（佐证材料不足）")
    expect(reviewer.locator("#reviewed-total")).to_contain_text("按审核人对 1 行规则无法评分指标")
    reviewer.locator(f"#judge-{row}").scroll_into_view_if_needed()
    reviewer.screenshot(path=str(_shot("selfeval-judgement.png")))
    assert models.AuditEntry.objects.filter(action="judge_row", username="bureau").count() == 1
    for tab in (editor, reviewer):
        _close(tab)

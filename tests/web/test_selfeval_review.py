"""Reviewing self-evaluations: a reviewer's judgement (审核判断) of a row the rules cannot score,
shown beside the row with the total and grade it gives; a stale draft form refused (409) saying
what changed; the 人工调整 summary read from what was stored (a fixed number of queries)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.domain import evaluating, judgements
from jixiao.domain.scoring.grades import grade as grade_of
from jixiao.web import actions, engines, models, storage
from jixiao.web.templatetags.numbers import score as shown

from .test_selfeval import _bearer, approved, form, unit_editor  # noqa: F401  (fixtures)


@pytest.fixture
def submitted(demo) -> models.SelfEvaluation:
    """Seed 001 (整体支出, imported), submitted for review (set up)."""
    evaluation = models.SelfEvaluation.objects.get(scope="department")
    evaluation.state = "submitted"
    evaluation.save(update_fields=["state"])
    return evaluation


def stated_row(evaluation: models.SelfEvaluation, row: int) -> Decimal | None:
    """The unit's score of ``row`` (1-based) as stored."""
    return storage.self_evaluation(evaluation).indicators[row - 1].score


def _report(evaluation: models.SelfEvaluation):
    return engines.score(storage.self_evaluation(evaluation))


def test_a_reviewer_judges_a_row_the_rules_cannot_score(client, member, submitted) -> None:
    report = _report(submitted)
    row = judgements.judgeable(report)[0]
    stated = report.rows[row - 1].recomputed or Decimal(0)  # the unit's score, kept by the rules
    client.force_login(member("department_reviewer", submitted.department, "boss"))
    page = client.get(f"/self-evaluations/{submitted.pk}/").content.decode()
    assert f'id="judge-{row}"' in page and "规则无法评分此行" in page
    assert page.count('class="judgement"') == len(judgements.judgeable(report))

    url = f"/self-evaluations/{submitted.pk}/judgements/"
    scored = next(r.index for r in report.rows if not r.outcome.fallback)
    refused = client.post(url, {"row": scored, "score": "1", "reason": "x"})
    assert refused.status_code == 422 and "由规则评分，无需审核判断" in refused.content.decode()
    refused = client.post(url, {"row": row, "score": "0"})
    assert refused.status_code == 422 and "请填写审核判断的依据" in refused.content.decode()
    refused = client.post(url, {"row": row, "score": "九", "reason": "x"})
    assert refused.status_code == 422 and "不是数字" in refused.content.decode()

    done = client.post(url, {"row": row, "score": "0", "reason": "佐证材料不足"})
    assert done.status_code == 302
    page = client.get(f"/self-evaluations/{submitted.pk}/").content.decode()
    assert (
        f'<span id="judged-{row}">审核判断：{shown(Decimal(0))} 分（佐证材料不足）</span>' in page
    )
    total = report.totals.recomputed_total - stated
    grade = grade_of(total, engines.scoring_profile("department"))
    assert f"总分 {shown(total)}，等级 {grade}" in page
    entry = models.AuditEntry.objects.get(action="judge_row")
    stated_text = None if stated_row(submitted, row) is None else str(stated_row(submitted, row))
    assert entry.new == {"row": row, "stated": stated_text, "score": "0", "reason": "佐证材料不足"}

    client.post(url, {"row": row, "score": "0.5", "reason": "补充了材料"})  # judged again
    assert models.RowJudgement.objects.get().score == Decimal("0.5")
    assert models.AuditEntry.objects.filter(action="judge_row").count() == 2


def test_each_judge_form_posts_its_own_row(client, member, submitted) -> None:
    """The 审核判断 form (rendered once per page around the row number) of each row the rules
    cannot score: the judge URL, a CSRF token, the row's number in the field and the button."""
    rows = judgements.judgeable(_report(submitted))
    client.force_login(member("department_reviewer", submitted.department, "boss"))
    page = client.get(f"/self-evaluations/{submitted.pk}/").content.decode()
    form = re.compile(
        rf'<div class="judgement" id="judge-(\d+)">.*?<form method="post" '
        rf'action="/self-evaluations/{submitted.pk}/judgements/" class="judge">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="\w+">'
        r'<input type="hidden" name="row" value="(\d+)">\n<input name="score" [^>]+> '
        r'<input name="reason" [^>]+>\n<button type="submit" id="do-judge-(\d+)">记录审核判断'
        r"</button></form></div>",
        re.S,
    )
    found = form.findall(page)
    assert found == [(str(row),) * 3 for row in rows] and len(rows) > 1


def test_only_reviewers_judge_and_only_while_submitted(client, member, submitted) -> None:
    row = judgements.judgeable(_report(submitted))[0]
    url = f"/self-evaluations/{submitted.pk}/judgements/"
    client.force_login(member("unit_editor", submitted.department, "unit"))
    assert client.post(url, {"row": row, "score": "0", "reason": "x"}).status_code == 403
    submitted.state = "reviewed"
    submitted.save(update_fields=["state"])
    client.force_login(member("finance_reviewer", None, "finance"))
    assert client.post(url, {"row": row, "score": "0", "reason": "x"}).status_code == 409
    assert not models.RowJudgement.objects.exists()


def test_a_stale_draft_form_is_refused_saying_what_changed(unit_editor, approved) -> None:  # noqa: F811
    unit_editor.post(f"/projects/{approved.pk}/self-evaluation/", form())
    evaluation = models.SelfEvaluation.objects.get(scope="project")
    url = f"/self-evaluations/{evaluation.pk}/fill/"
    assert 'name="base_revision" value="1"' in unit_editor.get(url).content.decode()
    theirs = unit_editor.post(url, {**form(executed="60"), "base_revision": "1"})
    assert theirs.status_code == 302
    stale = unit_editor.post(url, {**form(executed="65"), "base_revision": "1"})
    html = stale.content.decode()
    assert stale.status_code == 409
    conflict = html.split('id="conflict"')[1].split("</div>")[0]
    assert "他人已保存到第 2 次修订" in conflict
    assert "<li>全年执行数 63.00 → 60.00 万元</li>" in conflict
    assert 'name="base_revision" value="2"' in html and 'value="65"' in html  # kept as typed
    evaluation.refresh_from_db()
    assert (evaluation.revision, evaluation.budget_executed) == (2, Decimal(60))
    again = unit_editor.post(url, {**form(executed="65"), "base_revision": "2"})
    evaluation.refresh_from_db()
    assert again.status_code == 302 and evaluation.revision == 3


def _evaluate(project: models.Project, user) -> models.SelfEvaluation:
    """A self-evaluation of ``project`` saved with one adjusted row (set up through the action)."""
    project.state = "approved"
    project.save(update_fields=["state"])
    profile = engines.scoring_profile("project")
    base = evaluating.skeleton(storage.target_table(project), profile)
    score = [""] * len(base.indicators)
    score[0] = "0"
    reason = ["不计分"] + [""] * (len(base.indicators) - 1)
    rows = tuple(evaluating.RowInput("1", "", s, r) for s, r in zip(score, reason, strict=True))
    fields = evaluating.EvaluationFields(annual="1", executed="1", rows=rows)
    built = evaluating.build(base, fields, profile)
    assert not built.errors
    return actions.save_self_evaluation(
        built.document, actions.Actor(user, "test"), project=project
    )


def test_the_adjustments_page_is_a_query(client, member, user, demo) -> None:
    first = models.Project.objects.filter(year=2025).order_by("pk").first()
    projects = list(models.Project.objects.filter(year=2025, department=first.department)[:4])
    editor = member("unit_editor", first.department, "unit")
    client.force_login(user)
    _evaluate(projects[0], editor)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/self-evaluations/adjustments/")
        return len(captured), page.content.decode()

    queries()  # the imported seed 001 is scored once, then kept
    one, _ = queries()
    for project in projects[1:]:
        _evaluate(project, editor)
    assert models.SelfEvaluation.objects.filter(scope="project").count() == len(projects) > 2
    many, html = queries()
    assert many == one
    assert html.count("不计分") == len(projects)
    kept = models.SelfEvaluation.objects.filter(scope="project").first()
    assert kept.adjustments["rows"][0]["reason"] == "不计分"
    stored = {**kept.adjustments, "rows": [{**kept.adjustments["rows"][0], "reason": "按存储"}]}
    models.SelfEvaluation.objects.filter(pk=kept.pk).update(adjustments=stored)
    assert "按存储" in queries()[1]  # read from what was stored when saved, not rescored


def test_the_api_refuses_a_stale_save_with_what_changed(client, member, approved) -> None:  # noqa: F811
    member("unit_editor", approved.department, "api-unit")
    auth = _bearer(client, "api-unit")
    url = f"/api/projects/{approved.pk}/self-evaluation"
    assert client.get(url, headers=auth).json()["revision"] is None
    body = {"annual": "70", "executed": "63", "rows": [{"actual": "104家次"}]}
    created = client.put(url, body, content_type="application/json", headers=auth).json()
    assert created["revision"] == 1
    theirs = client.put(url, {**body, "executed": "60", "base_revision": 1},
                        content_type="application/json", headers=auth)  # fmt: skip
    assert theirs.status_code == 200 and theirs.json()["revision"] == 2
    stale = client.put(url, {**body, "executed": "65", "base_revision": 1},
                       content_type="application/json", headers=auth)  # fmt: skip
    assert stale.status_code == 409
    assert (
        stale.json()["revision"] == 2 and "全年执行数 63.00 → 60.00 万元" in stale.json()["changes"]
    )
    assert models.SelfEvaluation.objects.get(scope="project").budget_executed == 60


def test_a_reviewer_comments_on_a_row_of_the_page(client, member, submitted) -> None:
    """The page's rows are rendered in one pass (templatetags/evaluation_rows.py): each row keeps
    its comment form with its own row number, and a comment shows on its row, escaped."""
    rows = list(submitted.indicators.order_by("position").values_list("position", flat=True))
    client.force_login(member("department_reviewer", submitted.department, "boss"))
    page = client.get(f"/self-evaluations/{submitted.pk}/").content.decode()
    action = f'action="/self-evaluations/{submitted.pk}/comments/"'
    assert page.count(action) == len(rows) + 1  # each row's, and the whole table's
    for position in rows:
        assert f'<input type="hidden" name="row" value="{position}">' in page
    row = rows[2]
    url = f"/self-evaluations/{submitted.pk}/comments/"
    assert client.post(url, {"row": row, "text": "<b>佐证</b>不足"}).status_code == 302
    page = client.get(f"/self-evaluations/{submitted.pk}/").content.decode()
    cells = page.split('<tr class="indicator-result">')[1:]
    assert len(cells) == len(rows)
    commented = [i for i, cell in enumerate(cells) if "&lt;b&gt;佐证&lt;/b&gt;不足" in cell]
    assert commented == [2] and "<b>佐证</b>" not in page

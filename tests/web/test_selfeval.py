"""在线自评 in pages: an approved project's self-evaluation prefilled, scored live, saved,
submitted and accepted; overrides need a reason; 整改 items; next year's editor shows them;
the form's scores are `jixiao score`'s on the exported interchange JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.web import models

PROJECT = "2025年度天津市辐射安全许可相关工作现场技术核查"
ACTUALS = ["104家次", "95%", "2025年12月20日", "68万元", "100%", "96%"]


@pytest.fixture
def approved(demo) -> models.Project:
    project = models.Project.objects.get(name=PROJECT)
    project.state = "approved"  # set up: the target table was approved last year
    project.save(update_fields=["state"])
    return project


@pytest.fixture
def unit_editor(client, member, approved):
    client.force_login(member("unit_editor", approved.department, "unit"))
    return client


def form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "annual": "70",
        "executed": "63",
        "budget_deviation": "",
        "goal_actual": ["完成现场核查104家次"],
        "actual": list(ACTUALS),
        "deviation": [""] * 6,
        "score": [""] * 6,
        "reason": [""] * 6,
        "conclusion": "",
    }
    data.update(changes)
    return data


def test_the_form_is_prefilled_from_the_approved_table(unit_editor, approved) -> None:
    page = unit_editor.get(f"/projects/{approved.pk}/self-evaluation/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "≥100家次" in text and "≤70万元" in text and 'value="70"' in text
    assert text.count('name="actual"') == 6
    weights = [Decimal(w) for w in ("12.5", "12.5", "12.5", "12.5", "30", "10")]
    assert all(f">{w}<" in text for w in ("12.50", "30.00", "10.00")) and sum(weights) == 90


def test_live_scoring_saving_and_an_override_with_a_reason(unit_editor, approved) -> None:
    live = unit_editor.post("/self-evaluations/live/", {"project_id": approved.pk, **form()})
    text = live.content.decode()
    assert live.status_code == 200
    assert "11.88" in text and "实际 95%" in text  # 12.5 × 95/100, with the rule's explanation
    assert 'id="live-total"' in text and ">98.38<" in text and ">优<" in text

    overridden = form(score=["", "12.5", "", "", "", ""])
    refused = unit_editor.post(f"/projects/{approved.pk}/self-evaluation/", overridden)
    assert refused.status_code == 422 and "请填写调整理由" in refused.content.decode()
    assert not models.SelfEvaluation.objects.filter(scope="project").exists()

    reason = ["", "两家企业停产，已全部核查在产企业", "", "", "", ""]
    saved = unit_editor.post(
        f"/projects/{approved.pk}/self-evaluation/", {**overridden, "reason": reason}
    )
    evaluation = models.SelfEvaluation.objects.get(scope="project")
    assert (
        saved.status_code == 302 and saved["Location"] == f"/self-evaluations/{evaluation.pk}/fill/"
    )
    assert (evaluation.state, evaluation.key, evaluation.year) == ("draft", approved.key, 2025)
    assert evaluation.total == Decimal("99") and evaluation.grade == "优"
    entry = models.AuditEntry.objects.get(action="save_evaluation")
    assert entry.new["adjustments"][0]["reason"] == reason[1]
    assert entry.new["recomputed_total"] == "98.38"

    page = unit_editor.get(f"/self-evaluations/{evaluation.pk}/").content.decode()
    assert "1 行人工调整，合计 +0.62 分" in page and reason[1] in page
    reopened = unit_editor.get(f"/self-evaluations/{evaluation.pk}/fill/").content.decode()
    assert 'value="12.5"' in reopened and 'value="95%"' in reopened


def test_the_conclusion_is_drafted_and_checked(unit_editor, approved) -> None:
    drafted = unit_editor.post(
        "/self-evaluations/conclusion/", {"project_id": approved.pk, **form()}
    ).content.decode()
    assert "年度绩效指标6项" in drafted and "执行率为90%" in drafted
    wrong = "本项目共涉及年度绩效目标1项，年度绩效指标7项。"
    live = unit_editor.post(
        "/self-evaluations/live/", {"project_id": approved.pk, **form(conclusion=wrong)}
    )
    assert "自评结论称 年度绩效指标 7 项，表中 6 项" in live.content.decode()


def test_not_before_approval_and_not_for_another_unit(client, member, approved) -> None:
    other = models.Department.objects.exclude(pk=approved.department_id).first()
    client.force_login(member("unit_editor", other, "elsewhere"))
    assert client.get(f"/projects/{approved.pk}/self-evaluation/").status_code == 404
    client.force_login(member("unit_editor", approved.department, "unit"))
    draft = models.Project.objects.exclude(pk=approved.pk).first()
    refused = client.get(f"/projects/{draft.pk}/self-evaluation/")
    assert refused.status_code == 409 and "尚未批复" in refused.content.decode()


def _saved(client, approved) -> models.SelfEvaluation:
    client.post(f"/projects/{approved.pk}/self-evaluation/", form())
    return models.SelfEvaluation.objects.get(scope="project")


def test_submit_accept_rectify_and_next_years_editor(unit_editor, member, approved) -> None:
    evaluation = _saved(unit_editor, approved)
    unit_editor.post(f"/self-evaluations/{evaluation.pk}/transitions/", {"action": "submit"})
    reviewer = member("department_reviewer", approved.department, "boss")
    unit_editor.force_login(reviewer)
    unit_editor.post(f"/self-evaluations/{evaluation.pk}/transitions/", {"action": "accept"})
    evaluation.refresh_from_db()
    assert evaluation.state == "reviewed"
    added = unit_editor.post(
        f"/self-evaluations/{evaluation.pk}/rectifications/",
        {"what": "质量指标未达标，补充核查记录", "who": "辐射处", "due": "2026-06-30"},
    )
    assert added.status_code == 302
    item = models.Rectification.objects.get()
    assert (item.who, str(item.due), item.status) == ("辐射处", "2026-06-30", "open")
    bad = unit_editor.post(
        f"/self-evaluations/{evaluation.pk}/rectifications/",
        {"what": "x", "who": "y", "due": "明年"},
    )
    assert bad.status_code == 422
    actions = list(
        models.AuditEntry.objects.filter(object_type="evaluation", object_id=str(evaluation.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["save_evaluation", "submit", "accept", "add_rectification"]

    unit_editor.force_login(member("unit_editor", approved.department, "next-year"))
    editor = unit_editor.get(
        "/projects/new/", {"department": approved.department_id}
    ).content.decode()
    assert "open-rectifications" not in editor  # a new table names no project yet
    next_name = PROJECT.replace("2025年度", "2026年度")  # the same project (record key, no year)
    next_year = unit_editor.post(
        "/projects/new/",
        {"department": approved.department_id, "year": "2026", "project": next_name},
    )
    draft = models.Project.objects.get(year=2026, name=next_name)
    assert next_year.status_code == 302
    page = unit_editor.get(f"/projects/{draft.pk}/edit/").content.decode()
    assert "质量指标未达标，补充核查记录" in page and "98.38" in page

    unit_editor.force_login(reviewer)
    unit_editor.post(f"/rectifications/{item.pk}/status/", {"status": "done"})
    item.refresh_from_db()
    assert item.status == "done"


def test_the_department_summary_of_adjustments(client, member, approved, user) -> None:
    client.force_login(member("unit_editor", approved.department, "unit"))
    client.post(
        f"/projects/{approved.pk}/self-evaluation/",
        form(score=["", "12.5", "", "", "", ""], reason=["", "停产", "", "", "", ""]),
    )
    client.force_login(user)
    page = client.get("/self-evaluations/adjustments/").content.decode()
    assert "1 行人工调整，合计 +0.62 分" in page and "停产" in page


def _scores(report: dict[str, Any]) -> tuple[Any, ...]:
    totals = report["totals"]
    return (
        [row["recomputed"] for row in report["rows"]],
        report["budget"]["recomputed"],
        totals["recomputed_total"],
        totals["recomputed_grade"],
    )


def test_the_form_scores_as_jixiao_score_does_on_the_exported_json(
    client, member, approved, user, tmp_path: Path
) -> None:
    """The same numbers, from the form and from the CLI on the exported interchange JSON: a
    project self-evaluation filled in online, and seed 001 (整体支出) as imported."""
    client.force_login(member("unit_editor", approved.department, "unit"))
    client.post(f"/projects/{approved.pk}/self-evaluation/", form())
    client.force_login(user)
    for evaluation in models.SelfEvaluation.objects.all():
        exported = client.get(f"/self-evaluations/{evaluation.pk}/export.json")
        path = tmp_path / f"{evaluation.pk}.json"
        path.write_bytes(exported.content)
        result = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
        assert result.exit_code == 0, result.output
        cli = _scores(json.loads(result.output)[0])
        shown = client.get(f"/self-evaluations/{evaluation.pk}/").context["report"]
        assert _scores(json.loads(shown.model_dump_json())) == cli
        assert cli[2] == str(shown.totals.recomputed_total)


def _bearer(client, username: str) -> dict[str, str]:
    answer = client.post(
        "/api/auth/token",
        {"username": username, "password": "correct-horse-42"},
        content_type="application/json",
    )
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_the_api_gives_the_prefilled_form_then_saves_and_scores_it(
    client, member, approved
) -> None:
    member("unit_editor", approved.department, "api-unit")
    auth = _bearer(client, "api-unit")
    url = f"/api/projects/{approved.pk}/self-evaluation"
    before = client.get(url, headers=auth).json()
    assert before["id"] is None and before["state"] is None
    weights = [Decimal(row["weight"]) for row in before["document"]["indicators"]]
    assert weights == [Decimal("12.5")] * 4 + [30, 10]

    rows = [{"actual": a} for a in ACTUALS]
    rows[1] = {"actual": "95%", "score": "12.5"}
    body = {"annual": "70", "executed": "63", "rows": rows}
    refused = client.put(url, body, content_type="application/json", headers=auth)
    assert refused.status_code == 422 and "调整理由" in refused.json()["detail"]
    rows[1]["reason"] = "两家企业停产"
    created = client.put(url, body, content_type="application/json", headers=auth)
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["state"] == "draft" and Decimal(out["document"]["total"]) == 99
    assert Decimal(out["scores"]["totals"]["recomputed_total"]) == Decimal("98.38")
    [adjusted] = out["adjustments"]
    assert (adjusted["row"], Decimal(adjusted["computed"]), Decimal(adjusted["claimed"])) == (
        2,
        Decimal("11.88"),
        Decimal("12.5"),
    )
    assert adjusted["reason"] == "两家企业停产"
    rows[1] = {"actual": "100%"}
    again = client.put(url, body, content_type="application/json", headers=auth)
    assert again.status_code == 200 and again.json()["id"] == out["id"]
    assert again.json()["adjustments"] == [] and Decimal(again.json()["document"]["total"]) == 99
    assert models.AuditEntry.objects.filter(action="save_evaluation", via="api").count() == 2

    member("unit_editor", models.Department.objects.exclude(pk=approved.department_id).first(), "x")
    assert client.get(url, headers=_bearer(client, "x")).status_code == 404

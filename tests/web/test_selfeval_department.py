"""The 整体支出 self-evaluation of a department filled in online: its approved 部门整体支出绩效
目标表 (here the targets of seed 001 for 2025, imported as interchange JSON) gives the 部门整体支出
绩效自评表 with one goal per approved goal and every indicator; the form scores it as `jixiao
score` does on the exported document."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from jixiao.domain import interchange
from jixiao.domain.model import Indicator, Project, ProjectBudget, SelfEvaluation, TargetTable
from jixiao.web import actions, importing, models, storage

from .test_selfeval import scores_as_the_cli


def targets_of(seed: SelfEvaluation, year: int) -> TargetTable:
    """The 部门整体支出绩效目标表 a self-evaluation was made from: its goals, its indicators with
    their 年度指标值, its budget."""
    return TargetTable(
        title=f"{year}年度部门整体支出绩效目标表",
        year=year,
        department=seed.department,
        project=Project(name=seed.department.name),
        budget=ProjectBudget(total=seed.budget.annual),
        goals=tuple(g.target for g in seed.goals),
        indicators=tuple(
            Indicator(
                level1=r.level1,
                level2=r.level2,
                level3=r.level3,
                target=r.target,
                direction=r.direction,
                source=r.source,
            )
            for r in seed.indicators
        ),
        source=seed.source,
        scope="department",
    )


@pytest.fixture
def seed(demo) -> SelfEvaluation:
    return storage.self_evaluation(models.SelfEvaluation.objects.get(scope="department"))


def approved_targets(seed: SelfEvaluation) -> models.Project:
    """Seed 001's targets for 2025, imported and approved (set up)."""
    data = interchange.dumps([targets_of(seed, 2025)]).encode()
    upload = importing.Upload.from_stream("部门整体支出绩效目标表.json", io.BytesIO(data))
    actions.import_batch(importing.preview([upload]), actions.Actor(None, "test"))
    table = models.Project.objects.get(year=2025, title="2025年度部门整体支出绩效目标表")
    table.state = "approved"
    table.save(update_fields=["state"])
    return table


@pytest.fixture
def department_table(seed) -> models.Project:
    return approved_targets(seed)


@pytest.fixture
def unit(client, member, department_table):
    client.force_login(member("unit_editor", department_table.department, "unit"))
    return client


def filled(seed: SelfEvaluation) -> dict[str, object]:
    """The form with seed 001's actuals: the budget, each goal's 实际完成情况, each row's value."""
    return {
        "annual": str(seed.budget.annual),
        "executed": str(seed.budget.executed),
        "goal_actual": [g.actual for g in seed.goals],
        "actual": [r.actual.raw for r in seed.indicators],
        "deviation": [""] * len(seed.indicators),
        "score": [""] * len(seed.indicators),
        "reason": [""] * len(seed.indicators),
    }


def test_the_department_form_has_one_goal_per_approved_goal(unit, department_table, seed):
    page = unit.get(f"/projects/{department_table.pk}/self-evaluation/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "2025年度部门整体支出绩效自评表" in html
    assert html.count('name="goal_actual"') == len(seed.goals) > 1
    assert html.count('name="actual"') == len(seed.indicators)
    form = page.context["base"]
    assert [g.target for g in form.goals] == [g.target for g in seed.goals]
    assert [g.no for g in form.goals] == list(range(1, len(seed.goals) + 1))


def test_the_department_form_scores_as_jixiao_score(
    unit, department_table, seed, user, tmp_path: Path
):
    saved = unit.post(f"/projects/{department_table.pk}/self-evaluation/", filled(seed))
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    evaluation = models.SelfEvaluation.objects.get(scope="department", year=2025)
    assert evaluation.state == "draft"
    stored = storage.self_evaluation(evaluation)
    assert [g.actual for g in stored.goals] == [g.actual for g in seed.goals]
    project_page = unit.get(f"/projects/{department_table.pk}/").content.decode()
    assert f'href="/self-evaluations/{evaluation.pk}/" id="open-evaluation"' in project_page
    again = unit.get(f"/projects/{department_table.pk}/self-evaluation/")
    assert again.status_code == 409 and "已有自评表" in again.content.decode()
    unit.force_login(user)
    report = scores_as_the_cli(unit, evaluation, tmp_path)
    assert report.totals.recomputed_total == evaluation.total

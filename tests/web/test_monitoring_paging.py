"""The monitoring overview at province scale: its project table is paged and the warnings list
only the first reports missing, counting the rest (a province approves tens of thousands)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from tests.monitoring.test_monitoring_form import table_fields
from tests.web import test_monitoring
from tests.web.test_monitoring import approve_table, july

from jixiao.domain.drafting import build
from jixiao.web import actions, drafts, models, monitored
from jixiao.web.views import monitoring

pytestmark = pytest.mark.django_db
bureau, people = test_monitoring.bureau, test_monitoring.people  # the fixtures of that module


def test_the_overview_pages_projects_and_counts_the_missing(
    people, bureau, settings, monkeypatch
) -> None:
    editor = get_user_model().objects.get(username="unit_editor")
    for name in ("甲项目", "乙项目", "丙项目"):
        approve_table(bureau, editor, name)
    settings.JIXIAO_MONITORING_DEADLINE = "01-01"
    monkeypatch.setattr(monitoring, "PAGE_SIZE", 2)
    monkeypatch.setattr(monitoring, "MISSING_SHOWN", 1)
    reviewer = people["department_reviewer"]
    first = reviewer.get("/monitoring/?year=2025&sort=name").content.decode()
    second = reviewer.get("/monitoring/?year=2025&sort=name&page=2").content.decode()
    rows = [page.split('id="monitoring-list"')[1].split("</table>")[0] for page in (first, second)]
    assert [sum(name in table for name in ("甲项目", "乙项目", "丙项目")) for table in rows] == [
        2,
        1,
    ]
    assert "1 / 2" in first and "sort=name&page=2" in first
    warnings = first.split('id="warnings"')[1].split("</ul>")[0]
    assert warnings.count("截止日期前未提交监控表") == 2  # one listed, then the count of the rest
    assert "另有 2 个项目截止日期前未提交监控表" in warnings


def assert_kept() -> None:
    """The overview's kept rows are what a recount of the stored versions and reports says."""
    fields = ("department_id", "year", "key", "project_id", "name", "state", "report_id",
              "report_state", "risk", "submitted", "rate", "month", "alarm")  # fmt: skip

    def rows(found) -> list[tuple[object, ...]]:
        return sorted(tuple(getattr(r, name) for name in fields) for r in found)

    assert rows(models.Monitored.objects.all()) == rows(monitored.recount())


def _order(client) -> list[str]:
    page = client.get("/monitoring/?year=2025&sort=risk").content.decode()
    table = page.split('id="monitoring-list"')[1].split("</table>")[0]
    names = ("甲项目", "乙项目", "丙项目")
    return sorted((n for n in names if n in table), key=table.index)


def test_the_overview_orders_by_the_risk_its_actions_keep(people, bureau, member) -> None:
    """The overview orders by the risk stored on its rows: a save, a save that clears the red
    light, a submission and an approval each rewrite the row they change (kept rows = recount)."""
    editor = get_user_model().objects.get(username="unit_editor")
    projects = {name: approve_table(bureau, editor, name) for name in ("甲项目", "乙项目")}
    assert_kept()
    reviewer = people["finance_reviewer"]
    by_name = _order(reviewer)  # no report yet: by name
    assert sorted(by_name) == by_name and len(by_name) == 2
    unit = people["unit_editor"]
    late = projects[by_name[-1]]  # last by name, first once it has a red light
    unit.post(f"/projects/{late.pk}/monitoring/", july())
    assert models.Monitored.objects.get(project=late).risk > 0
    assert _order(reviewer) == [by_name[-1], by_name[0]]
    assert_kept()
    calm = july(**{"progress-0": "120家"})
    unit.post(f"/projects/{late.pk}/monitoring/", {**calm, "base_revision": "1"})
    assert models.Monitored.objects.get(project=late).risk == 0  # the save rewrote the row
    assert _order(reviewer) == by_name
    assert_kept()
    unit.post(f"/projects/{late.pk}/monitoring/", {**calm, "base_revision": "2", "submit": "1"})
    assert models.Monitored.objects.get(project=late).submitted
    assert_kept()
    fields = table_fields(drafts.domain_department(bureau), "丙项目")
    third = actions.save_draft(build(fields).table, actions.Actor(editor, "web"), department=bureau)
    models.Project.objects.filter(pk=third.pk).update(state="finance_review")  # set up: forwarded
    third.refresh_from_db()
    assert "丙项目" not in _order(reviewer)
    finance = get_user_model().objects.get(username="finance_reviewer")
    actions.workflow.approve(third, actions.Actor(finance, "web"))
    assert "丙项目" in _order(reviewer)  # the approval wrote its row
    assert_kept()


def test_the_warnings_list_the_first_red_lights_and_count_the_rest(
    people, bureau, monkeypatch
) -> None:
    editor = get_user_model().objects.get(username="unit_editor")
    for name in ("甲项目", "乙项目", "丙项目"):
        project = approve_table(bureau, editor, name)
        people["unit_editor"].post(f"/projects/{project.pk}/monitoring/", july())  # a red light
    monkeypatch.setattr(monitoring, "ALARMS_SHOWN", 1)
    page = people["department_reviewer"].get("/monitoring/?year=2025").content.decode()
    warnings = page.split('id="warnings"')[1].split("</ul>")[0]
    assert warnings.count("light-red") == 1  # the first report's red row, then the count
    assert warnings.index("light-red") < warnings.index("另有 2 个项目的监控表亮红灯")


def test_the_chart_has_a_point_per_month_and_rate_with_its_reports(people, bureau) -> None:
    """Reports at the same month and execution rate (to the percent) are one point that counts
    them; a point of one report is named by its project."""
    editor = get_user_model().objects.get(username="unit_editor")
    spent = {"甲项目": "70", "乙项目": "70.1", "丙项目": "30"}  # of 120: 58.3 %, 58.4 %, 25 %
    for name, executed in spent.items():
        project = approve_table(bureau, editor, name)
        people["unit_editor"].post(f"/projects/{project.pk}/monitoring/", july(executed=executed))
    chart = people["department_reviewer"].get("/monitoring/?year=2025").context["chart"]
    assert chart["points"] == [
        {"month": 7, "rate": "25", "count": 1, "name": "丙项目"},
        {"month": 7, "rate": "58", "count": 2, "name": ""},
    ]

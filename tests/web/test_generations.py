"""What the dashboard, the monitoring overview and the department tree compute from the kept rows is cached under the
rows' token (jixiao.web.generations): every action that changes the kept rows gives them a new
token, so the pages as served (from the cache) say what they say computed afresh after each."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.web.test_totals import _as, seeded  # noqa: F401 (the fixture)

from jixiao.domain.drafting import TableFields, build
from jixiao.domain.model import Department
from jixiao.web import actions, generations, models, totals


def _shown(client: Client) -> tuple[Any, ...]:
    """The dashboard's charts and counts, the monitoring overview's counts and chart, and the
    department tree."""
    board = client.get("/dashboard/").context
    overview = client.get("/monitoring/").context
    charts = [(str(c["title"]), c["items"]) for c in board["chart_list"]]
    counts = [board[k] for k in ("projects", "evaluations", "findings", "years")]
    paging = overview["page"].paginator.count
    tree = str(client.get("/departments/").context["tree"])
    warnings = str(overview["warnings"])
    return charts, counts, overview["chart"], paging, warnings, tree


def assert_fresh(client: Client) -> None:
    """The pages as served equal the pages computed with an empty cache."""
    served = _shown(client)
    cache.clear()
    assert served == _shown(client)


@pytest.fixture
def admin(member) -> Client:
    client = Client()
    client.force_login(member("administrator"))
    return client


def test_every_action_that_changes_the_kept_rows_gives_a_new_token(
    seeded,  # noqa: F811
    member,
    admin,
    settings,
) -> None:
    settings.JIXIAO_MONITORING_DEADLINE = "01-01"  # reports missing: counted
    assert_fresh(admin)
    project = models.Project.objects.filter(findings_count__gt=0).order_by("pk").first()
    assert project is not None
    editor = _as(member, "unit_editor", project.department)
    finance = _as(member, "finance_reviewer")
    actions.workflow.submit(project, editor)
    actions.workflow.forward(project, _as(member, "department_reviewer", project.department))
    assert_fresh(admin)
    approved = actions.workflow.approve(project, finance)  # a row of the overview
    assert_fresh(admin)
    adjusted = actions.workflow.adjust(approved, editor, "预算调整")
    assert_fresh(admin)
    finding = adjusted.findings.first()
    assert finding is not None
    actions.dismiss_finding(finding, finance, "误报")
    assert_fresh(admin)
    unit = models.Department.objects.order_by("pk").first()
    assert unit is not None
    fields = TableFields(department=Department(name=unit.name, code=unit.code), project="新项目")
    actions.save_draft(build(fields).table, _as(member, "unit_editor", unit), department=unit)
    assert_fresh(admin)
    administrator = _as(member, "administrator")
    actions.delete_project(models.Project.objects.order_by("pk").first(), administrator)
    actions.delete_evaluation(models.SelfEvaluation.objects.order_by("pk").first(), administrator)
    assert_fresh(admin)
    units = models.Department.objects.exclude(projects=None).exclude(parent=None)
    source, into = units.order_by("pk")[:2]
    actions.merge_departments(administrator, source, into)
    assert_fresh(admin)
    top = into.parent or into  # the bars sum each 主管部门 with its units, named by it
    actions.save_department(administrator, top.code, "改名后的主管部门", top.parent, top)
    assert_fresh(admin)  # the budget bars name departments
    actions.delete_batch(seeded, administrator)
    assert_fresh(admin)


def test_a_served_page_reads_no_kept_row_until_they_change(seeded, admin) -> None:  # noqa: F811
    admin.get("/dashboard/")
    with CaptureQueriesContext(connection) as again:
        admin.get("/dashboard/")
    assert not [q for q in again.captured_queries if "jixiao_total" in q["sql"]]
    totals.refresh()  # a recount: computed again
    with CaptureQueriesContext(connection) as recounted:
        admin.get("/dashboard/")
    assert [q for q in recounted.captured_queries if "jixiao_total" in q["sql"]]


def test_without_a_token_nothing_is_cached(seeded, admin) -> None:  # noqa: F811
    models.Generation.objects.all().delete()
    admin.get("/dashboard/")
    with CaptureQueriesContext(connection) as again:
        admin.get("/dashboard/")
    assert [q for q in again.captured_queries if "jixiao_total" in q["sql"]]
    totals.refresh()  # a recount writes the token again
    assert generations.token("totals") is not None


def test_a_recount_rolled_back_leaves_the_token_and_none_leaves_it_too(db) -> None:
    before = generations.token("totals")
    assert before is not None  # the migration's
    with pytest.raises(RuntimeError), transaction.atomic():
        totals.refresh()
        assert generations.token("totals") != before
        raise RuntimeError
    assert generations.token("totals") == before
    totals.refresh(set())  # no department recounted: nothing changed
    assert generations.token("totals") == before


def test_cached_keeps_a_value_per_key_and_token(db) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert generations.cached("totals", "a", compute) == 1
    assert generations.cached("totals", "a", compute) == 1
    assert generations.cached("totals", "b", compute) == 2
    generations.bump("totals")
    assert generations.cached("totals", "a", compute) == 3


def test_cached_parts_computes_every_part_at_once_and_reads_only_those_asked(
    db, monkeypatch
) -> None:
    calls: list[int] = []

    def compute() -> dict[str, list[int]]:
        calls.append(1)
        return {"数量指标": [len(calls)], "质量指标": [len(calls), 2]}

    assert generations.cached_parts("totals", "k", ["数量指标"], compute) == {"数量指标": [1]}
    read: list[list[str]] = []
    get_many = generations.cache.get_many
    monkeypatch.setattr(
        generations.cache, "get_many", lambda keys: read.append(keys) or get_many(keys)
    )
    assert generations.cached_parts("totals", "k", ["质量指标"], compute) == {"质量指标": [1, 2]}
    assert len(read[-1]) == 1  # only the part asked for
    assert generations.cached_parts("totals", "k", ["时效指标"], compute) == {}  # no rows
    assert generations.cached_parts("totals", "k", None, compute) == {
        "数量指标": [1],
        "质量指标": [1, 2],
    }
    assert len(calls) == 1  # one computation for every part
    generations.bump("totals")
    assert generations.cached_parts("totals", "k", ["数量指标"], compute) == {"数量指标": [2]}
    assert generations.cached_parts("totals", "other", ["数量指标"], compute) == {"数量指标": [3]}

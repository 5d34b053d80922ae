"""Kept totals (jixiao.web.totals) equal a recount after imports, edits, transitions, dismissals,
deletions and merges; the dashboard and the list counts read them and say what a count over the
stored rows says, for every role's scope."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jixiao.demo import seed_paths
from jixiao.domain.drafting import TableFields, build
from jixiao.domain.model import Department
from jixiao.web import actions, importing, models, monitored, queries, totals

SYSTEM = actions.Actor(None, "cli")


def _rows(found: Any) -> Counter[tuple[Any, ...]]:
    return Counter(
        (t.kind, t.department_id, t.year, t.state, t.key, t.detail, t.count, t.amount)
        for t in found
    )


def assert_kept() -> None:
    kept = _rows(models.Total.objects.all())
    assert kept == _rows(totals.recount())
    assert kept  # something is counted
    overview = ("department_id", "year", "key", "project_id", "state", "report_id", "risk")
    assert Counter(  # the monitoring overview's rows, recounted with the totals
        tuple(getattr(r, name) for name in overview) for r in models.Monitored.objects.all()
    ) == Counter(tuple(getattr(r, name) for name in overview) for r in monitored.recount())


def _import(*paths: Path, read: importing.Reader | None = None) -> models.ImportBatch:
    uploads = [importing.Upload.from_path(p) for p in paths]
    return actions.import_batch(importing.preview(uploads, read=read), SYSTEM)


@pytest.fixture
def seeded(db, readings) -> models.ImportBatch:
    batch = _import(*seed_paths(), read=readings)
    assert_kept()
    return batch


def _as(member: Any, role: str, department: models.Department | None = None) -> actions.Actor:
    return actions.Actor(member(role, department), "web")


def test_totals_follow_imports_and_new_versions(seeded, tmp_path: Path) -> None:
    text = seed_paths()[0].read_text(encoding="utf-8")
    renamed, changed = tmp_path / "renamed.txt", tmp_path / "changed.txt"
    renamed.write_text(text.replace("项目名称\n\t", "项目名称\n\t改", 1), encoding="utf-8")
    changed.write_text(text.replace("2187.85", "2190.00"), encoding="utf-8")
    budget = queries.chart_data(None)  # the public: nothing is published
    assert budget["budget"] == []
    batch = _import(renamed, changed)  # a new record and a new version of a stored one
    assert (batch.new_records, batch.new_versions) == (1, 1)
    assert_kept()
    with pytest.raises(importing.ImportRefused):  # unchanged: refused, nothing written
        _import(seed_paths()[0])
    assert_kept()


def test_totals_follow_transitions_adjustments_and_dismissals(seeded, member) -> None:
    project = models.Project.objects.filter(findings_count__gt=0).order_by("pk").first()
    assert project is not None
    editor = _as(member, "unit_editor", project.department)
    finance = _as(member, "finance_reviewer")
    actions.workflow.submit(project, editor)
    assert_kept()
    actions.workflow.forward(project, _as(member, "department_reviewer", project.department))
    actions.workflow.approve(project, finance)
    assert_kept()
    adjusted = actions.workflow.adjust(project, editor, "预算调整")
    assert_kept()
    finding = adjusted.findings.first()
    assert finding is not None
    actions.dismiss_finding(finding, finance, "误报")
    assert_kept()


def test_totals_follow_the_editor(seeded, member) -> None:
    unit = models.Department.objects.order_by("pk").first()
    assert unit is not None
    editor = _as(member, "unit_editor", unit)
    department = Department(name=unit.name, code=unit.code)
    table = build(TableFields(department=department, year=2026, project="新项目")).table
    draft = actions.save_draft(table, editor, department=unit)
    assert_kept()
    renamed = build(TableFields(department=department, year=2026, project="新项目二")).table
    actions.save_draft(renamed, editor, row=draft, base_revision=draft.revision)
    assert_kept()


def test_totals_follow_deletions_and_merges(seeded, member) -> None:
    admin = _as(member, "administrator")
    actions.delete_project(models.Project.objects.order_by("pk").first(), admin)
    assert_kept()
    actions.delete_evaluation(models.SelfEvaluation.objects.order_by("pk").first(), admin)
    assert_kept()
    units = models.Department.objects.exclude(projects=None).exclude(parent=None)
    source, into = units.order_by("pk")[:2]
    actions.merge_departments(admin, source, into)
    assert not models.Total.objects.filter(department_id=source.pk).exists()
    assert_kept()
    actions.save_department(admin, "999999", into.name, into.parent, into)
    assert_kept()
    actions.delete_batch(seeded, admin)
    assert not models.Total.objects.exists()
    assert _rows(totals.recount()) == Counter()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["administrator", "department_reviewer", "unit_editor", "public"])
def test_the_dashboard_and_list_counts_say_what_a_recount_says(seeded, member, role) -> None:
    bureau = models.Department.objects.filter(children__isnull=False).first()
    unit = models.Department.objects.filter(parent=bureau).first()
    department = {"department_reviewer": bureau, "unit_editor": unit}.get(role)
    user = None if role == "public" else member(role, department)
    client = Client() if user is None else _client(user)
    context = client.get("/dashboard/").context if user else None
    expected = {
        "projects": queries.current_projects(user).count(),
        "evaluations": queries.current_evaluations(user).count(),
        "findings": queries.open_findings(user).count(),
    }
    if context is not None:
        assert {name: context[name] for name in expected} == expected
    rules = models.Finding.objects.filter(dismissed_at=None).values_list("rule", flat=True)
    project_rule = rules.filter(project__isnull=False).first()
    evaluation_rule = (
        rules.filter(evaluation__isnull=False)
        .exclude(rule__in=rules.filter(project__isnull=False))
        .first()
    )
    assert project_rule and evaluation_rule
    grade = models.Project.objects.exclude(grade="").values_list("grade", flat=True).first()
    for f in [
        queries.ProjectFilter(),
        queries.ProjectFilter(year=2025),
        queries.ProjectFilter(department=bureau.pk),
        queries.ProjectFilter(grade="A"),
        queries.ProjectFilter(rule=project_rule),
        queries.ProjectFilter(rule=project_rule, grade=grade or "", year=2025),
        queries.ProjectFilter(rule=project_rule, grade="差", department=bureau.pk),
        queries.ProjectFilter(rule=evaluation_rule),  # in the menu, on no target table
    ]:
        assert queries.project_count(f, user) == queries.projects(f, user).count(), f
    for f in [queries.ProjectFilter(q="大气"), queries.ProjectFilter(level2="数量指标")]:
        assert queries.project_count(f, user) is None
    if user is not None:  # the list says how many it lists (a 二级指标 was counted as all)
        for query, f in [
            ("level2=数量指标", queries.ProjectFilter(level2="数量指标")),
            (f"rule={project_rule}", queries.ProjectFilter(rule=project_rule)),
        ]:
            counted = client.get(f"/projects/?{query}").context["page"].paginator.count
            assert counted == queries.projects(f, user).count(), query


def test_the_dashboard_charts_count_the_projects_behind_each_bar(seeded, admin_client) -> None:
    """The charts are filtered by year and department (docs/web.md), so they count the current
    projects live: per rule the projects with an open finding of it (then the self-evaluations),
    per 二级指标 the projects with an indicator under it."""
    charts = admin_client.get("/dashboard/").context["charts"]
    assert queries.open_findings(None).count() == 0  # the public sees published tables only
    open_rules = models.Finding.objects.filter(dismissed_at=None)
    per_rule = [
        open_rules.filter(**{f"{kind}__is_current": True})
        .values_list("rule", f"{kind}_id")
        .distinct()
        .count()
        for kind in ("project", "evaluation")
    ]
    projects = [r for r in charts["rules"] if r["link"].startswith("/projects/?")]
    evaluations = [r for r in charts["rules"] if r["link"].startswith("/self-evaluations/?")]
    assert len(projects) + len(evaluations) == len(charts["rules"])
    assert [sum(r["value"] for r in bars) for bars in (projects, evaluations)] == per_rule
    assert min(per_rule) > 0
    indicators = models.Indicator.objects.filter(project__is_current=True)
    per_level2 = indicators.values_list("level1", "level2", "project_id").distinct().count()
    assert sum(r["value"] for r in charts["level2"]) == per_level2 > 0


def test_each_rule_bar_drills_down_to_as_many_tables(seeded, admin_client) -> None:
    """A bar of the rules chart links to the project or self-evaluation list of its rule, and the
    list holds exactly the bar's value (the self-evaluations' rules included)."""
    bars = admin_client.get("/dashboard/").context["charts"]["rules"]
    for bar in bars:
        page = admin_client.get(bar["link"]).context["page"]
        assert page.paginator.count == bar["value"], bar
    assert any("（自评表）" in bar["name"] for bar in bars)


def test_the_grade_chart_has_one_slice_per_grade(seeded, admin_client) -> None:
    grades = admin_client.get("/dashboard/?year=2025").context["charts"]["grades"]
    names = [g["name"] for g in grades]
    assert len(names) == len(set(names)) > 1  # not a slice per project (GROUP BY the ordering)
    graded = models.Project.objects.filter(is_current=True, year=2025).exclude(grade="")
    assert sum(g["value"] for g in grades) == graded.count()


def test_the_self_evaluations_per_rule_follow_a_dismissal(seeded, member) -> None:
    """The kept self-evaluations per rule (the dashboard's “（自评表）” bars) drop when the last
    open finding of a rule on a self-evaluation is dismissed, as a live count says."""

    def live() -> Counter[str]:
        open_rules = models.Finding.objects.filter(dismissed_at=None, evaluation__is_current=True)
        return Counter(
            rule
            for rule, _ in open_rules.values_list("rule", "evaluation_id").order_by().distinct()
        )

    def kept() -> Counter[str]:
        found: Counter[str] = Counter()
        for t in models.Total.objects.filter(kind="evaluation_rule"):
            found[t.key] += t.count
        return found

    assert kept() == live() and sum(live().values()) > 0
    finding = models.Finding.objects.filter(dismissed_at=None).exclude(evaluation=None).first()
    assert finding is not None
    before = kept()[finding.rule]
    for same in models.Finding.objects.filter(evaluation=finding.evaluation, rule=finding.rule):
        actions.dismiss_finding(same, _as(member, "finance_reviewer"), "误报")
    assert kept()[finding.rule] == before - 1
    assert kept() == live()


def test_a_departments_totals_stay_true_when_another_department_is_imported(
    seeded, member, tmp_path: Path
) -> None:
    """Each department's totals are recounted from its own current versions and their open rows
    (on PostgreSQL by nested loops from the departments recounted): a department with a
    superseded version whose findings are still open and a dismissed finding keeps the totals of
    a recount while another department's tables are imported, and the other department's are
    counted from its rows alone."""
    text = seed_paths()[0].read_text(encoding="utf-8")
    changed = tmp_path / "changed.txt"
    changed.write_text(text.replace("2187.85", "2190.00"), encoding="utf-8")
    _import(changed)  # a new version: the findings of the one it supersedes stay open
    old = models.Project.objects.filter(is_current=False, findings__dismissed_at=None).first()
    assert old is not None
    home = old.department_id
    current = models.Finding.objects.filter(
        project__department_id=home, project__is_current=True, dismissed_at=None
    )
    finding = current.order_by("pk").first()
    assert finding is not None
    actions.dismiss_finding(finding, _as(member, "finance_reviewer"), "误报")
    mine = _rows(models.Total.objects.filter(department_id=home))
    assert mine == _rows(totals.recount([home]))
    assert {"project_finding", "project_rule", "indicator"} <= {row[0] for row in mine}
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text(
        text.replace("362101天津市生态环境局", "362199天津市测试局"), encoding="utf-8"
    )
    batch = _import(elsewhere)  # the same tables, in another department
    assert batch.new_records == 34
    (other,) = set(models.Project.objects.filter(batch=batch).values_list("department", flat=True))
    assert other != home
    assert _rows(models.Total.objects.filter(department_id=home)) == mine
    theirs = _rows(models.Total.objects.filter(department_id=other))
    assert theirs == _rows(totals.recount([other]))
    assert sum(count for (kind, *_, count, _amount) in theirs if kind == "project") == 34
    assert_kept()

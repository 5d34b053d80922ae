"""No N+1: every list and detail page and API endpoint runs a fixed number of queries, whatever
the number of projects on the page and of findings on each (a page of 50 projects here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from tests.web.test_monitoring import approve_table, july

from jixiao.demo import SEEDS, seed_paths
from jixiao.web import actions, importing, models

SEED = SEEDS / "000_c59c10b86de5a10a.txt"


@pytest.fixture
def many(db, tmp_path: Path, readings) -> models.ImportBatch:
    """The seeds and a copy of seed 000 under other names: 77 projects, a full page of
    50 on every list; each table's findings copied to 20 per table (1,540 in all)."""
    paths = list(seed_paths())
    for i in range(1):
        copy = tmp_path / f"copy_{i}.txt"
        text = SEED.read_text(encoding="utf-8").replace("项目名称\n\t", f"项目名称\n\t第{i}批")
        copy.write_text(text, encoding="utf-8")
        paths.append(copy)
    uploads = [importing.Upload.from_path(p) for p in paths]
    batch = actions.import_batch(
        importing.preview(uploads, read=readings), actions.Actor(None, "cli")
    )
    sample = list(models.Finding.objects.filter(project__isnull=False)[:20])
    for project in models.Project.objects.all():
        copies = [models.Finding(**{**_fields(f), "project": project}) for f in sample]
        models.Finding.objects.bulk_create(copies)
    assert models.Project.objects.count() > 75 and models.Finding.objects.count() > 1500
    return batch


@pytest.fixture
def monitored(many, member) -> tuple[models.MonitoringReport, models.Project]:
    """A monitoring report (绩效运行监控表) of an approved table, saved through the form."""
    department = models.Department.objects.first()
    assert department is not None
    editor = member("unit_editor", department, name="monitor")
    project = approve_table(department, editor)
    client = Client()
    client.force_login(editor)
    client.post(f"/projects/{project.pk}/monitoring/", july())
    report = models.MonitoringReport.objects.get()
    assert report.project_name == project.name
    return report, project


def _fields(finding: models.Finding) -> dict[str, object]:
    skip = {"id", "project", "evaluation"}
    return {
        f.name: getattr(finding, f.name)
        for f in models.Finding._meta.concrete_fields
        if f.name not in skip
    }


def _urls(
    batch: models.ImportBatch, monitored: tuple[models.MonitoringReport, models.Project]
) -> dict[str, str]:
    report, approved = monitored
    project = models.Project.objects.order_by("-findings_count").first()
    evaluation = models.SelfEvaluation.objects.first()
    rule = models.Finding.objects.values_list("rule", flat=True).first()
    assert project is not None and evaluation is not None and project.findings_count > 3
    return {
        "/todo/": "/todo/",
        "/monitoring/": "/monitoring/",
        "/monitoring/<pk>/": f"/monitoring/{report.pk}/",
        "/jobs/": "/jobs/",
        "/library/": "/library/",
        "/self-evaluations/adjustments/": "/self-evaluations/adjustments/",
        "/manage/users/": "/manage/users/",
        "/manage/departments/": "/manage/departments/",
        "/api/auth/tokens": "/api/auth/tokens",
        "/api/projects/<pk>/self-evaluation": f"/api/projects/{project.pk}/self-evaluation",
        "/api/projects/<pk>/monitoring": f"/api/projects/{approved.pk}/monitoring",
        "/departments/": "/departments/",
        "/projects/": "/projects/",
        "/projects/?q": "/projects/?q=大气污染",
        "/projects/?rule": f"/projects/?rule={rule}",
        "/projects/?page=2": "/projects/?page=2",
        "/projects/<pk>/": f"/projects/{project.pk}/",
        "/self-evaluations/": "/self-evaluations/",
        "/self-evaluations/<pk>/": f"/self-evaluations/{evaluation.pk}/",
        "/review/": "/review/",
        "/dashboard/": "/dashboard/",
        "/imports/": "/imports/",
        "/imports/<pk>/": f"/imports/{batch.pk}/",
        "/audit/": "/audit/",
        "/api/departments": "/api/departments",
        "/api/projects": "/api/projects?page_size=50",
        "/api/projects/<pk>": f"/api/projects/{project.pk}",
        "/api/self-evaluations/<pk>": f"/api/self-evaluations/{evaluation.pk}",
    }


#: the most queries each page may run, measured: every page pays the session, the user, the
#: user's membership and the department tree (read once per request: permissions.PerRequest)
BUDGET = {
    "/todo/": 3,  # 待办: nothing waits on an administrator
    "/monitoring/": 12,  # kept rows: count, page (ids, rows), red lights (2), missing (2), chart
    "/monitoring/<pk>/": 10,  # + the approved table it follows and its indicators
    "/jobs/": 4,
    "/library/": 6,
    "/self-evaluations/adjustments/": 4,
    "/manage/users/": 8,
    "/manage/departments/": 4,
    "/api/auth/tokens": 3,
    "/api/projects/<pk>/self-evaluation": 7,
    "/api/projects/<pk>/monitoring": 10,
    "/departments/": 6,
    "/projects/": 11,  # the page's ids, then its rows by id (late row lookup: jixiao.web.paging)
    "/projects/?q": 11,
    "/projects/?rule": 11,
    "/projects/?page=2": 11,
    "/projects/<pk>/": 14,  # + whether a self-evaluation of it exists (在线自评 button)
    "/self-evaluations/": 10,  # the filters offer departments, years, grades, rules; the count
    "/self-evaluations/<pk>/": 15,  # + its rectification items (整改) and 审核判断
    "/review/": 7,
    "/dashboard/": 17,  # the charts filtered by year and department (projects from the totals)
    "/imports/": 5,
    "/imports/<pk>/": 9,
    "/audit/": 7,
    "/api/departments": 4,
    "/api/projects": 5,
    "/api/projects/<pk>": 8,
    "/api/self-evaluations/<pk>": 7,
}


def test_queries_per_page_are_bounded(
    admin_client, many, monitored, django_assert_max_num_queries
) -> None:
    """Every page in turn on the same data (built once: it takes longer than the pages)."""
    urls = _urls(many, monitored)
    for page, budget in BUDGET.items():
        admin_client.get(urls[page])  # the session is warm, as in use (an administrator sees all)
        with django_assert_max_num_queries(budget, info=page):
            response = admin_client.get(urls[page])
        assert response.status_code == 200, page


#: a department reviewer's pages: the same budgets and the three counts of its 待办 badge
#: (target tables, self-evaluations, monitoring reports)
SCOPED = ["/projects/", "/projects/<pk>/", "/review/", "/dashboard/", "/api/projects"]


def test_a_department_bound_role_has_the_same_budgets(
    client, member, many, monitored, django_assert_max_num_queries
) -> None:
    project = models.Project.objects.order_by("-findings_count").first()
    assert project is not None
    client.force_login(member("department_reviewer", project.department))
    urls = _urls(many, monitored)
    for page in SCOPED:
        client.get(urls[page])
        with django_assert_max_num_queries(BUDGET[page] + 3, info=page):
            response = client.get(urls[page])
        assert response.status_code == 200, page
        if page == "/projects/":  # scoped: only its department's tables are listed
            assert project.name in response.text
            assert response.context["page"].paginator.count < models.Project.objects.count()

"""Zero leaks: a unit editor of one department never sees another department's tables — not in
pages, the API, search, dashboard counts, the to-do list, batches or exports (the JSON)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jixiao.demo import seed_paths
from jixiao.web import actions, importing, models


@pytest.fixture
def two_units(db, member, readings) -> tuple[Client, models.Department, models.Department]:
    """Tables of 362303 and 362207 (both under 362101) and the bureau's self-evaluation; a
    client of 362207's unit editor."""
    uploads = [importing.Upload.from_path(path) for path in seed_paths()]
    actions.import_batch(importing.preview(uploads, read=readings), actions.Actor(None, "demo"))
    mine = models.Department.objects.get(code="362207")
    theirs = models.Department.objects.get(code="362303")
    client = Client()
    client.force_login(member("unit_editor", mine))
    return client, mine, theirs


def test_pages_and_api_hide_another_departments_tables(two_units) -> None:
    client, _mine, theirs = two_units
    table = models.Project.objects.filter(department=theirs, findings_count__gt=0).first()
    assert client.get(f"/projects/{table.pk}/").status_code == 404
    assert client.get(f"/api/projects/{table.pk}").status_code == 404
    finding = models.Finding.objects.filter(project=table).first()
    assert client.post(f"/findings/{finding.pk}/comment/").status_code == 404
    assert (
        client.post(f"/projects/{table.pk}/transitions/", {"action": "submit"}).status_code == 404
    )
    evaluation = models.SelfEvaluation.objects.first()  # the bureau's
    assert client.get(f"/self-evaluations/{evaluation.pk}/").status_code == 404
    assert client.get(f"/api/self-evaluations/{evaluation.pk}").status_code == 404


def test_lists_search_and_counts_show_only_the_own_unit(two_units) -> None:
    client, mine, theirs = two_units
    own = models.Project.objects.filter(department=mine).count()
    assert own == 4 and models.Project.objects.count() == 43
    listed = client.get("/projects/").context["page"].paginator.count
    assert listed == own
    assert client.get("/api/projects").json()["count"] == own
    assert client.get("/review/").context["page"].paginator.count == own
    assert client.get("/self-evaluations/").context["page"].paginator.count == 0
    exported = client.get("/projects/export.csv").content.decode("utf-8-sig").splitlines()
    assert len(exported) == 1 + own  # the heading and the own unit's projects
    their_text = models.Indicator.objects.filter(project__department=theirs).first().level3
    assert client.get("/projects/", {"q": their_text}).context["page"].paginator.count == 0
    assert client.get("/api/projects", {"q": their_text}).json()["count"] == 0
    dashboard = client.get("/dashboard/").context
    assert dashboard["projects"] == own and dashboard["departments"] == 1
    assert dashboard["evaluations"] == 0
    assert dashboard["findings"] == models.Finding.objects.filter(project__department=mine).count()
    assert [b["name"] for b in dashboard["charts"]["budget"]] == [mine.name]
    assert [d["code"] for d in client.get("/api/departments").json()] == ["362207"]
    tree = str(client.get("/departments/").context["tree"])  # the tree's HTML
    assert re.findall(r"\?department=(\d+)", tree) == [str(mine.pk)]
    assert len(client.get("/todo/").context["items"]) == own
    assert client.get("/projects/", {"department": theirs.pk}).context["page"].paginator.count == 0


def test_batches_of_others_are_hidden(two_units) -> None:
    client = two_units[0]
    batch = models.ImportBatch.objects.get()
    assert client.get(f"/imports/{batch.pk}/").status_code == 404
    assert list(client.get("/imports/").context["batches"]) == []
    assert client.get("/audit/").status_code == 403

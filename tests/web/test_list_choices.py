"""The project list's filter values (years, grades, rules) read from the kept totals once per
state of them and scope: a second page reads no totals for them, a user of another scope gets
their own, and a change of the totals (an action's recount) gives the new values at once."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jixiao.web import actions, models, queries

OFFERED = ("years", "grades", "rules")


def _offered(client: Client) -> dict[str, Any]:
    response = client.get("/projects/")
    assert response.status_code == 200
    return {name: response.context[name] for name in OFFERED}


def _expected(user: Any) -> dict[str, Any]:
    return queries._offered(user)


def test_the_values_are_read_once_per_state_of_the_totals(client_in, user, demo) -> None:
    first = _offered(client_in)
    assert first == _expected(user) and all(first.values())
    with CaptureQueriesContext(connection) as captured:
        assert _offered(client_in) == first
    read = [q["sql"] for q in captured.captured_queries if "DISTINCT" in q["sql"]]
    assert read == [] and not any("RECURSIVE" in q["sql"] for q in captured.captured_queries)


def test_each_scope_has_its_own_values(client_in, client, user, member, demo) -> None:
    everything = _offered(client_in)
    unit = models.Department.objects.exclude(projects=None).order_by("-code").first()
    editor = member("unit_editor", unit)
    other = Client()
    other.force_login(editor)
    assert _offered(other) == _expected(editor)
    assert _expected(editor) != everything


def test_a_recount_gives_the_new_values(client_in, user, member, demo) -> None:
    before = _offered(client_in)
    graded = models.Project.objects.exclude(grade="")
    gone = graded.order_by("grade").values_list("grade", flat=True).first()
    admin = actions.Actor(member("administrator"))
    for project in graded.filter(grade=gone):
        actions.delete_project(project, admin)
    after = _offered(client_in)
    assert gone in before["grades"] and gone not in after["grades"]
    assert after == _expected(user)

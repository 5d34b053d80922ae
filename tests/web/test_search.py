"""Search (检索): through the trigram index, whitespace-insensitive, names ranked first."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.web import models, permissions, queries

AIR = "2024年中央大气污染防治专项资金项目"  # a project name of seed 000


def _names(client, q: str) -> list[str]:
    return [p.name for p in client.get("/projects/", {"q": q}).context["page"]]


def test_spaces_in_the_query_or_the_text_do_not_matter(client_in, demo) -> None:
    assert AIR in _names(client_in, "大气 污染")
    assert AIR in _names(client_in, "大气污染")
    assert AIR in _names(client_in, "大气\u3000污染防治")  # an ideographic space


def test_names_come_before_indicator_text(client_in, demo) -> None:
    project = models.Project.objects.get(name=AIR)
    indicator = project.indicators.order_by("position").last()
    assert indicator is not None
    word = indicator.level3
    hits = models.Project.objects.filter(name__contains=word).count()
    names = _names(client_in, word)
    ranked = [word in name for name in names]
    assert ranked == sorted(ranked, reverse=True)  # every name hit before any other
    assert len(names) >= hits and AIR in names


def test_short_queries_and_like_characters_are_literal(client_in, demo) -> None:
    assert AIR in _names(client_in, "大气")  # two characters: shorter than a trigram
    assert _names(client_in, "大%") == []  # (indicator values do contain “%”)
    assert _names(client_in, "大_") == []
    assert _names(client_in, "大_污染") == []
    assert _names(client_in, '"大气污染"') == []


def test_search_uses_the_trigram_index(db, demo) -> None:
    with CaptureQueriesContext(connection) as captured:
        list(queries.projects(queries.ProjectFilter(q="大气污染"), permissions.OPERATOR))
    (sql,) = [q["sql"] for q in captured.captured_queries]
    assert "MATCH" in sql if connection.vendor == "sqlite" else "jixiao_searchtext" in sql
    assert "UPPER" not in sql and "indicator" not in sql  # no scan of the indicator rows


def test_deleting_a_project_removes_its_search_text(db, demo) -> None:
    from jixiao.web import actions

    project = models.Project.objects.get(name=AIR)
    actions.delete_project(project, actions.Actor(None, "cli"))
    assert not models.SearchText.objects.filter(project_id=project.pk).exists()
    hits = queries.projects(queries.ProjectFilter(q="大气污染防治专项"), permissions.OPERATOR)
    assert project.pk not in {p.pk for p in hits} and hits.exists()

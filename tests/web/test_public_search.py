"""The disclosure site's search (检索) through the working pages' search indexes: it finds what a
substring scan of the published tables' text finds, and nothing of another version."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.domain.records import normalise_name
from jixiao.public import queries
from jixiao.web import actions, importing, models, search, storage
from jixiao.web.actions.workflow import adjust, publish

#: words only the adjusted draft's text holds (its published version does not)
DRAFT_ONLY = "调整后新增指标"


@pytest.fixture
def published(db, demo_preview: importing.Preview, user, member) -> list[models.Project]:
    """The seeds approved, every other table published; one published table adjusted (a draft
    version with words of its own), one with a unit renamed to have Latin and 全角 letters."""
    reviewer = actions.Actor(user)
    actions.import_batch(demo_preview, reviewer, approved=True)
    rows = list(models.Project.objects.order_by("pk"))
    shown = [publish(row, reviewer) for row in rows[::2]]
    editor = actions.Actor(member("unit_editor", shown[0].department))
    draft = adjust(shown[0], editor, "调整预算")
    models.SearchText.objects.filter(project=draft, rank=search.TEXT).update(text=DRAFT_ONLY)
    unit = shown[-1].department
    admin = actions.Actor(member("administrator"))
    actions.save_department(admin, unit.code, f"{unit.name}ＰＭ２.５ Lab", unit.parent, unit)
    return shown


def _pieces(row: models.Project) -> list[str]:
    """The text a published table is searched by, each piece normalised: its name, 资金用途,
    三级指标, 指标值 and 指标描述 (of its own version), and its unit's name."""
    table = storage.target_table(row)
    texts = [table.project.name, table.purpose or "", row.department.name]
    for ind in table.indicators:
        texts += [ind.level3, ind.target.raw, ind.description or ""]
    return [normalise_name(t) for t in texts]


def _scanned(needle: str, year: int | None = None) -> set[int]:
    """The published tables whose text contains ``needle``: a substring scan in Python."""
    wanted = normalise_name(needle)
    return {row.pk for row in queries.tables(year) if any(wanted in p for p in _pieces(row))}


def _indexed(needle: str, year: int | None = None) -> set[int]:
    return set(queries.search(needle, year).values_list("pk", flat=True))


def _needles(shown: list[models.Project]) -> list[str]:
    """Characters, pairs, trigrams and longer pieces of the published text (some split by a
    space, some upper-case or 全角), unit names, and words of unpublished tables only."""
    pick = random.Random(7)
    texts = [p for row in shown for p in _pieces(row) if p]
    needles = ["大气 污染", "培训", "培", "pm2.5", "ＰＭ２", "lab", "LAB", "%", "_", "'", "\\"]
    for size in (1, 2, 2, 3, 4, 6):
        for text in pick.sample(texts, 10):
            if len(text) >= size:
                start = pick.randrange(len(text) - size + 1)
                needles.append(text[start : start + size])
    needles += [f"{n[0]} {n[1:]}" for n in needles[-20:] if len(n) >= 2]
    hidden = models.Project.objects.exclude(state="published").values_list("name", flat=True)
    return [*needles, *list(hidden)[:5], DRAFT_ONLY, "没有这样的词"]


def test_the_indexes_find_what_a_scan_of_the_published_text_finds(published) -> None:
    for needle in _needles(published):
        if "|" in needle:  # the search rows join their pieces with it
            continue
        assert _indexed(needle) == _scanned(needle), needle
    assert _indexed("大气污染", 2025) == _scanned("大气污染", 2025)
    assert _indexed("大气污染", 2024) == _scanned("大气污染", 2024)
    assert not _scanned(DRAFT_ONLY) and not _indexed(DRAFT_ONLY)  # the draft is not public
    assert published[0].pk in _indexed(published[0].name)  # its published version is
    assert published[-1].pk in _indexed("pm2.5 lab")  # the unit, renamed, 全角 and upper case
    assert _indexed("") == set(queries.tables().values_list("pk", flat=True))


def test_the_search_reads_the_indexes_not_the_indicators(published) -> None:
    for needle, index in (("大气污染", "@>"), ("培训", "@>"), ("培", "&&")):
        with CaptureQueriesContext(connection) as captured:
            list(queries.search(needle))
        sql = " ".join(q["sql"] for q in captured.captured_queries)  # the units named, then it
        if connection.vendor == "sqlite":
            table = search.FTS_TABLE if len(needle) >= 3 else search.PAIRS_TABLE
            assert f"{table} MATCH" in sql, needle
        else:
            assert index in sql, needle
        assert "jixiao_indicator" not in sql and "UPPER" not in sql, needle


def test_a_page_of_results_runs_a_fixed_number_of_queries(
    client, published, django_assert_max_num_queries, settings
) -> None:
    """The stamp (tables, self-evaluations), the units named, the page's ids with the count,
    then its rows with their unit — whatever the number of results; a unit named costs none
    more."""
    settings.JIXIAO_PUBLIC_CACHE_SECONDS = 0  # computed every time
    unit = published[-1].department.name
    for query in ("年", "培训", "大气污染", unit, "没有这样的词"):
        with django_assert_max_num_queries(5, info=query):
            response = client.get("/public/search/", {"q": query})
        assert response.status_code == 200
    assert "找到" in client.get("/public/search/", {"q": "年"}).content.decode()

"""Search (检索): through the trigram index, whitespace-insensitive, names ranked first."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.web import actions, models, permissions, queries, search

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


# ------------------------------------------------------- the indexes give what a scan would give

#: texts that try the indexes' edges: one or two characters, an empty text, quotes, backslashes,
#: the query languages' operators, LIKE's wildcards, Latin and digits, a character outside the
#: BMP, the separator of the pieces
EDGES = [
    "a",
    "ab",
    "",
    "x'y",
    "c\\d",
    "50%_减排",
    "q:*&|!()<->",
    '"大气"污染',
    "'",
    "\\\\",
    "𠀀𠀁大",
    "pm2.5浓度≤35μg/m³",
    "大气|污染防治",
    "培",
]


def _scanned(needle: str) -> dict[int, int]:
    """The projects whose search rows contain ``needle`` (normalised), each with its best rank:
    a plain substring scan, the semantics the indexes must give."""
    needle = search.normalise_name(needle)
    found: dict[int, int] = {}
    for project, rank, text in models.SearchText.objects.values_list("project", "rank", "text"):
        if needle in text:
            found[project] = min(rank, found.get(project, rank))
    return found


def _indexed(needle: str) -> dict[int, int]:
    hits = search.search(models.Project.objects.all(), needle)
    return dict(hits.values_list("pk", "search_rank"))


def _needles(texts: list[str]) -> list[str]:
    """Characters, bigrams, trigrams and longer substrings of ``texts``, some split by a space,
    Latin and digits, and needles found nowhere."""
    pick = random.Random(16)
    joined = [t for t in texts if t]
    needles = ["大气", "培训", "监测", "大 气", "污 染", "2", "20", "ab", "%", "_", "'", "\\"]
    needles += ["q:", ":*", "|", "大|", "|污", "a'", "𠀁", "𠀀𠀁", "μg", "M³", "PM2", "ZZ", "没有"]
    needles += ["q:*&|!", "c\\d", "%_减", '"大气"', "𠀀𠀁大", "x'y", "大气|污", "没有这些字"]
    for size in (1, 2, 2, 2, 3, 4, 7):
        for text in pick.sample(joined, 12):
            if len(text) >= size:
                start = pick.randrange(len(text) - size + 1)
                needles.append(text[start : start + size])
    needles += [f"{n[0]} {n[1:]}" for n in needles[-20:] if len(n) >= 2]  # across a space
    return needles


def test_the_indexes_find_what_a_substring_scan_finds(db, demo) -> None:
    projects = list(models.Project.objects.order_by("pk").values_list("pk", flat=True)[:8])
    edges = [
        models.SearchText(project_id=projects[i % 8], rank=i % 2, text=text)
        for i, text in enumerate(EDGES)
    ]
    models.SearchText.objects.bulk_create(edges)
    models.SearchText.objects.create(project_id=projects[0], rank=1, text="临时文本")
    changed = models.SearchText.objects.filter(text="临时文本")
    changed.update(text="改后文本")  # the update trigger (SQLite)
    models.SearchText.objects.filter(text="x'y").delete()
    texts = list(models.SearchText.objects.values_list("text", flat=True))
    assert len(texts) > 50
    for needle in [*_needles(texts), "临时", "改后", "x'"]:
        assert _indexed(needle) == _scanned(needle), needle
    assert _scanned("改后") and not _scanned("临时") and not _scanned("x'")


def test_short_queries_use_the_bigram_index(db, demo) -> None:
    for needle in ("培训", "培"):
        with CaptureQueriesContext(connection) as captured:
            list(queries.projects(queries.ProjectFilter(q=needle), permissions.OPERATOR))
        (sql,) = [q["sql"] for q in captured.captured_queries]
        if connection.vendor == "sqlite":
            assert search.PAIRS_TABLE in sql and "LIKE" not in sql.upper()
        else:  # a character's keys are exact, a pair's rechecked
            assert ("&&" in sql) == (needle == "培") and ("strpos" in sql) == (needle == "培训")
            assert "LIKE" not in sql.upper()
    for needle in ("培训", "大气污染"):
        _assert_indexed(needle)


def test_longer_queries_are_rechecked(db, demo) -> None:
    """PostgreSQL: the rows with a needle's rarest key are rechecked (``strpos``): 大气 and 气污
    in a row are not yet 大气污, and 大 followed by 昔 (U+6614) has 大气's key (气 is U+6C14)."""
    if connection.vendor != "postgresql":
        pytest.skip("the keys' column (PostgreSQL)")
    project = models.Project.objects.order_by("pk").first()
    models.SearchText.objects.create(project=project, rank=1, text="气污|大气|大昔")
    for needle in ("大气污", "大昔", "大气"):
        with CaptureQueriesContext(connection) as captured:
            hits = search.search(models.Project.objects.all(), needle)
            found = dict(hits.values_list("pk", "search_rank"))
        assert "strpos" in captured.captured_queries[-1]["sql"]
        assert found == _scanned(needle), needle


def test_a_character_in_most_rows_is_matched_by_reading_them(db, demo) -> None:
    """PostgreSQL: after ``ANALYZE``, a character in most rows is matched by ``strpos`` alone,
    a rare one through its keys; both find what a scan finds."""
    if connection.vendor != "postgresql":
        pytest.skip("the keys' column (PostgreSQL)")
    texts = list(models.SearchText.objects.values_list("text", flat=True))
    common = max(set("".join(texts)), key=lambda c: sum(c in text for text in texts))
    assert sum(common in text for text in texts) > len(texts) / 2
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jixiao_searchtext")
    search._statistics.cache_clear()
    try:
        for needle, reads in ((common, True), ("培", False)):
            with CaptureQueriesContext(connection) as captured:
                found = _indexed(needle)
            sql = captured.captured_queries[-1]["sql"]
            assert ("&&" not in sql and "strpos" in sql) == reads, needle
            assert found == _scanned(needle), needle
    finally:
        search._statistics.cache_clear()


def _assert_indexed(needle: str) -> None:
    """The search for ``needle`` can be planned through the bigram index (a table this small is
    read whole on PostgreSQL, so the scans are switched off)."""
    hits = search.search(models.Project.objects.all(), needle)
    with connection.cursor() as cursor:
        sql, params = hits.query.sql_with_params()
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        if connection.vendor == "postgresql":  # a table this small is read whole, else not
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute(explain + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    index = search.FTS_TABLE if len(needle) >= 3 else search.PAIRS_TABLE  # SQLite's
    assert (index if connection.vendor == "sqlite" else "searchtext_bigrams") in plan, plan


# ------------------------------------- SQLite: the bulk path writes the bigrams the triggers would


def _pairs_index() -> dict[int, set[str]]:
    """The tokens of each row in SQLite's bigram table, read through an ``fts5vocab`` table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.pairs_vocab "
            f"USING fts5vocab(main, {search.PAIRS_TABLE}, instance)"
        )
        cursor.execute("SELECT doc, term FROM temp.pairs_vocab")
        index: dict[int, set[str]] = {}
        for row, term in cursor.fetchall():
            index.setdefault(row, set()).add(term)
    return index


def _expected_pairs() -> dict[int, set[str]]:
    return {
        row: set(search.pair_tokens(text).split())
        for row, text in models.SearchText.objects.values_list("pk", "text")
        if text
    }


def _switch_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search.PAIRS_SWITCH}")
        (count,) = cursor.fetchone()
    return int(count)


def test_the_bulk_path_indexes_the_bigrams_as_the_triggers_do(db, demo) -> None:
    from jixiao.web import bulk

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL computes its bigram column itself")
    project = models.Project.objects.order_by("pk").first()
    assert project is not None
    written = [
        ("project", project.pk, {"rank": i % 2, "text": text}) for i, text in enumerate(EDGES)
    ]
    with search.bigrams_written(models.SearchText):  # the import's path (bulk.insert)
        bulk.write(models.SearchText, written)
    with pytest.raises(RuntimeError), search.bigrams_written(models.SearchText):
        bulk.write(models.SearchText, written[:3])  # rows written before a failure: indexed too
        raise RuntimeError
    models.SearchText.objects.create(project=project, rank=1, text="触发器写入")  # the trigger's
    assert _switch_rows() == 0  # the trigger is on again
    assert models.SearchText.objects.count() > 2 * len(EDGES)
    assert _pairs_index() == _expected_pairs()
    assert _indexed("触发") == _scanned("触发") == {project.pk: 1}


def test_the_triggers_work_on_a_connection_outside_django(tmp_path) -> None:
    """The SQL of migrations 0017 and 0019 on a plain ``sqlite3`` connection given the function
    by :func:`search.add_functions`: the insert trigger indexes unless switched, the delete
    trigger removes the tokens."""
    import importlib
    import sqlite3

    bigrams = importlib.import_module("jixiao.web.migrations.0017_search_bigrams")
    switch = importlib.import_module("jixiao.web.migrations.0019_search_bigrams_bulk_switch")
    database = sqlite3.connect(tmp_path / "raw.sqlite3")
    search.add_functions(database)
    database.execute("CREATE TABLE jixiao_searchtext (id integer PRIMARY KEY, text text)")
    for sql in [*bigrams.SQLITE, *switch.SWITCHED]:
        database.execute(sql)
    database.execute("INSERT INTO jixiao_searchtext (id, text) VALUES (1, '大气污染')")
    database.execute(f"INSERT INTO {search.PAIRS_SWITCH} (id) VALUES (1)")
    database.execute("INSERT INTO jixiao_searchtext (id, text) VALUES (2, '大气')")
    database.execute(f"DELETE FROM {search.PAIRS_SWITCH}")
    database.execute("INSERT INTO jixiao_searchtext (id, text) VALUES (3, '气污')")

    def rows(needle: str) -> list[int]:
        token = search.pair_tokens(needle).split()[0]
        sql = f"SELECT rowid FROM {search.PAIRS_TABLE} WHERE {search.PAIRS_TABLE} MATCH ?"
        return sorted(row for (row,) in database.execute(sql, [f'"{token}"']))

    assert rows("大气") == [1] and rows("气污") == [1, 3]  # row 2: switched off
    database.execute("DELETE FROM jixiao_searchtext WHERE id = 1")
    assert rows("大气") == [] and rows("气污") == [3]
    database.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the keys' column (PostgreSQL)")
def test_the_keys_copy_writes_are_those_the_database_computes(db, demo) -> None:
    """What the import's ``COPY`` sends for the column (:func:`search.bigram_keys`) is what
    ``jixiao_bigrams(text)`` gives — within the BMP and outside it (UTF-16's surrogates), the
    empty text —, and the column of every stored row (written by the demo's import, by the ORM
    through the trigger, changed by an UPDATE) is its text's keys."""
    stored = models.SearchText.objects.order_by("pk").values_list("text", flat=True)[:40]
    texts = [*EDGES, "大气污染防治大气", "  a  ", "\\'\\''", "''", "\uffff\u8000a", "€𝄞x𝄞", *stored]
    with connection.cursor() as cursor:
        for text in texts:
            cursor.execute("SELECT jixiao_bigrams(%s)", [text])
            (keys,) = cursor.fetchone()
            assert keys == sorted(_keys(text)), text  # in order: the same value as COPY's
        project = models.Project.objects.order_by("pk").first()
        models.SearchText.objects.create(project=project, rank=1, text="临时文本")
        models.SearchText.objects.filter(text="临时文本").update(text="改后文本")
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE bigrams IS DISTINCT FROM jixiao_bigrams(text)) "
            "FROM jixiao_searchtext"
        )
        rows, wrong = cursor.fetchone()
    assert rows > 20 and wrong == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the keys' column (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forward_finds_the_same(demo_preview) -> None:
    """Migration 0033 back (the trigram index, the ``tsvector`` column and its triggers) and
    forward (the keys of the rows stored, the trigger again): the same hits."""
    actions.import_batch(demo_preview, actions.Actor(None, "demo"))
    needles = ["培", "培训", "大气污染", "大 气", "满意度", "没有这些字"]
    hits = {needle: _indexed(needle) for needle in needles}
    assert sum(map(bool, hits.values())) == 5
    call_command("migrate", "jixiao", "0032", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = 'jixiao_searchtext'::regclass AND attname = 'bigrams'"
            )
            back = cursor.fetchone()
            cursor.execute("SELECT to_regclass('searchtext_trgm') IS NOT NULL")
            trigrams = cursor.fetchone()
    finally:
        call_command("migrate", "jixiao", verbosity=0)
    assert back == ("tsvector",) and trigrams == (True,)
    assert {needle: _indexed(needle) for needle in needles} == hits
    models.SearchText.objects.create(project_id=min(hits["培"]), rank=1, text="临时文本")
    assert _indexed("临时") == {min(hits["培"]): 1}  # the trigger writes the keys again


def _keys(text: str) -> set[int]:
    """The keys of :func:`search.bigram_keys` (each once, in order)."""
    listed = [int(key) for key in search.bigram_keys(text).strip("{}").split(",") if key]
    assert listed == sorted(set(listed))
    return set(listed)


def test_the_keys_of_a_text() -> None:
    """For each UTF-16 code unit (a character outside the BMP: its two surrogates) the unit
    shifted by 8 bits with the next unit's low byte (0 after the last), each key once."""
    big, heavy, clef = 0x5927, 0x91CD, (0xD834, 0xDD1E)  # 大, 重, 𝄞 (U+1D11E)
    units = [big, heavy, *clef, heavy, big]  # 大重𝄞重大
    expected = {
        unit << 8 | (after & 0xFF) for unit, after in zip(units, [*units[1:], 0], strict=True)
    }
    assert _keys("大重𝄞重大") == expected and len(expected) == 6
    assert _keys("") == set() and _keys("a") == {97 << 8} and _keys("aa") == {97 << 8 | 97, 97 << 8}


def test_each_piece_of_the_text_is_written_once_where_it_first_occurs(db, demo) -> None:
    """The text row holds the 资金用途 and each indicator's 三级指标, 指标值 and 指标描述 once, in
    the order of their first occurrence (a 指标描述 repeating its 三级指标, a 指标值 shared by two
    indicators: written once), so that a needle within a piece finds the project as before."""
    repeated = 0
    for project in models.Project.objects.prefetch_related("indicators"):
        pieces = [project.purpose]
        for ind in project.indicators.order_by("position"):
            pieces += [ind.level3, ind.target_raw, ind.description]
        text = project.search_texts.get(rank=search.TEXT).text
        expected = [search.normalise_name(p) for p in dict.fromkeys(pieces)]
        assert text.split("|") == expected, project.name
        repeated += len(pieces) - len(expected)
    assert repeated > 100  # the seeds repeat pieces: the test sees them dropped


def test_the_joined_text_is_normalised_as_each_piece_alone() -> None:
    """:func:`search.rows` normalises the pieces joined by the separator at once: the same text
    as piece by piece (full-width forms, spaces, a final sigma, combining marks at the edges)."""
    pieces = ["ΑΣ", "Σ", " Σ ", "ＡＢ　ｃ", "｜", "\u0301a", "e\u0301", "ΑΣ\u0301", "", " ", "Ⅻ㎡"]
    for left in pieces:
        for right in pieces:
            joined = search.normalise_name(f"{left}|{right}")
            assert joined == f"{search.normalise_name(left)}|{search.normalise_name(right)}"

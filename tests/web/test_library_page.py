"""The 指标库 page at scale: alike indicator rows are counted in SQL, and the library is computed
once per state of the kept totals (jixiao.web.drafts.uses), with the same content."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.web import drafts, generations, models


def _uses_shown(page: str, name: str) -> int:
    """The 使用次数 the page shows for the 三级指标 ``name``."""
    found = re.search(f'<td>{re.escape(name)}</td><td class="num">(\\d+)</td>', page)
    assert found, name
    return int(found.group(1))


def test_alike_rows_are_loaded_once_with_their_number(demo, user, client_in) -> None:
    current = models.Indicator.objects.filter(project__is_current=True)
    rows = list(current.filter(level2__in=["数量指标", "数量"]))
    name = rows[0].level3
    models.Indicator.objects.bulk_update(rows, ["target"])  # stored as the copies will be
    before = drafts.uses(user, "数量指标")
    shown = _uses_shown(client_in.get("/library/?level2=数量指标").content.decode(), name)
    for row in rows:  # every row once more, in the same tables
        row.pk, row.position = None, row.position + 100
    models.Indicator.objects.bulk_create(rows)
    generations.bump("totals")  # as the action that wrote them does (jixiao.web.totals)
    after = drafts.uses(user, "数量指标")
    assert len(after) == len(before)  # the rows loaded into Python do not grow with the data
    assert sum(u.count for u in after) == sum(u.count for u in before) + len(rows)
    page = client_in.get("/library/?level2=数量指标").content.decode()
    assert _uses_shown(page, name) > shown


def _main(client) -> str:
    """The page's content (its <main>, without the CSRF tokens, which change per request)."""
    main = client.get("/library/").content.decode().split("<main")[1]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def test_the_library_is_computed_once_per_state_of_the_totals(demo, user, client_in) -> None:
    first = _main(client_in)
    with CaptureQueriesContext(connection) as again:
        assert _main(client_in) == first
    read = " ".join(q["sql"] for q in again.captured_queries)
    assert "jixiao_indicator" not in read  # neither table's rows: the kept value
    current = models.Indicator.objects.filter(project__is_current=True, level2="数量指标")
    current.filter(level3=current[0].level3).update(level3="改名后的指标")
    generations.bump("totals")  # as the action that rewrote them does
    assert "改名后的指标" in _main(client_in) and "改名后的指标" not in first

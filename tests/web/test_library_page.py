"""The 指标库 page at scale: alike indicator rows are counted in SQL, and the library is computed
once per state of the kept totals (jixiao.web.drafts.uses), with the same content."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from jixiao.domain import library
from jixiao.domain.targets import Target
from jixiao.domain.workflow import IN_FORCE
from jixiao.web import drafts, generations, models, permissions


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


def _expected(user) -> Counter[tuple[str, str, str]]:
    """The library's uses counted row by row in Python: every indicator row of a current version
    ``user`` may see or that is in force, by (二级, 三级指标, the whole 指标值)."""
    in_force = {str(s) for s in IN_FORCE}
    found: Counter[tuple[str, str, str]] = Counter()
    for rows, owner, versions in (
        (models.Indicator.objects, "project", models.Project.objects),
        (models.IndicatorResult.objects, "evaluation", models.SelfEvaluation.objects),
    ):
        seen = set(permissions.visible(user, versions.all()).values_list("pk", flat=True))
        for row in rows.select_related(owner):
            version = getattr(row, owner)
            if version.is_current and (version.pk in seen or version.state in in_force):
                found[
                    row.level2, row.level3, Target.model_validate(row.target).model_dump_json()
                ] += 1
    return found


def _counted(uses: list[library.Use]) -> Counter[tuple[str, str, str]]:
    found: Counter[tuple[str, str, str]] = Counter()
    for use in uses:
        found[use.level2, use.level3, use.target.model_dump_json()] += use.count
    return found


@pytest.mark.parametrize("lookup", [drafts.LOOKUP, 1])
def test_the_uses_are_every_row_seen_or_in_force_once(demo, member, monkeypatch, lookup) -> None:
    """Counted by the parsed columns, the uses are those of the rows one by one:
    superseded versions left out, another department's draft left out unless in force, and rows
    whose 指标值 texts agree but whose parsed columns differ (a cost row's ``60万``) apart."""
    monkeypatch.setattr(drafts, "LOOKUP", lookup)  # the whole 指标值s read in several queries
    projects = models.Project.objects.filter(is_current=True).order_by("pk")
    own, other, superseded = projects[0], projects[1], projects[2]
    department = models.Department.objects.create(key="name:乙", name="乙", name_key="乙")
    models.Project.objects.filter(pk=own.pk).update(department=department)  # the editor's own
    models.Project.objects.filter(pk=other.pk).update(state="approved")  # in force
    models.Project.objects.filter(pk=superseded.pk).update(is_current=False)
    row = own.indicators.all()[0]
    read = Target.model_validate(row.target)
    for kind, unit in (("quantity", ""), ("amount", "万元")):  # one text, two readings
        target = read.model_copy(update={"raw": "60万", "kind": kind, "unit": unit or None})
        row.pk, row.position = None, row.position + 100
        row.target = target.model_dump(mode="json")
        row.target_raw, row.target_kind, row.target_unit = "60万", kind, unit
        row.save()
    administrator = member("administrator")
    editor = member("unit_editor", department)
    for user in (administrator, editor):
        uses = drafts.uses(user)
        assert _counted(uses) == _expected(user)
        assert len(uses) == len(_expected(user))  # alike rows once, with their number
    assert sum(_counted(drafts.uses(editor)).values()) < sum(_expected(administrator).values())


def test_the_rows_are_counted_without_their_json(demo, user) -> None:
    """The grouping selects no 指标值 JSON (PostgreSQL sorted the jsonb of every row for it);
    the JSON is read once per group."""
    with CaptureQueriesContext(connection) as queries:
        uses = drafts.uses(user, "数量指标")
    grouping = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(grouping) == 2  # target tables and self-evaluations
    assert not any('."target"' in sql for sql in grouping)
    assert uses and all(use.count >= 1 for use in uses)


def test_every_level2_is_grouped_by_the_first_request(demo, client_in) -> None:
    """One grouping of each table's rows gives the library of every 二级指标 (a scan of the
    self-evaluations' rows, which have no index of it, for each one was the page's cost)."""
    client_in.get("/library/?level2=数量指标")
    for level2 in ("质量指标", "时效指标", "数量指标", "不存在的指标"):
        with CaptureQueriesContext(connection) as queries:
            client_in.get("/library/?" + urlencode({"level2": level2}))
        read = " ".join(q["sql"] for q in queries.captured_queries)
        assert "jixiao_indicator" not in read, level2  # neither table's rows
    generations.bump("totals")  # a recount: grouped again, once
    with CaptureQueriesContext(connection) as queries:
        client_in.get("/library/?level2=质量指标")
    grouping = [q for q in queries.captured_queries if 'MIN("jixiao_indicator' in q["sql"]]
    assert len(grouping) == 2  # target tables and self-evaluations, every 二级指标

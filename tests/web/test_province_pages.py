"""Pages that stay light with a province's year loaded (issue 16): a search matched once and
counted with its page, the budget chart by 主管部门 with the smaller departments summed in one
bar, the department menus cached per state of the department tree (never stale)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.web import actions, menus, models, queries
from jixiao.web.paging import Counted
from jixiao.web.permissions import OPERATOR
from jixiao.web.templatetags.numbers import count as shown_count

PHRASE = "大气污染"


def _matching(phrase: str) -> int:
    rows = models.SearchText.objects.filter(text__contains=phrase, project__is_current=True)
    return rows.values("project_id").distinct().count()


def test_a_search_is_matched_once_and_counted_with_its_page(client_in, demo) -> None:
    with CaptureQueriesContext(connection) as captured:
        page = client_in.get("/projects/", {"q": PHRASE}).context["page"]
    matched = [q["sql"] for q in captured.captured_queries if PHRASE in q["sql"]]
    assert len(matched) == 1, matched  # not again for the count, nor per project for its rank
    assert page.paginator.count == _matching(PHRASE) == len(page.object_list) > 1
    shown = client_in.get("/projects/", {"q": PHRASE}).content.decode()
    assert f"{shown_count(page.paginator.count)} 个项目" in shown


def test_a_search_page_past_the_end_shows_the_last_page_and_the_count(client_in, demo) -> None:
    page = client_in.get("/projects/", {"q": PHRASE, "page": 999}).context["page"]
    assert page.paginator.count == _matching(PHRASE) == len(page.object_list)
    assert page.number == page.paginator.num_pages
    f = queries.ProjectFilter(q=PHRASE)
    rows, load = queries.projects(f, OPERATOR), queries.current_projects(OPERATOR)
    pages = [Counted(rows, 2, None, load).get_page(n) for n in (1, 2, 999, "x")]
    assert [p.paginator.count for p in pages] == [_matching(PHRASE)] * 4
    last = pages[0].paginator.num_pages
    assert last > 2 and [p.number for p in pages] == [1, 2, last, 1]
    assert [len(p.object_list) for p in pages[:2]] == [2, 2] and len(pages[2].object_list) > 0
    ids = [x.pk for n in range(1, last + 1) for x in Counted(rows, 2, None, load).page(n)]
    assert len(ids) == len(set(ids)) == _matching(PHRASE)  # every match once, in rank order
    none = client_in.get("/projects/", {"q": "没有这样的项目"}).context["page"]
    assert none.paginator.count == 0 and list(none.object_list) == []


def _budget(department: int) -> Decimal:
    """The budget of the projects a bar's drill-down lists (a department with its units)."""
    listed = queries.projects(queries.ProjectFilter(department=department), OPERATOR)
    return sum(
        (p.budget_total or Decimal(0) for p in models.Project.objects.filter(pk__in=listed)),
        Decimal(0),
    )


def test_budget_bars_sum_each_bureau_with_its_units(client_in, demo, user) -> None:
    bars = client_in.get("/dashboard/").context["charts"]["budget"]
    bureau = models.Department.objects.get(code="362101")
    units = set(bureau.children.values_list("name", flat=True))
    names = [bar["name"] for bar in bars]
    assert bureau.name in names and not units & set(names)  # the units are in their bureau's bar
    for bar in bars:
        department = int(bar["link"].rsplit("department=", 1)[1])
        assert Decimal(bar["value"]) == _budget(department).quantize(Decimal("0.01")), bar
    chosen = client_in.get("/dashboard/", {"department": bureau.pk}).context
    assert units <= {bar["name"] for bar in chosen["charts"]["budget"]}  # each unit on its own
    grouped = client_in.get("/dashboard/").context["chart_list"][0]["title"]
    assert grouped == "各主管部门预算数（含所属单位，万元）"
    assert chosen["chart_list"][0]["title"] == "各单位预算数（万元）"


def test_the_smaller_departments_are_one_bar_linked_to_the_tree(demo, user) -> None:
    bureau = queries.ProjectFilter(department=models.Department.objects.get(code="362101").pk)
    every = queries.budget_bars(user, bureau, bars=100)  # the bureau and each of its units
    assert len(every) > 2
    capped = queries.budget_bars(user, bureau, bars=2)
    assert capped[:2] == every[:2] and len(capped) == 3
    rest = capped[2]
    assert rest["name"] == f"其他 {len(every) - 2} 个部门" and rest["list"] == "departments"
    assert sum(Decimal(bar["value"]) for bar in capped) == sum(Decimal(b["value"]) for b in every)
    assert len(queries.budget_bars(user, bureau, bars=len(every))) == len(every)
    assert queries.BUDGET_BARS == 20


def test_a_unit_sees_only_its_own_department_in_the_budget_chart(client, member, demo) -> None:
    unit = models.Department.objects.get(code="362207")
    client.force_login(member("department_reviewer", unit))
    bars = client.get("/dashboard/").context["charts"]["budget"]
    assert [bar["name"] for bar in bars] == [unit.name]  # not the bureau's name (its parent)


def _menu(client) -> str:
    return client.get("/projects/").content.decode()


def _selects(page: str) -> list[str]:
    return re.findall(r'<select name="department">.*?</select>', page)


def test_the_menu_follows_every_change_of_the_departments(client_in, demo, member) -> None:
    admin = actions.Actor(member("administrator"), "web")
    unit = models.Department.objects.get(code="362303")
    before = f'<option value="{unit.pk}">{unit}</option>'
    assert before in _menu(client_in)
    actions.save_department(admin, unit.code, "改名后的单位", unit.parent, unit)
    page = _menu(client_in)
    assert f'<option value="{unit.pk}">362303 改名后的单位</option>' in page
    assert before not in page
    added = actions.save_department(admin, "", "新设的单位", None)
    assert f'<option value="{added.pk}">新设的单位</option>' in _menu(client_in)
    models.Department.objects.filter(pk=added.pk).update(name="在数据库里改的名")  # not an action
    assert "在数据库里改的名</option>" in _menu(client_in)
    models.Department.objects.filter(pk=added.pk).delete()
    assert f'<option value="{added.pk}">' not in _menu(client_in)
    board = client_in.get("/dashboard/", {"department": unit.pk}).content.decode()
    assert f'<option value="{unit.pk}" selected>改名后的单位</option>' in board


def test_the_menu_is_rendered_once_per_state_of_the_tree(client_in, demo) -> None:
    first = _selects(_menu(client_in))
    with CaptureQueriesContext(connection) as captured:
        again = _selects(_menu(client_in))
    assert again == first and len(first) == 2 and first[0].count("<option") > 3
    read = [
        q["sql"] for q in captured.captured_queries if 'FROM "jixiao_department" ORDER' in q["sql"]
    ]
    assert read == []  # the departments themselves are not read: the cached menu is
    key, n = menus.stamp()
    assert n == models.Department.objects.count() and len(key) == 32


def _distinct_rules(user) -> list[str]:
    kept = queries.totals(user, "project_finding", "evaluation_finding")
    return list(kept.order_by("key").values_list("key", flat=True).distinct())


def test_the_rule_menu_skips_through_the_index_with_the_same_rules(demo, user, member) -> None:
    with CaptureQueriesContext(connection) as captured:
        rules = queries.rules_found(user)
    assert any("RECURSIVE" in q["sql"] for q in captured.captured_queries)
    assert rules == _distinct_rules(user) and len(rules) > 3 and rules == sorted(rules)
    unit = models.Department.objects.get(code="362207")
    for role, department in [("administrator", None), ("department_reviewer", unit)]:
        someone = member(role, department)
        with CaptureQueriesContext(connection) as captured:
            assert queries.rules_found(someone) == _distinct_rules(someone), role
        scanned = any("RECURSIVE" in q["sql"] for q in captured.captured_queries)
        assert scanned == (department is None), role  # a narrowed user's totals: DISTINCT
    assert queries.rules_found(None) == _distinct_rules(None) == []  # nothing published

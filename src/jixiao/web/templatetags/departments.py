"""Department menus and the department tree (单位), each rendered in one pass of plain string
building: a province has thousands of departments, and a template loop, an include per tree node
or ``format_html`` per item costs tens of microseconds per department on every page that offers
the menu. Every text is escaped (``html.escape``); ids are integers."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from jixiao.web import menus
from jixiao.web.templatetags.numbers import wanyuan

register = template.Library()


@register.simple_tag
def department_options(
    departments: Iterable[Any] | menus.DepartmentMenu, selected: int | None, names: bool = False
) -> SafeString:
    """The ``<option>`` of each department (its code and name, or only its name with
    ``names``), the one of key ``selected`` selected; a :class:`~jixiao.web.menus.DepartmentMenu`
    gives its cached rendering."""
    if isinstance(departments, menus.DepartmentMenu):
        html = departments.options(names)
    else:
        html = menus.options(departments, names)
    if selected is not None:
        chosen = f'<option value="{int(selected)}">'
        html = html.replace(chosen, f'<option value="{int(selected)}" selected>', 1)
    return mark_safe(html)


@register.simple_tag
def department_tree(tree: list[dict[str, Any]]) -> SafeString:
    """The nested lists of :func:`jixiao.web.queries.department_tree`, each department linking
    to its projects with their number and budget."""
    out: list[str] = []
    _nodes(tree, escape(reverse("projects")), out, {})
    return mark_safe("".join(out))


def _nodes(
    nodes: list[dict[str, Any]], projects: str, out: list[str], counts: dict[int, str]
) -> None:
    for node in nodes:
        n, budget = node["projects"], node["budget"]
        if n not in counts:  # “12 个项目”, translated once per number
            counts[n] = escape(ngettext("%(n)s project", "%(n)s projects", n) % {"n": n})
        counted = counts[n]
        amount = f', <span class="amount">{escape(wanyuan(budget))}</span> 万元' if budget else ""
        out.append(
            f'<li class="department"><a href="{projects}?department={int(node["department"].pk)}">'
            f'{escape(str(node["department"]))}</a>\n <span class="muted">{counted}{amount}</span>\n'
        )
        if node["children"]:
            out.append('<ul class="tree">')
            _nodes(node["children"], projects, out, counts)
            out.append("</ul>")
        out.append("</li>\n")

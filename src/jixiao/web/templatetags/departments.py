"""Department menus and the department tree (单位), rendered in one pass each: a province has
thousands of departments, and a template loop (or an include per tree node) costs tens of
microseconds per department on every page that offers the menu."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from jixiao.web.templatetags.numbers import wanyuan

register = template.Library()


@register.simple_tag
def department_options(
    departments: Iterable[Any], selected: int | None, names: bool = False
) -> str:
    """The ``<option>`` of each department (its code and name, or only its name with
    ``names``), the one of key ``selected`` selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (d.pk, " selected" if d.pk == selected else "", d.name if names else str(d))
            for d in departments
        ),
    )


@register.simple_tag
def department_tree(tree: list[dict[str, Any]]) -> str:
    """The nested lists of :func:`jixiao.web.queries.department_tree`, each department linking
    to its projects with their number and budget."""
    return _nodes(tree, reverse("projects"))


def _nodes(nodes: list[dict[str, Any]], projects: str) -> str:
    return SafeString("".join(_node(node, projects) for node in nodes))


def _node(node: dict[str, Any], projects: str) -> str:
    n = node["projects"]
    counted = ngettext("%(n)s project", "%(n)s projects", n) % {"n": n}
    budget = node["budget"]
    amount = format_html(', <span class="amount">{}</span> 万元', wanyuan(budget)) if budget else ""
    children = node["children"]
    below = format_html('<ul class="tree">{}</ul>', _nodes(children, projects)) if children else ""
    return format_html(
        '<li class="department"><a href="{}?department={}">{}</a>\n'
        ' <span class="muted">{}{}</span>\n{}</li>\n',
        projects,
        node["department"].pk,
        node["department"],
        counted,
        amount,
        below,
    )

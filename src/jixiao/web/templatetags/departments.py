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
from django.utils.translation import gettext as _
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


@register.simple_tag(takes_context=True)
def department_rows(context: template.Context, departments: list[menus.Unit]) -> SafeString:
    """The rows of the department page (单位树管理): each department's code and name to edit and
    its parent shown (kept by a hidden field; the move form changes it), then one form per row
    carrying the CSRF token and the department's id."""
    token = escape(str(context.get("csrf_token", "")))
    labels = [escape(str(_(text))) for text in ("Code", "Name", "Save")]
    names: dict[int | None, str] = {None: "—"} | {d.pk: escape(str(d)) for d in departments}
    rows, forms = [], []
    for d in departments:
        pk, parent = int(d.pk), d.parent_id
        rows.append(
            f'<tr><td><input form="d{pk}" name="code" value="{escape(d.code)}" maxlength="30" '
            f'aria-label="{labels[0]}"></td>\n<td><input form="d{pk}" name="name" '
            f'value="{escape(d.name)}" maxlength="200" required aria-label="{labels[1]}"></td>\n'
            f'<td><input form="d{pk}" type="hidden" name="parent" '
            f'value="{"" if parent is None else int(parent)}">{names.get(parent, "—")}</td>\n'
            f'<td><button form="d{pk}" type="submit">{labels[2]}</button></td></tr>\n'
        )
        forms.append(
            f'<form method="post" id="d{pk}"><input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{token}"><input type="hidden" name="id" value="{pk}"></form>\n'
        )
    return mark_safe(f"<tbody>{''.join(rows)}</tbody></table>\n{''.join(forms)}")

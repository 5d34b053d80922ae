"""The indicator rows of the self-evaluation page (~200 a table) in one pass of plain string
building: a template loop with its filters and an include per row cost as much as the rest of
the request. Every text is escaped (``html.escape``); numbers go through the ``score`` filter.
A row's cells depend on the stored version alone: :func:`cells` makes them once, kept with its
scores (:mod:`jixiao.web.scored`), so a request only joins them. What few rows carry (findings,
comments, a 审核判断) is rendered by the templates that render it everywhere else
(``jixiao/_evaluation_row_notes.html``), for those rows only."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from jixiao.web.templatetags.numbers import score

register = template.Library()


def recomputed(value: Decimal | None, reported: Decimal | None, note: str) -> dict[str, Any]:
    """A recomputed score for the page: highlighted when it differs from the reported one."""
    differs = value is not None and reported is not None and value != reported
    return {"value": value, "differs": differs, "note": note}


def cells(indicator: Any, shown: dict[str, Any]) -> tuple[str, str]:
    """The ``<tr>`` of an indicator row (:data:`jixiao.web.scored.SHOWN_ROW`) and its
    :func:`recomputed` score ``shown``, escaped: before and after the row's notes."""
    value = score(shown["value"]) or "—"
    head = f'<tr class="indicator-result">\n  <td>{escape(indicator.level2)}</td><td>'
    return head + escape(indicator.level3), (
        "</td>\n"
        f"  <td>{escape(indicator.target_raw)}</td><td>{escape(indicator.actual_raw)}</td>\n"
        f'  <td class="num">{escape(score(indicator.weight))}</td>'
        f'<td class="num">{escape(score(indicator.score))}</td>\n'
        f'  <td class="num recomputed{" diff" if shown["differs"] else ""}" '
        f'title="{escape(str(shown["note"]))}">{escape(value)}</td>\n</tr>'
    )


@register.simple_tag(takes_context=True)
def evaluation_rows(
    context: Any, rows: list[dict[str, Any]], comment_head: str = "", comment_tail: str = ""
) -> SafeString:
    """The ``<tr>`` of each row of :func:`jixiao.web.views.browse.evaluation` (its ``cells``);
    with a comment form (``comment_head`` and ``comment_tail``, rendered once), each row's,
    around its number."""
    notes = context.template.engine.get_template("jixiao/_evaluation_row_notes.html")
    out: list[str] = []
    for row in rows:
        form = (
            f'\n{comment_head}<input type="hidden" name="row" '
            f'value="{int(row["indicator"].position)}">{comment_tail}'
            if comment_head
            else ""
        )
        if row.get("findings") or row.get("comments") or row.get("judging"):
            with context.push(row=row, form=mark_safe(form)):  # rendered, escaped
                extra = notes.render(context)
        else:
            extra = form
        head, tail = row["cells"]
        out.append(f"{head}{extra}{tail}")
    return mark_safe("".join(out))  # every text escaped (cells, the notes' template)

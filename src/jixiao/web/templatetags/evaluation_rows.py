"""The indicator rows of the self-evaluation page (~200 a table) in one pass of plain string
building: a template loop with its filters and an include per row cost as much as the rest of
the request. Every text is escaped (``html.escape``); numbers go through the ``score`` filter.
What few rows carry (findings, comments, a 审核判断) is rendered by the templates that render it
everywhere else (``jixiao/_evaluation_row_notes.html``), for those rows only."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from jixiao.web.templatetags.numbers import score

register = template.Library()


@register.simple_tag(takes_context=True)
def evaluation_rows(
    context: Any, rows: list[dict[str, Any]], comment_head: str = "", comment_tail: str = ""
) -> SafeString:
    """The ``<tr>`` of each row of :func:`jixiao.web.views.browse.evaluation`; with a comment
    form (``comment_head`` and ``comment_tail``, rendered once), each row's, around its number."""
    notes = context.template.engine.get_template("jixiao/_evaluation_row_notes.html")
    out: list[str] = []
    for row in rows:
        indicator, recomputed = row["indicator"], row["score"]
        form = (
            f'\n{comment_head}<input type="hidden" name="row" value="{int(indicator.position)}">'
            f"{comment_tail}"
            if comment_head
            else ""
        )
        if row.get("findings") or row.get("comments") or row.get("judging"):
            with context.push(row=row, form=mark_safe(form)):  # rendered, escaped
                extra = notes.render(context)
        else:
            extra = form
        shown = score(recomputed["value"]) or "—"
        out.append(
            '<tr class="indicator-result">\n'
            f"  <td>{escape(indicator.level2)}</td><td>{escape(indicator.level3)}{extra}</td>\n"
            f"  <td>{escape(indicator.target_raw)}</td><td>{escape(indicator.actual_raw)}</td>\n"
            f'  <td class="num">{escape(score(indicator.weight))}</td>'
            f'<td class="num">{escape(score(indicator.score))}</td>\n'
            f'  <td class="num recomputed{" diff" if recomputed["differs"] else ""}" '
            f'title="{escape(str(recomputed["note"]))}">{escape(shown)}</td>\n</tr>'
        )
    return mark_safe("".join(out))  # every text escaped above

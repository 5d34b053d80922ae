"""Template tags and filters of the pages: findings, permissions, states, lights, rules and the
readers' words in the interface language (numbers: :mod:`jixiao.web.templatetags.numbers`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

register = template.Library()


@register.simple_tag
def finding_message(finding: Any, language: str) -> str:
    """A finding's message in the interface language (stored rows and domain findings alike)."""
    english = getattr(finding, "message_en", "") if language.startswith("en") else ""
    return str(english or finding.message)


@register.simple_tag
def todo_count(user: Any) -> int:
    """How many documents wait on ``user`` (待办), for the navigation."""
    from jixiao.web.views.workflow import todo_count as count

    return count(user)


@register.simple_tag
def may(user: Any, action: str) -> bool:
    """Whether ``user`` may take the system-wide ``action`` (manage_users, view_audit …)."""
    from jixiao.web.permissions import allowed

    return bool(allowed(user, action))


@register.simple_tag
def may_write(user: Any) -> bool:
    """Whether ``user`` may write a new target table (in the editor) for some department."""
    from jixiao.web.drafts import may_write as may

    return may(user)


@register.filter
def state_label(state: str) -> str:
    """The Chinese name of a stored state (草稿, 已提交 …)."""
    from jixiao.domain.workflow import STATE_LABELS, State

    return STATE_LABELS[State(state)] if state in set(State) else state


@register.filter
def light_name(light: str | None) -> str:
    """The Chinese name of a pacing light (红/黄/绿/蓝), — when there is none."""
    from jixiao.domain.scoring.monitoring import LIGHT_NAMES

    return f"{LIGHT_NAMES[light]}灯" if light in LIGHT_NAMES else "—"


#: the kinds of audited objects (审计对象), by the name the audit log stores
OBJECT_KINDS = {
    "project": gettext_lazy("target table"),
    "evaluation": gettext_lazy("self-evaluation"),
    "batch": gettext_lazy("import batch"),
    "user": gettext_lazy("user"),
    "department": gettext_lazy("department"),
    "upload": gettext_lazy("upload"),
    "finding": gettext_lazy("finding"),
    "indicator": gettext_lazy("indicator"),
    "comment": gettext_lazy("comment"),
    "profile": gettext_lazy("review profile"),
    "job": gettext_lazy("background job"),
    "monitoring": gettext_lazy("monitoring report"),
    "rectification": gettext_lazy("rectification item"),
    "year": gettext_lazy("budget year"),
}


@register.filter
def object_kind(name: str) -> str:
    """The readable name of an audited object's kind (目标表, 自评表 …); unknown names as stored."""
    return str(OBJECT_KINDS.get(name, name))


@register.filter
def read_error(error: Any) -> str:
    """A reader's error in the interface language, naming file, line, cell and table."""
    from jixiao.web.read_errors import explain

    return explain(error)


@register.filter
def reader_says(text: str) -> str:
    """A reader's skip reason, note or name in the interface language."""
    from jixiao.web.read_errors import message

    return message(text)


#: severity (严重程度) by icon and word as well as colour: error, warning, info
SEVERITY_ICONS = {"error": "⛔", "warning": "⚠", "info": "ℹ"}
SEVERITY_WORDS = {
    "error": gettext_lazy("error"),
    "warning": gettext_lazy("warning"),
    "info": gettext_lazy("info"),
}


@register.filter
def severity_icon(severity: str) -> str:
    return SEVERITY_ICONS.get(severity, "")


@register.filter
def severity_word(severity: str) -> str:
    return str(SEVERITY_WORDS.get(severity, severity))


@register.simple_tag
def unit_name() -> str:
    """The unit that runs the system (setting ``JIXIAO_UNIT_NAME``), for the login page."""
    from django.conf import settings

    return str(settings.JIXIAO_UNIT_NAME)


@register.filter(name="rule_label")
def rule_label_filter(code: str) -> str:
    """“CMP-01 缺少项目名称…”: a rule's code with its Chinese title."""
    from jixiao.web.rules import rule_label

    return rule_label(code)


@register.simple_tag(takes_context=True)
def sort_header(context: Any, key: str, label: str) -> str:
    """A column heading that sorts the list by ``key`` (again: the other way), keeping the other
    filters; the current order marked ▲ (ascending) or ▼ (descending)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    current = query.get("sort", "")
    query["sort"] = f"-{key}" if current == key else key
    mark = {key: "▲", f"-{key}": "▼"}.get(current, "")
    return format_html('<a class="sort" href="?{}">{}</a>{}', query.urlencode(), label, mark)


class _Captured(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist, self.name = nodelist, name

    def render(self, context: Any) -> str:
        # rendered (and escaped) like the rest of the template, then repeated as it is
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser: Any, token: Any) -> _Captured:
    """``{% capture as name %}…{% endcapture %}``: render the block once and keep it as ``name``
    (what every row of a long table repeats, e.g. the comment form around its row number)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return _Captured(nodelist, bits[2])

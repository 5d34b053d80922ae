"""Template filters: decimals as written (``2187.85``, not the column's ``2187.8500``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from jixiao.web.storage import number

register = template.Library()


@register.filter
def plain(value: Decimal | None) -> str:
    """A stored decimal without padding zeros; blank for None."""
    return "" if value is None else str(number(value))


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

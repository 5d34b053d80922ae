"""Template filters: decimals as written (``2187.85``, not the column's ``2187.8500``)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from jixiao.web.storage import number

register = template.Library()


@register.filter
def plain(value: Decimal | None) -> str:
    """A stored decimal without padding zeros; blank for None."""
    return "" if value is None else str(number(value))

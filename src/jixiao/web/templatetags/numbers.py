"""One way to show numbers (数字格式): 万元 with two decimals and thousands separators, scores as
the scoring profile rounds them, percentages and counts. Decimal only, never a binary float.

Load with ``{% load numbers %}``; the filters answer "" for None (the cell stays empty) and leave
text that is not a number as it is (a value the reader kept as written).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from django import template

register = template.Library()

AMOUNT_DECIMALS = 2  # 万元 always with two decimals (分 of 万元 is not shown)
PERCENT_DECIMALS = 1  # 执行率 and shares, as the forms print them


def _decimal(value: object) -> Decimal | None:
    """``value`` as a Decimal (ints, Decimals and numeric text; floats through their repr)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def grouped(value: Decimal, decimals: int) -> str:
    """``value`` rounded half-up to ``decimals`` places with thousands separators (1,234.50)."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    return text[1:] if text.startswith("-") and rounded == 0 else text


@cache
def score_decimals() -> int:
    """The decimals of a score in the default project scoring profile (central_2020: 2)."""
    from jixiao.domain.profile_choice import DEFAULT_SCORING
    from jixiao.domain.scoring.profile import load_profile

    return load_profile(DEFAULT_SCORING["project"]).rounding.score_decimals


def _shown(value: object, decimals: int) -> str:
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return grouped(number, decimals)


@register.filter
def wanyuan(value: object) -> str:
    """An amount in 万元: two decimals, thousands separators (2,192,692.29)."""
    return _shown(value, AMOUNT_DECIMALS)


@register.filter
def score(value: object) -> str:
    """A score (得分/权重) rounded as the scoring profile rounds it (8.60 at two decimals)."""
    return _shown(value, score_decimals())


@register.filter
def percent(value: object) -> str:
    """A percentage with one decimal and the sign (86.1%); blank for None."""
    shown = _shown(value, PERCENT_DECIMALS)
    return f"{shown}%" if _decimal(value) is not None else shown


@register.filter
def count(value: object) -> str:
    """A whole number with thousands separators (12,345)."""
    return _shown(value, 0)

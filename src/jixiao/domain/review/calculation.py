"""测算依据 (calculation basis): the 单价 × 数量 = 金额 lines of a free-text calculation.

``products(text)`` finds every product written with ×, *, x, X, ✕ or 乘(以) — ``500元/人×200人
=10万元``, ``0.8万元/人月*3人*12月`` — and returns its amount with the money unit it states
(万元, 元, or unknown when no factor and no result names one). ``totals(text)`` gives the sum of
the products in 万元 under each reading the text allows: the stated units, or — when a unit is
missing — 万元 and 元. A stated 合计/共计/总计 amount is one more candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SEGMENTS = re.compile(r"[；;，,。\n、]+")
_TIMES = re.compile(r"[×*✕xX]|乘以?")
_EQUALS = re.compile(r"[=＝]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TOTAL = re.compile(r"(?:合计|共计|总计|总额)[为:：约]?\s*(\d+(?:\.\d+)?)\s*(万元|元|万)?")
_WAN = Decimal(10000)

Unit = str | None  # "万元", "元" or None (not stated)


@dataclass(frozen=True)
class Product:
    """One 单价 × 数量 (= 金额) expression: its amount and the money unit it states."""

    text: str
    amount: Decimal
    unit: Unit


def _unit(text: str) -> Unit:
    if "万元" in text or re.match(r"\s*万", text):
        return "万元"
    return "元" if "元" in text else None


def _factor(text: str, last: bool = False) -> tuple[Decimal, Unit] | None:
    """The number of a factor and the unit after it (the last number before the first ×)."""
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return None
    match = numbers[-1] if last else numbers[0]
    return Decimal(match.group(0)), _unit(text[match.end() :])


def _product(segment: str) -> Product | None:
    parts = _EQUALS.split(segment)
    left, right = parts[0], (parts[1] if len(parts) > 1 else "")
    pieces = _TIMES.split(left)
    factors = [_factor(piece, last=i == 0) for i, piece in enumerate(pieces)]
    if len(factors) < 2 or any(f is None for f in factors):
        return None
    amount, unit = Decimal(1), None
    for value, factor_unit in (f for f in factors if f is not None):
        amount *= value
        unit = unit or factor_unit
    stated = _factor(right)
    if stated is not None:
        amount, unit = stated[0], stated[1] or unit
    return Product(segment.strip(), amount, unit)


def products(text: str) -> list[Product]:
    """The 单价 × 数量 expressions of the text, one per clause."""
    clean = _THOUSANDS.sub("", text)
    found = [_product(s) for s in _SEGMENTS.split(clean) if _TIMES.search(s)]
    return [p for p in found if p is not None]


def _in_wan(amount: Decimal, unit: Unit, default: str) -> Decimal:
    return amount / _WAN if (unit or default) == "元" else amount


def totals(text: str) -> list[Decimal]:
    """The candidate totals (万元) of the text: the sum of its products, and any stated 合计."""
    found = products(text)
    candidates: list[Decimal] = []
    if found:
        readings = ("万元", "元") if any(p.unit is None for p in found) else ("万元",)
        candidates = [
            sum((_in_wan(p.amount, p.unit, r) for p in found), Decimal(0)) for r in readings
        ]
    for match in _TOTAL.finditer(_THOUSANDS.sub("", text)):
        amount, unit = Decimal(match.group(1)), _unit(match.group(2) or "")
        candidates += [
            _in_wan(amount, unit, r) for r in (("万元", "元") if unit is None else ("万元",))
        ]
    return candidates

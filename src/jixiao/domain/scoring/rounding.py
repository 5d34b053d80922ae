"""Rounding (四舍五入) and display of decimals: always ROUND_HALF_UP, never binary floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def quantize(value: Decimal, decimals: int) -> Decimal:
    """``value`` rounded half-up to ``decimals`` places (8.606 → 8.6 at 1; 0.545 → 0.55 at 2)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (0.50 → 0.5, 1E+2 → 100)."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text

"""百万分之一 (millionths): an amount or a score as the whole number of millionths that the
database stores for it (``123.456789`` 万元 → ``123456789``, :mod:`jixiao.web.fields`).

Six places hold 元 → 万元 conversions exactly (0.01 元 = 0.000001 万元); a value with more
places is rounded half up. :func:`millionths` is the one scaling, used by the database field
when it saves a value and by the sandbox's reader worker when it sends the row values of a
document (:mod:`jixiao.domain.row_values`): an ``int`` crosses to the importing process as a few
bytes, which the bulk writer sends as they are, where a ``Decimal`` is pickled by its reduction
(a call each way) and scaled again there.
"""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["PLACES", "millionths", "remembered"]

PLACES = 6
_SCALE = Decimal(10) ** PLACES


def millionths(value: Decimal | int) -> int:
    """``value`` as a whole number of millionths (rounded half up)."""
    scaled = Decimal(value) * _SCALE
    return int(scaled.to_integral_value(rounding=ROUND_HALF_UP))


@functools.lru_cache(maxsize=4096)
def remembered(value: Decimal | None) -> int | None:
    """:func:`millionths` of an amount or None, each distinct value scaled once (a document's
    amounts and points are few distinct values: ≈ 350 of 109,280 per 5,000 tables; equal values
    such as ``Decimal("2")`` and ``Decimal("2.0")`` scale alike). Bounded: a worker reads many
    files, each of them untrusted."""
    return None if value is None else millionths(value)

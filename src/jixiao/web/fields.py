"""Exact decimals in the database: money (万元) and points as scaled integers.

SQLite has no exact decimal type (a ``decimal`` column stores floating point), so amounts are kept
as whole numbers of millionths: ``123.456789`` 万元 is stored as ``123456789``. Six places hold
元 → 万元 conversions exactly (0.01 元 = 0.000001 万元); a 64-bit integer holds 18 significant
digits (up to 9,223,372,036,854.775807). Sums and ordering are exact on SQLite and PostgreSQL
alike, and come back as :class:`~decimal.Decimal`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from jixiao.domain.millionths import PLACES, millionths

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable

__all__ = ["PLACES", "ExactDecimalField"]

_SCALE = Decimal(10) ** PLACES

if TYPE_CHECKING:  # django-stubs: the types set and read (every use is null=True)
    _Base = models.BigIntegerField[Decimal | int | str | Combinable | None, Decimal | None]
else:  # Django's fields take no type parameters at run time
    _Base = models.BigIntegerField


class ExactDecimalField(_Base):
    """A Decimal with up to 6 places, stored as an integer number of millionths."""

    description = "Decimal stored exactly as millionths"

    def get_prep_value(self, value: Any) -> int | None:
        if value is None:
            return None
        return millionths(value if isinstance(value, int | Decimal) else Decimal(str(value)))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        return None if value is None else _unscale(value)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value))


def _unscale(value: int | Decimal | float) -> Decimal:
    """Millionths → the Decimal, without padding zeros (``8600000`` → ``8.6``)."""
    exact = Decimal(int(value)) / _SCALE
    return exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact.normalize()

"""An amount as the whole number of millionths the database stores (:mod:`jixiao.domain.millionths`)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.millionths import millionths, remembered
from jixiao.web.fields import ExactDecimalField


def test_an_amount_is_its_millionths_rounded_half_up_as_the_field_stores_it() -> None:
    field = ExactDecimalField()
    cases = {
        Decimal("123.456789"): 123_456_789,
        Decimal("8.6"): 8_600_000,
        Decimal("2"): 2_000_000,
        Decimal("2.0000"): 2_000_000,
        Decimal("0.0000005"): 1,  # half up
        Decimal("0.00000049"): 0,
        Decimal("-1.0000005"): -1_000_001,  # half away from zero
        Decimal("9223372036854.775807"): 9_223_372_036_854_775_807,
        7: 7_000_000,
    }
    for value, expected in cases.items():
        assert millionths(value) == field.get_prep_value(value) == expected
        if isinstance(value, Decimal):
            assert remembered(value) == expected
    assert remembered(None) is None and field.get_prep_value(None) is None
    assert field.get_prep_value("1.5") == 1_500_000


def test_equal_amounts_are_remembered_alike_and_the_memory_is_bounded() -> None:
    assert remembered(Decimal("2")) == remembered(Decimal("2.00")) == 2_000_000
    assert remembered.cache_info().maxsize is not None

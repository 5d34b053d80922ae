"""测算依据: the 单价 × 数量 = 金额 expressions read from free text, and their totals in 万元."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.domain.review.calculation import products, totals


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("培训费：500元/人×200人=10万元", [("10", "万元")]),
        ("0.8万元/人月*3人*12月", [("28.8", "万元")]),
        (
            "2025年培训费500元x200人",
            [("100000", "元")],
        ),  # the year before the price is not a factor
        ("体检费 300元/人 乘以 1000人", [("300000", "元")]),
        ("1,000元✕50人；场地 2万元/场 X 3场", [("50000", "元"), ("6", "万元")]),
        ("每场 5 × 20 场", [("100", None)]),
    ],
)
def test_products(text: str, amounts: list[tuple[str, str | None]]) -> None:
    assert [(p.amount, p.unit) for p in products(text)] == [(Decimal(a), u) for a, u in amounts]


@pytest.mark.parametrize("text", ["根据实际工作需要测算", "详见附件", "xx项目经费", "3×", ""])
def test_no_product(text: str) -> None:
    assert products(text) == []


def test_totals_in_wan() -> None:
    assert totals("500元/人×200人=10万元；2万元/场*3场") == [Decimal(16)]
    assert totals("1000元×50人") == [Decimal(5)]
    # no unit stated: both readings (万元 and 元) are candidates
    assert totals("5×20") == [Decimal(100), Decimal("0.01")]
    # a stated 合计 is one more candidate
    assert Decimal(80) in totals("4人×12月×1.5万元/人月=72万元；设备 8万元；合计80万元")

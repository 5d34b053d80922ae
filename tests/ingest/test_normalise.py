from datetime import datetime
from decimal import Decimal

import pytest

from jixiao.ingest.normalise import amount, display, join_target, level_label, percent, strip_code


def test_float_artefacts_are_rounded_to_what_excel_shows() -> None:
    assert display(82800.92000000001) == "82800.92"
    assert display(0.1 + 0.2) == "0.3"
    assert display(100.0) == "100"


def test_percent_formats_show_fractions_as_percent() -> None:
    assert display(0.95, "0%") == "95%"
    assert display(1, "0%") == "100%"
    assert display(1.0, "0.00%") == "100%"


def test_dates_are_shown_as_year_month_day() -> None:
    assert display(datetime(2025, 12, 31)) == "2025年12月31日"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("50-%", "%"), ("76-次", "次"), ("1-正向指标", "正向指标"), ("2025年", "2025年"), ("≥", "≥")],
)
def test_system_code_prefixes_are_stripped(text: str, expected: str) -> None:
    assert strip_code(text) == expected


@pytest.mark.parametrize(
    ("parts", "native", "expected"),
    [
        (("≥", "9000", "76-人次", ""), 9000, "≥9000人次"),
        (("1-≥", "0.95", "50-%", ""), 0.95, "≥95%"),
        (("＝", "1", "%", ""), 1, "=100%"),
        (("≤", "45657", "日期", ""), 45657, "≤2024年12月31日"),
        (("定性", "优良中低差", "", ""), None, "优良中低差"),
        (("", "90", "%", "1-正向指标"), 90, "≥90%"),
        (("", "5", "%", "反向指标"), 5, "≤5%"),
        (("≧", "90%", "", ""), None, "≥90%"),
        (("大于等于", "3", "个", ""), 3, "≥3个"),
    ],
)
def test_split_targets_are_joined(
    parts: tuple[str, str, str, str], native: object, expected: str
) -> None:
    assert join_target(*parts, native=native) == expected


def test_yuan_under_a_wan_heading_becomes_wan() -> None:
    assert amount("15,995,600.00", wan_heading=True) == (Decimal("1599.56"), True)
    assert amount("1500000", wan_heading=True) == (Decimal("150"), True)
    assert amount("1599.56", wan_heading=True) == (Decimal("1599.56"), False)
    assert amount("5000元", wan_heading=False) == (Decimal("0.5"), True)
    assert amount("", wan_heading=True) == (None, False)
    with pytest.raises(ValueError, match="not an amount"):
        amount("约100", wan_heading=True)


def test_rates_and_level_labels() -> None:
    assert percent("0.95") == Decimal("95.00")
    assert percent("95%") == Decimal("95")
    assert level_label("产出指标(50分)") == ("产出指标", Decimal("50"))
    assert level_label("效益指标（30分）") == ("效益指标", Decimal("30"))
    assert level_label("1-满意度指标") == ("满意度指标", None)

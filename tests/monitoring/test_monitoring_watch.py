"""预警 of the monitoring overview: risk, expected pace and the reporting deadline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from tests.monitoring.test_monitoring_form import approved_table, july

from jixiao.domain.monitoring_form import RowFields, build
from jixiao.domain.monitoring_watch import deadline, expected_pace, overdue, risk
from jixiao.domain.scoring.monitoring import assess_monitoring


def test_red_lights_weigh_more_than_yellow_ones() -> None:
    red = build(approved_table(), july()).report  # 30 of 70 → red
    yellow = build(approved_table(), july(first=RowFields(progress="50家"))).report  # 0.71
    green = build(approved_table(), july(first=RowFields(progress="70家"))).report
    scores = [risk(assess_monitoring(r, "central_2020")) for r in (red, yellow, green)]
    assert scores == [10, 3, 0]


def test_the_expected_pace_is_the_share_of_the_year() -> None:
    assert expected_pace(7) == Decimal("58.3") and expected_pace(12) == Decimal("100.0")


def test_a_report_is_missing_only_after_the_deadline_and_until_submitted() -> None:
    assert deadline(2025, "08-31") == date(2025, 8, 31)
    assert not overdue(2025, "08-31", date(2025, 8, 31), submitted=False)
    assert overdue(2025, "08-31", date(2025, 9, 1), submitted=False)
    assert not overdue(2025, "08-31", date(2025, 9, 1), submitted=True)
    with pytest.raises(ValueError):
        deadline(2025, "8月底")

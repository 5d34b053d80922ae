"""预警 of the monitoring overview: how risky a report is, the expected pace, the deadline.

136号 asks for the 1–7月 monitoring each August; when the reports are due is a setting (a day of
the year, ``MM-DD``), after which an approved project without a submitted report is on the
warning list.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jixiao.domain.scoring.monitoring import PacingReport
from jixiao.domain.scoring.profile import Light
from jixiao.domain.scoring.rounding import quantize

_WEIGHT: dict[Light | None, int] = {"red": 10, "yellow": 3}


def risk(pacing: PacingReport) -> int:
    """风险 of a report for ordering the overview (higher: worse): a red light weighs 10, a
    yellow one 3, the budget's light as much as an indicator's."""
    lights = [i.light for i in pacing.indicators] + [pacing.budget.light]
    return sum(_WEIGHT.get(light, 0) for light in lights)


def expected_pace(month: int) -> Decimal:
    """序时进度 at the end of ``month``: the share of the year elapsed (percent)."""
    return quantize(Decimal(month) / 12 * 100, 1)


def deadline(year: int, day: str) -> date:
    """The due date of the reports of ``year`` (``day`` as ``MM-DD``); ValueError if unreadable."""
    month, _, dd = day.strip().partition("-")
    return date(year, int(month), int(dd))


def overdue(year: int | None, day: str, today: date, submitted: bool) -> bool:
    """Whether a report of ``year`` that is not ``submitted`` is missing after its deadline."""
    return year is not None and not submitted and today > deadline(year, day)

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from jixiao.domain.model import IndicatorResult, Source
from jixiao.domain.scoring import Profile, load_profile
from jixiao.domain.targets import parse_target


@pytest.fixture(scope="session")
def tianjin() -> Profile:
    return load_profile("tianjin_dept")


@pytest.fixture(scope="session")
def central() -> Profile:
    return load_profile("central_2020")


@pytest.fixture(scope="session")
def make_row() -> Callable[..., IndicatorResult]:
    """An indicator row from the texts of its cells: target, actual, 分值, 得分, 二级指标."""

    def make(
        target: str,
        actual: str,
        weight: str | None = "1",
        score: str | None = None,
        level2: str = "数量指标",
        deviation: str | None = None,
    ) -> IndicatorResult:
        return IndicatorResult(
            goal_no=1,
            level1="产出指标",
            level2=level2,
            level3="测试指标",
            target=parse_target(target),
            actual=parse_target(actual),
            weight=None if weight is None else Decimal(weight),
            score=None if score is None else Decimal(score),
            deviation=deviation,
            source=Source(file="test.txt", line=7),
        )

    return make


@pytest.fixture(scope="session")
def with_settings() -> Callable[..., Profile]:
    """``with_settings(profile, section, **changes)``: a copy with some settings of a section changed."""

    def change(profile: Profile, section: str, **changes: object) -> Profile:
        part = getattr(profile, section).model_copy(update=changes)
        return profile.model_copy(update={section: part})

    return change

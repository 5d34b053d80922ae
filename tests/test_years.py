"""The budget year (预算年度) comes from a title or a form label, never from narrative text."""

from __future__ import annotations

import pytest

from jixiao.domain.years import budget_year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2025年度天津市机动车排污管控技术服务项目绩效目标表", 2025),
        ("深圳市福田区二级项目支出绩效目标申报表（2025年）", 2025),
        ("2024年中央大气污染防治专项资金项目绩效目标表", 2024),
        ("预算年度：2025", 2025),
        ("2025年度", 2025),
    ],
)
def test_title_or_label(text: str, year: int) -> None:
    assert budget_year(text) == year


@pytest.mark.parametrize(
    "text",
    [
        "年度目标：2024年完成社区工作站建设",
        "长期目标：2023年至2025年，完成全区社区工作站标准化建设",
        "政策依据：《深圳市2019年社区建设工作要点》",
        "单位：万元",
        "",
    ],
)
def test_narrative_text_names_no_budget_year(text: str) -> None:
    assert budget_year(text) is None

"""What a self-evaluation's conclusion (自评结论) claims: score, counts of goals and indicators.

Seed 001: "自评分值98.6分 … 全年预算总额112213.9万元，其中基本支出15454.6万元 … 支出执行率分别为
86.1%、… 共涉及年度绩效目标20项 … 涉及年度绩效指标165项，其中数量指标43项 …". These claims are
checked against the table itself.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from jixiao.domain import levels

_NUMBER = r"(\d+(?:\.\d+)?)"
_TOTAL = re.compile(rf"自评(?:分值|得分|总分)为?{_NUMBER}分")
_GOALS = re.compile(r"绩效目标(?:共)?(\d+)(?:项|个)")
_INDICATORS = re.compile(r"绩效指标(?:共)?(\d+)(?:项|个)")
_CATEGORY = re.compile(
    r"(数量|质量|成本|时效|社会效益|生态效益|经济效益|可持续影响|服务对象满意度|满意度)指标(\d+)(?:项|个)"
)
_BUDGET = re.compile(rf"预算总额{_NUMBER}万元")
_PARTS = re.compile(rf"(基本支出|项目支出|其他资金){_NUMBER}万元")
_RATE = re.compile(rf"执行率(?:分别)?为{_NUMBER}%")


class Claims(BaseModel):
    """Figures stated in the conclusion text; None where it states nothing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    total: Decimal | None = None  # 自评分值
    goals: int | None = None  # 年度绩效目标 N 项
    indicators: int | None = None  # 年度绩效指标 N 项
    categories: dict[str, int] = {}  # 二级指标 (canonical) → N 项
    budget_total: Decimal | None = None  # 预算总额 (万元)
    budget_parts: dict[str, Decimal] = {}  # 基本支出 / 项目支出 / 其他资金 (万元)
    rate: Decimal | None = None  # the first 执行率 (of the whole budget), percent


def category_key(label: str) -> str:
    """The canonical name a claimed category counts: 满意度指标 means the satisfaction rows."""
    name = levels.canonical(label)
    return levels.SERVICE_SATISFACTION if name == levels.SATISFACTION else name


def read_claims(conclusion: str | None) -> Claims:
    """The claims in a conclusion text (an empty Claims for None)."""
    text = "".join((conclusion or "").split())
    return Claims(
        total=_decimal(_TOTAL, text),
        goals=_int(_GOALS, text),
        indicators=_int(_INDICATORS, text),
        categories={category_key(m[1] + "指标"): int(m[2]) for m in _CATEGORY.finditer(text)},
        budget_total=_decimal(_BUDGET, text),
        budget_parts={m[1]: Decimal(m[2]) for m in _PARTS.finditer(text)},
        rate=_decimal(_RATE, text),
    )


def _decimal(pattern: re.Pattern[str], text: str) -> Decimal | None:
    match = pattern.search(text)
    return Decimal(match[1]) if match else None


def _int(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return int(match[1]) if match else None

"""What scoring produces: an outcome per row, the budget score, checks, and the ScoreReport.

The report is the auditor's view (复核): every reported number beside the recomputed one, and a
list of every difference between what the document states and what the rules give.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field

Method = Literal["quantitative", "deadline", "qualitative_band", "fallback", "missing_actual"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Outcome(_Model):
    """得分 of one indicator by the rules: the score, how it was reached, and why (Chinese)."""

    score: Decimal | None  # None only when a fallback has no reported score to fall back to
    method: Method
    explanation: str
    fallback: bool = False  # True: not recomputed, the reported score is used
    flags: tuple[str, ...] = ()  # over_achievement, exact_exceeded, overrun, cost_direction …


class RowScore(_Model):
    """One indicator row: reported (as stated) beside recomputed (by the profile's rules)."""

    index: int  # 1-based position in the indicator table
    line: int | None  # source line (or None for a cell-addressed source)
    goal_no: int | None
    level1: str
    level2: str
    level3: str
    target: str  # 年度指标值 as written
    actual: str  # 实际完成值 as written
    weight: Decimal | None  # 分值
    reported: Decimal | None  # 得分 as stated
    deviation: str | None = None  # 偏差原因分析及改进措施 as stated
    outcome: Outcome

    @property
    def where(self) -> str:
        """``第12行（源文件第40行）目标2 排放检验机构…``."""
        line = f"（源文件第{self.line}行）" if self.line is not None else ""
        goal = f" 目标{self.goal_no}" if self.goal_no is not None else ""
        name = self.level3 if len(self.level3) <= 24 else self.level3[:24] + "…"
        return f"第{self.index}行{line}{goal} {name}"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recomputed(self) -> Decimal | None:
        return self.outcome.score

    @computed_field  # type: ignore[prop-decorator]
    @property
    def difference(self) -> Decimal | None:
        """recomputed − reported, when both exist."""
        if self.reported is None or self.outcome.score is None:
            return None
        return self.outcome.score - self.reported


class BudgetScore(_Model):
    """预算执行得分: A, B, the execution rate and the score, stated and recomputed."""

    annual: Decimal | None  # 全年预算数 A
    executed: Decimal | None  # 全年执行数 B
    points: Decimal  # 分值 by the profile
    rate: Decimal | None  # B/A in percent, rounded per profile
    reported_rate: Decimal | None
    reported: Decimal | None
    recomputed: Decimal | None
    explanation: str


class Difference(_Model):
    """A stated figure that the rules (or a count of the rows) contradict."""

    code: str  # ROW_SCORE, BUDGET_SCORE, TOTAL, GRADE, WEIGHT_SUM, COUNT, CLAIM …
    where: str  # "第12行 (目标2 …)", "总分", "自评结论"
    stated: str
    recomputed: str
    message: str


class Finding(_Model):
    """A remark on a row that is not a difference of numbers (e.g. over-achievement θ)."""

    code: str
    where: str
    message: str


class Count(_Model):
    """A count of rows (or goals) beside what the document's conclusion claims."""

    what: str  # 数量指标, 年度绩效指标, 年度绩效目标
    counted: int
    claimed: int | None


class Totals(_Model):
    """总分 and 等级: stated, the sum of the stated parts, and recomputed."""

    indicator_weight_sum: Decimal  # Σ 分值
    indicator_points: Decimal  # by the profile (90)
    reported_indicator_sum: Decimal  # Σ 得分 as stated
    recomputed_indicator_sum: Decimal
    stated_total: Decimal | None
    stated_total_weight: Decimal | None
    sum_of_stated_parts: Decimal | None  # 预算执行得分 + Σ 得分, as stated
    recomputed_total: Decimal
    stated_grade: str | None
    recomputed_grade: str


class ScoreReport(_Model):
    """The recomputation of a self-evaluation under one profile."""

    profile: str
    title: str
    department: str
    year: int | None
    budget: BudgetScore
    rows: tuple[RowScore, ...]
    totals: Totals
    counts: tuple[Count, ...]
    differences: tuple[Difference, ...]
    findings: tuple[Finding, ...]

    @property
    def fallback_rows(self) -> tuple[RowScore, ...]:
        return tuple(r for r in self.rows if r.outcome.fallback)

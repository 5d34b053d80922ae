"""Made-up minimal documents for the review tests, built with the domain model constructors."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.levels import parent_of
from jixiao.domain.model import (
    Department,
    ExecutionBudget,
    GoalResult,
    Indicator,
    IndicatorResult,
    Project,
    ProjectBudget,
    SelfEvaluation,
    Source,
    TargetTable,
)
from jixiao.domain.targets import parse_target

DEPARTMENT = Department(code="362101", name="天津市生态环境局")
BUREAU = Department(name="天津市生态环境局")  # as a self-evaluation names it: no code


def ind(
    level2: str,
    name: str,
    value: str,
    *,
    level1: str | None = None,
    description: str | None = None,
    line: int = 10,
) -> Indicator:
    return Indicator(
        level1=level1 or parent_of(level2) or "产出指标", level2=level2, level3=name,
        description=description if description is not None else name, target=parse_target(value),
        source=Source(file="table.txt", line=line),
    )  # fmt: skip


GRADED = "受训人员能力提升：好：考核平均成绩提高10分以上；较好：提高5至10分；一般：不足5分"


def with_fields(document: TargetTable, **fields: object) -> TargetTable:
    """The table with some fields replaced (basis, calculation, budget …)."""
    return document.model_copy(update=fields)


def good_rows() -> list[Indicator]:
    return [
        ind("数量指标", "培训人数", "≥120人", line=10),
        ind("质量指标", "培训考核合格率", "≥95%", line=11),
        ind("时效指标", "完成时间", "2025年12月底前", line=12),
        ind("成本指标", "项目总成本", "≤100万元", line=13),
        ind("社会效益指标", "受训人员能力", "有效提升", description=GRADED, line=14),
        ind("服务对象满意度指标", "受训人员满意度", "≥90%", line=15),
    ]


def table(
    rows: list[Indicator] | None = None,
    *,
    goals: tuple[str, ...] = ("1.完成辐射安全培训不少于120人。",),
    total: str | None = "100",
    fiscal: str | None = "100",
    other: str | None = None,
    title: str = "2025年辐射安全培训项目绩效目标表",
    year: int = 2025,
    department: Department = DEPARTMENT,
    purpose: str = "用于辐射安全培训。",
    project: str = "2025年辐射安全培训项目",
) -> TargetTable:
    money = {
        k: Decimal(v) if v is not None else None
        for k, v in (("total", total), ("fiscal", fiscal), ("other", other))
    }
    return TargetTable(
        title=title, year=year, department=department, project=Project(name=project),
        budget=ProjectBudget(**money), purpose=purpose, goals=goals,
        indicators=tuple(good_rows() if rows is None else rows), source=Source(file="table.txt", line=1),
    )  # fmt: skip


def res(
    level2: str,
    name: str,
    target: str,
    actual: str,
    *,
    weight: str = "40",
    score: str | None = None,
    goal: int = 1,
    deviation: str | None = None,
    line: int = 30,
    level1: str | None = None,
) -> IndicatorResult:
    return IndicatorResult(
        goal_no=goal, level1=level1 or parent_of(level2) or "产出指标", level2=level2, level3=name,
        target=parse_target(target), actual=parse_target(actual), weight=Decimal(weight),
        score=Decimal(score or weight), deviation=deviation, source=Source(file="se.txt", line=line),
    )  # fmt: skip


def good_results() -> list[IndicatorResult]:
    return [
        res("数量指标", "培训人数", "≥100人", "110人", line=30),
        res("成本指标", "项目总成本", "≤100万元", "98万元", line=31),
        res("服务对象满意度指标", "受训人员满意度", "≥90%", "96%", weight="10", line=32),
    ]


GOOD_CONCLUSION = (
    "共涉及年度绩效目标1项，年度绩效指标3项，其中数量指标1项，成本指标1项，满意度指标1项。"
)


def evaluation(
    rows: list[IndicatorResult] | None = None,
    *,
    goals: tuple[GoalResult, ...] | None = None,
    total: str = "99",
    grade: str = "优",
    budget: ExecutionBudget | None = None,
    conclusion: str = GOOD_CONCLUSION,
    year: int = 2024,
    department: Department = BUREAU,
) -> SelfEvaluation:
    default_goals = (
        GoalResult(
            no=1,
            target="完成辐射安全培训不少于100人",
            actual="完成培训110人，考核合格率98%",
            source=Source(file="se.txt", line=20),
        ),
    )
    default_budget = ExecutionBudget(
        annual=Decimal(100), executed=Decimal(90), rate=Decimal("90.0"), weight=Decimal(10), score=Decimal(9),
        source=Source(file="se.txt", line=9),
    )  # fmt: skip
    return SelfEvaluation(
        scope="department", title="整体支出绩效自评表", year=year, department=department,
        budget=budget or default_budget, goals=default_goals if goals is None else goals,
        indicators=tuple(good_results() if rows is None else rows), total_weight=Decimal(100),
        total=Decimal(total), grade=grade, conclusion=conclusion, source=Source(file="se.txt", line=1),
    )  # fmt: skip

"""在线自评: a self-evaluation (项目支出绩效自评表) filled in from the approved target table.

:func:`skeleton` makes the 自评表 of an approved :class:`~jixiao.domain.model.TargetTable`: its
goals and indicators (年度指标值) with the weights (分值) the scoring profile allocates
(产出 50 / 效益 30 / 满意度 10 by 一级指标, or the profile's own split; budget execution 10).
The unit types 全年执行数, each 实际完成值 and 偏差原因 (:class:`EvaluationFields`); :func:`build`
scores every row by the scoring engine's rules (:mod:`jixiao.domain.scoring`) and states that
score, unless the unit states another one (人工调整), which needs a reason (调整理由). A row the
rules cannot score keeps the unit's score as a judgement to be checked by the reviewer, never a
silent zero. :func:`draft_conclusion` writes the 自评结论 from the numbers, in the wording the
scoring engine reads back (:mod:`jixiao.domain.scoring.claims`) to check its counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from jixiao.domain import levels
from jixiao.domain.drafting import read_amount
from jixiao.domain.model import (
    ExecutionBudget,
    GoalResult,
    IndicatorResult,
    SelfEvaluation,
    Source,
    TargetTable,
)
from jixiao.domain.scoring import (
    Profile,
    ScoreReport,
    allocate_by_level1,
    allocate_weights,
    score_self_evaluation,
)
from jixiao.domain.scoring.budget import budget_score, execution_rate
from jixiao.domain.scoring.claims import category_key
from jixiao.domain.scoring.grades import grade
from jixiao.domain.scoring.rounding import fmt
from jixiao.domain.scoring.rows import score_row
from jixiao.domain.targets import parse_target

__all__ = [
    "EVALUATION_FILE",
    "Adjustment",
    "Built",
    "EvaluationFields",
    "RowInput",
    "adjustments",
    "build",
    "draft_conclusion",
    "fields_of",
    "skeleton",
    "summary",
    "why_not_yet",
]

#: the "file" a self-evaluation filled in online is read from (its rows are lines 1, 2 …)
EVALUATION_FILE = "在线自评"
TITLES = {"project": "项目支出绩效自评表", "department": "部门整体支出绩效自评表"}
SUBJECTS = {"project": "本项目", "department": "本部门"}


@dataclass(frozen=True)
class RowInput:
    """What the unit types on one indicator row."""

    actual: str = ""  # 实际完成值
    deviation: str = ""  # 偏差原因分析及改进措施
    score: str = ""  # 得分 stated by the unit; blank: the rule's score
    reason: str = ""  # 调整理由 (or the judgement behind a score the rules cannot give)


@dataclass(frozen=True)
class EvaluationFields:
    """The self-evaluation form as typed (amounts in 万元 as text)."""

    annual: str = ""  # 全年预算数 A (prefilled with the approved budget; adjusted budgets differ)
    executed: str = ""  # 全年执行数 B
    budget_deviation: str = ""  # 偏差原因 of the budget execution
    goals: tuple[str, ...] = ()  # 实际完成情况 of each goal
    rows: tuple[RowInput, ...] = ()
    conclusion: str = ""  # 自评结论


@dataclass(frozen=True)
class Built:
    """The self-evaluation built from the fields, its scoring, and what could not be read."""

    document: SelfEvaluation
    report: ScoreReport
    errors: dict[str, str] = field(default_factory=dict)


def why_not_yet(in_force: bool, year: int | None, today: date) -> str | None:
    """Why the self-evaluation of a target table cannot be started yet (None: it can): the
    table must be approved (已批复) and its budget year over (自评 is the year-end step)."""
    if not in_force:
        return "绩效目标表尚未批复，不能填报自评"
    if year is not None and today.year <= year:
        return f"{year}年度结束后才能填报该年度的绩效自评"
    return None


def skeleton(table: TargetTable, profile: Profile) -> SelfEvaluation:
    """The empty 自评表 of ``table``: its goals and indicators, weights allocated by ``profile``."""
    weights = _weights(table, profile)
    goal_no = 1 if len(table.goals) == 1 else None  # which goal a row serves: known for one goal
    rows = tuple(
        IndicatorResult(
            goal_no=goal_no,
            level1=ind.level1,
            level2=ind.level2,
            level3=ind.level3,
            target=ind.target,
            actual=parse_target(""),
            weight=weight,
            direction=ind.direction,
            source=Source(file=EVALUATION_FILE, line=i),
        )
        for i, (ind, weight) in enumerate(zip(table.indicators, weights, strict=True), start=1)
    )
    goals = tuple(
        GoalResult(no=no, target=goal, actual="", source=_source(0))
        for no, goal in enumerate(table.goals, start=1)
    )
    return SelfEvaluation(
        scope=table.scope,
        title=f"{table.year or ''}年度{TITLES[table.scope]}",
        year=table.year,
        department=table.department,
        project=table.project if table.scope == "project" else None,
        budget=ExecutionBudget(
            initial=table.budget.total, annual=table.budget.total, weight=profile.budget.points
        ),
        goals=goals,
        indicators=rows,
        total_weight=profile.weights.indicator_points + profile.budget.points,
        source=_source(0),
    )


def _source(line: int) -> Source:
    return Source(file=EVALUATION_FILE, line=line)


def _weights(table: TargetTable, profile: Profile) -> list[Decimal | None]:
    """分值 of each row: the profile's points per 一级指标 (or all points equally), in row order."""
    if not table.indicators:
        return []
    rules = profile.weights
    names = [levels.canonical(ind.level1) for ind in table.indicators]
    try:
        if rules.level1:
            groups = allocate_by_level1(Counter(names), rules.level1, rules.step)
            pools = {name: list(a.weights) for name, a in groups.items()}
            return [pools[name].pop(0) for name in names]
        return list(allocate_weights(len(names), rules.indicator_points, rules.step).weights)
    except ValueError:  # a 一级指标 the profile gives no points: left for the unit to weigh
        return [None] * len(names)


def _score_text(text: str, weight: Decimal | None, name: str, errors: dict[str, str]) -> Decimal:
    """A stated 得分: a number from 0 to the row's 分值."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        errors[name] = f"得分“{text.strip()}”不是数字"
        return Decimal(0)
    if not value.is_finite() or value < 0 or (weight is not None and value > weight):
        errors[name] = f"得分“{text.strip()}”应在 0 与分值 {fmt(weight or Decimal(0))} 之间"
    return value


def _row(
    index: int, row: IndicatorResult, typed: RowInput, profile: Profile, errors: dict[str, str]
) -> IndicatorResult:
    """The row with the unit's actual, and its stated score: the rule's unless typed."""
    filled = row.model_copy(
        update={
            "actual": parse_target(typed.actual),
            "deviation": typed.deviation.strip() or None,
            "score": None,
            "score_reason": typed.reason.strip() or None,
        }
    )
    if typed.score.strip():
        stated = _score_text(typed.score, row.weight, f"score-{index}", errors)
        return filled.model_copy(update={"score": stated})
    return filled.model_copy(update={"score": score_row(index + 1, filled, profile).outcome.score})


def build(base: SelfEvaluation, fields: EvaluationFields, profile: Profile) -> Built:
    """``base`` (a :func:`skeleton` or a stored version) with the typed values, scored."""
    errors: dict[str, str] = {}
    annual = read_amount(fields.annual, "全年预算数", errors, "annual")
    executed = read_amount(fields.executed, "全年执行数", errors, "executed")
    rows = [
        _row(i, row, fields.rows[i] if i < len(fields.rows) else RowInput(), profile, errors)
        for i, row in enumerate(base.indicators)
    ]
    goals = tuple(
        g.model_copy(update={"actual": fields.goals[i].strip() if i < len(fields.goals) else ""})
        for i, g in enumerate(base.goals)
    )
    budget = _budget(base.budget, annual, executed, fields.budget_deviation, profile)
    total = (budget.score or Decimal(0)) + sum((r.score or Decimal(0) for r in rows), Decimal(0))
    document = base.model_copy(
        update={
            "budget": budget,
            "goals": goals,
            "indicators": tuple(rows),
            "total": total,
            "grade": grade(total, profile),
            "conclusion": fields.conclusion.strip() or None,
        }
    )
    report = score_self_evaluation(document, profile)
    _check_reasons(report, document, errors)
    return Built(document, report, errors)


def _budget(
    stated: ExecutionBudget,
    annual: Decimal | None,
    executed: Decimal | None,
    deviation: str,
    profile: Profile,
) -> ExecutionBudget:
    """The budget block with A and B as typed, 执行率 and 得分 computed (never typed)."""
    rate = score = None
    if annual is not None and executed is not None and annual > 0:
        rate = execution_rate(annual, executed, profile.rounding.rate_decimals)
        score = budget_score(annual, executed, profile)
    return stated.model_copy(
        update={
            "annual": annual,
            "executed": executed,
            "rate": rate,
            "score": score,
            "weight": stated.weight if stated.weight is not None else profile.budget.points,
            "deviation": deviation.strip() or None,
        }
    )


def _check_reasons(report: ScoreReport, doc: SelfEvaluation, errors: dict[str, str]) -> None:
    """A stated score that differs from the rule's, or that the rule cannot give, needs a reason."""
    for i, (scored, row) in enumerate(zip(report.rows, doc.indicators, strict=True)):
        judged = scored.outcome.fallback and row.score is not None
        if (scored.difference or judged) and not row.score_reason:
            what = (
                "规则无法评分，请说明判断依据" if judged else "得分与规则计算不同，请填写调整理由"
            )
            errors[f"reason-{i}"] = f"第{i + 1}行 {row.level3}：{what}"


@dataclass(frozen=True)
class Adjustment:
    """人工调整: a row whose stated score differs from the rule's (or that the rule cannot score)."""

    index: int  # 1-based row
    where: str
    computed: Decimal | None  # None: the rule cannot score the row (a judgement)
    claimed: Decimal | None
    reason: str

    @property
    def delta(self) -> Decimal:
        """claimed − computed (0 for a judgement)."""
        if self.computed is None or self.claimed is None:
            return Decimal(0)
        return self.claimed - self.computed


def adjustments(report: ScoreReport, doc: SelfEvaluation) -> list[Adjustment]:
    """The rows whose stated score is not the rule's, with the reason the unit gave."""
    found = []
    for scored, row in zip(report.rows, doc.indicators, strict=True):
        if scored.difference:
            computed = scored.recomputed
        elif scored.outcome.fallback and row.score is not None:
            computed = None
        else:
            continue
        found.append(
            Adjustment(scored.index, scored.where, computed, row.score, row.score_reason or "")
        )
    return found


def summary(found: list[Adjustment]) -> str:
    """“17 行人工调整，合计 +3.2 分” (and the judgements the rule could not make)."""
    changed = [a for a in found if a.computed is not None]
    total = sum((a.delta for a in changed), Decimal(0))
    text = f"{len(changed)} 行人工调整，合计 {'+' if total >= 0 else ''}{fmt(total)} 分"
    judged = len(found) - len(changed)
    return text + (f"；{judged} 行规则无法评分，由人工判断" if judged else "")


def draft_conclusion(doc: SelfEvaluation, report: ScoreReport) -> str:
    """The 自评结论 the numbers say (editable), in the wording the claims checker reads."""
    per_level2 = Counter(category_key(r.level2) for r in doc.indicators)
    parts = "、".join(f"{name}{n}项" for name, n in per_level2.items())
    achieved = sum(
        1 for r in doc.indicators if r.score is not None and r.weight and r.score >= r.weight
    )
    budget = report.budget
    text = (
        f"{SUBJECTS[doc.scope]}共涉及年度绩效目标{len(doc.goals)}项，"
        f"年度绩效指标{len(doc.indicators)}项"
        + (f"，其中{parts}" if parts else "")
        + f"；全部达成{achieved}项，未全部达成{len(doc.indicators) - achieved}项。"
    )
    if budget.annual is not None and budget.executed is not None and budget.rate is not None:
        text += (
            f"全年预算数{fmt(budget.annual)}万元，全年执行数{fmt(budget.executed)}万元，"
            f"执行率为{fmt(budget.rate)}%。"
        )
    total = doc.total if doc.total is not None else report.totals.recomputed_total
    return (
        text
        + f"自评得分为{fmt(total)}分，自评等级为“{doc.grade or report.totals.recomputed_grade}”。"
    )


def _text(value: Decimal | None) -> str:
    return "" if value is None else fmt(value)


def _stated(index: int, row: IndicatorResult, profile: Profile) -> str:
    """The score field of a stored row: blank where the stated score is the rule's own."""
    computed = score_row(index, row.model_copy(update={"score": None}), profile).outcome.score
    return "" if row.score == computed and not row.score_reason else _text(row.score)


def fields_of(doc: SelfEvaluation, profile: Profile) -> EvaluationFields:
    """The form's fields for a stored self-evaluation (to open a draft or an imported one)."""

    return EvaluationFields(
        annual=_text(doc.budget.annual),
        executed=_text(doc.budget.executed),
        budget_deviation=doc.budget.deviation or "",
        goals=tuple(g.actual for g in doc.goals),
        rows=tuple(
            RowInput(r.actual.raw, r.deviation or "", _stated(i, r, profile), r.score_reason or "")
            for i, r in enumerate(doc.indicators, start=1)
        ),
        conclusion=doc.conclusion or "",
    )

"""The differences between what a self-evaluation states and what its rows and the rules give.

Rows (得分), budget (执行率, 得分, 分值), totals (总分 = 预算执行得分 + Σ得分), grade, weight sums
(Σ分值 = 90, per 一级指标, the allocation), row counts against the conclusion's claims (自评结论).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain import levels
from jixiao.domain.model import SelfEvaluation
from jixiao.domain.scoring.claims import Claims, category_key
from jixiao.domain.scoring.grades import grade
from jixiao.domain.scoring.profile import Profile
from jixiao.domain.scoring.report import BudgetScore, Count, Difference, RowScore, Totals
from jixiao.domain.scoring.rounding import fmt, quantize
from jixiao.domain.scoring.weights import allocate_weights


def _diff(code: str, where: str, stated: object, recomputed: object, message: str) -> Difference:
    return Difference(
        code=code, where=where, stated=_text(stated), recomputed=_text(recomputed), message=message
    )


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return fmt(value)
    return "—" if value is None else str(value)


def row_differences(rows: tuple[RowScore, ...]) -> Iterator[Difference]:
    for row in rows:
        if row.weight is not None and row.reported is not None and row.reported > row.weight:
            yield _diff("ROW_OVER_WEIGHT", row.where, row.reported, row.weight, "得分超过分值")
        if row.difference:
            yield _diff(
                "ROW_SCORE", row.where, row.reported, row.recomputed, row.outcome.explanation
            )


def budget_differences(
    budget: BudgetScore, doc: SelfEvaluation, profile: Profile
) -> Iterator[Difference]:
    where = "预算执行情况"
    if doc.budget.weight is not None and doc.budget.weight != profile.budget.points:
        yield _diff(
            "BUDGET_WEIGHT",
            where,
            doc.budget.weight,
            profile.budget.points,
            "预算执行分值与规则不符",
        )
    if (
        budget.rate is not None
        and budget.reported_rate is not None
        and budget.rate != budget.reported_rate
    ):
        yield _diff(
            "BUDGET_RATE",
            where,
            budget.reported_rate,
            budget.rate,
            f"执行率不符：{budget.explanation}",
        )
    if budget.recomputed is not None and budget.reported != budget.recomputed:
        yield _diff("BUDGET_SCORE", where, budget.reported, budget.recomputed, budget.explanation)


def total_differences(totals: Totals, profile: Profile) -> Iterator[Difference]:
    stated, parts = totals.stated_total, totals.sum_of_stated_parts
    if stated is not None and parts is not None and stated != parts:
        message = (
            f"总分 {fmt(stated)} ≠ 预算执行得分 + Σ得分 = {fmt(parts)}"
            f"（Σ得分 {fmt(totals.reported_indicator_sum)}）"
        )
        yield _diff("TOTAL_ARITHMETIC", "总分", stated, parts, message)
    if stated is not None and stated != totals.recomputed_total:
        yield _diff(
            "TOTAL", "总分", stated, totals.recomputed_total, "所述总分与按规则重算的总分不同"
        )
    if totals.stated_grade is not None and stated is not None:
        by_bands = grade(stated, profile)
        if by_bands != totals.stated_grade:
            yield _diff(
                "GRADE_BANDS",
                "自评等级",
                totals.stated_grade,
                by_bands,
                f"总分 {fmt(stated)} 按等级区间应为「{by_bands}」",
            )
    if totals.stated_grade is not None and totals.stated_grade != totals.recomputed_grade:
        yield _diff(
            "GRADE",
            "自评等级",
            totals.stated_grade,
            totals.recomputed_grade,
            "按重算总分的等级不同",
        )


def weight_differences(
    doc: SelfEvaluation,
    rows: tuple[RowScore, ...],
    totals: Totals,
    profile: Profile,
    claims: Claims,
) -> Iterator[Difference]:
    weight_sum, points = totals.indicator_weight_sum, profile.weights.indicator_points
    if weight_sum != points:
        gap = points - weight_sum
        hint = "（差额正好是表中一行的分值）" if any(r.weight == gap for r in rows) else ""
        message = f"Σ分值 {fmt(weight_sum)} ≠ 规则的 {fmt(points)}，差 {fmt(gap)}{hint}"
        yield _diff("WEIGHT_SUM", "分值合计", weight_sum, points, message)
    stated = totals.stated_total_weight
    with_budget = weight_sum + (doc.budget.weight or Decimal(0))
    if stated is not None and stated != with_budget:
        message = f"总分 分值 {fmt(stated)} ≠ 预算执行分值 + Σ分值 = {fmt(with_budget)}"
        yield _diff("TOTAL_WEIGHT", "总分 分值", stated, with_budget, message)
    yield from _level1_weights(rows, profile)
    if profile.weights.mode == "equal_rounded" and rows:
        yield from _allocation(rows, profile, claims)


def _level1_weights(rows: tuple[RowScore, ...], profile: Profile) -> Iterator[Difference]:
    sums: Counter[str] = Counter()
    for row in rows:
        sums[levels.canonical(row.level1)] += row.weight or 0  # type: ignore[assignment]
    for level, points in profile.weights.level1.items():
        if sums[level] != points:
            yield _diff(
                "LEVEL1_WEIGHT",
                level,
                Decimal(sums[level]),
                points,
                f"{level} Σ分值与规则的 {fmt(points)} 分不符",
            )


def _allocation(
    rows: tuple[RowScore, ...], profile: Profile, claims: Claims
) -> Iterator[Difference]:
    """The document's weights against an equal split over the rows (and over the claimed count)."""
    step, points = profile.weights.step, profile.weights.indicator_points
    found = Counter(r.weight for r in rows if r.weight is not None)
    stated = " + ".join(f"{n}×{fmt(w)}" for w, n in sorted(found.items(), reverse=True))
    counted = allocate_weights(len(rows), points, step)
    if sorted(counted.weights) == sorted(w for w in (r.weight for r in rows) if w is not None):
        return
    message = f"表中分值 {stated}；按 {len(rows)} 行等分应为 {counted.describe()}"
    if claims.indicators and claims.indicators != len(rows):
        claimed = allocate_weights(claims.indicators, points, step)
        message += f"；按结论所称 {claims.indicators} 项应为 {claimed.describe()}"
    yield _diff("WEIGHT_ALLOCATION", "分值分配", stated, counted.describe(), message)


def counts(doc: SelfEvaluation, claims: Claims) -> tuple[Count, ...]:
    """Rows per 二级指标, all rows and goals, beside the conclusion's claims."""
    per_level2 = Counter(category_key(r.level2) for r in doc.indicators)
    names = list(per_level2) + [k for k in claims.categories if k not in per_level2]
    result = [
        Count(what=k, counted=per_level2.get(k, 0), claimed=claims.categories.get(k)) for k in names
    ]
    result.append(
        Count(what="年度绩效指标", counted=len(doc.indicators), claimed=claims.indicators)
    )
    result.append(Count(what="年度绩效目标", counted=len(doc.goals), claimed=claims.goals))
    return tuple(result)


def count_differences(doc: SelfEvaluation, counted: tuple[Count, ...]) -> Iterator[Difference]:
    for count in counted:
        if count.claimed is not None and count.claimed != count.counted:
            message = f"自评结论称 {count.what} {count.claimed} 项，表中 {count.counted} 项"
            yield _diff("COUNT", "自评结论", count.claimed, count.counted, message)
    goal_numbers = {g.no for g in doc.goals}
    used = {r.goal_no for r in doc.indicators if r.goal_no is not None}
    for no in sorted(goal_numbers - used):
        yield _diff("GOAL_WITHOUT_INDICATORS", f"目标{no}", "", "", f"目标{no} 没有指标行")
    for no in sorted(used - goal_numbers):
        yield _diff("INDICATORS_WITHOUT_GOAL", f"目标{no}", "", "", f"指标行属于不存在的目标{no}")


def claim_differences(claims: Claims, totals: Totals, budget: BudgetScore) -> Iterator[Difference]:
    where = "自评结论"
    if (
        claims.total is not None
        and totals.stated_total is not None
        and claims.total != totals.stated_total
    ):
        yield _diff(
            "CLAIM_TOTAL", where, claims.total, totals.stated_total, "结论中的自评分值与总分行不同"
        )
    if claims.budget_total is not None and budget.annual is not None:
        decimals = max(0, -int(claims.budget_total.as_tuple().exponent))
        annual = quantize(budget.annual, decimals)
        if annual != claims.budget_total:
            yield _diff(
                "CLAIM_BUDGET",
                where,
                claims.budget_total,
                annual,
                "结论中的预算总额与全年预算数(A)不同",
            )
    parts = sum(claims.budget_parts.values(), Decimal(0))
    if claims.budget_parts and claims.budget_total is not None and parts != claims.budget_total:
        message = f"预算总额 {fmt(claims.budget_total)} ≠ 各部分之和 {fmt(parts)}"
        yield _diff("CLAIM_BUDGET_PARTS", where, claims.budget_total, parts, message)
    if claims.rate is not None and budget.rate is not None and claims.rate != budget.rate:
        yield _diff("CLAIM_RATE", where, claims.rate, budget.rate, "结论中的执行率与 B/A 不同")

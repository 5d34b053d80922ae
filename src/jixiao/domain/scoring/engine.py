"""``score_self_evaluation``: recompute a self-evaluation (绩效自评表) under a profile.

Every row gets a recomputed score with a Chinese explanation beside its reported score; the
budget score, total and grade are recomputed; every difference between the document and the
rules (rows, totals, weight sums, the conclusion's counts) is listed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.domain.model import SelfEvaluation
from jixiao.domain.scoring import checks
from jixiao.domain.scoring.budget import score_budget
from jixiao.domain.scoring.claims import read_claims
from jixiao.domain.scoring.grades import grade
from jixiao.domain.scoring.profile import Profile, load_profile
from jixiao.domain.scoring.report import BudgetScore, Finding, RowScore, ScoreReport, Totals
from jixiao.domain.scoring.rounding import quantize
from jixiao.domain.scoring.rows import score_row

#: what a row flag means (the row's explanation says why)
FLAG_LABELS = {
    "fallback": "未按规则重算，沿用报告得分",
    "over_achievement": "超额完成",
    "exact_exceeded": "＝ 目标被超出",
    "overrun": "超出反向指标的目标",
    "cost_direction": "成本指标用了正向比较符",
    "deadline_missed": "逾期完成",
    "strict_equality": "实际值等于 ＞/＜ 目标",
    "bound": "实际完成值是界限值（>、<）",
    "unit_assumed": "实际完成值未写单位",
    "approximate_actual": "实际完成值是约数",
}


def score_self_evaluation(
    doc: SelfEvaluation, profile: str | Path | Profile = "tianjin_dept"
) -> ScoreReport:
    """The auditor's view of ``doc``: reported beside recomputed, and every difference."""
    rules = profile if isinstance(profile, Profile) else load_profile(profile)
    rows = tuple(score_row(i, row, rules) for i, row in enumerate(doc.indicators, start=1))
    budget = score_budget(doc.budget, rules)
    claims = read_claims(doc.conclusion)
    totals = _totals(doc, rows, budget, rules)
    counted = checks.counts(doc, claims)
    differences = (
        *checks.row_differences(rows),
        *checks.budget_differences(budget, doc, rules),
        *checks.total_differences(totals, rules),
        *checks.weight_differences(doc, rows, totals, rules, claims),
        *checks.count_differences(doc, counted),
        *checks.claim_differences(claims, totals, budget),
    )
    return ScoreReport(
        profile=rules.name,
        title=doc.title,
        department=doc.department.name,
        year=doc.year,
        budget=budget,
        rows=rows,
        totals=totals,
        counts=counted,
        differences=differences,
        findings=(*_scope(doc, rules), *_findings(rows)),
    )


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _totals(
    doc: SelfEvaluation, rows: tuple[RowScore, ...], budget: BudgetScore, profile: Profile
) -> Totals:
    reported = _sum([r.reported for r in rows])
    recomputed = _sum([r.recomputed for r in rows])
    total = quantize(
        (budget.recomputed or Decimal(0)) + recomputed, profile.rounding.total_decimals
    )
    parts = None if budget.reported is None else budget.reported + reported
    return Totals(
        indicator_weight_sum=_sum([r.weight for r in rows]),
        indicator_points=profile.weights.indicator_points,
        reported_indicator_sum=reported,
        recomputed_indicator_sum=recomputed,
        stated_total=doc.total,
        stated_total_weight=doc.total_weight,
        sum_of_stated_parts=parts,
        recomputed_total=total,
        stated_grade=doc.grade,
        recomputed_grade=grade(total, profile),
    )


def _scope(doc: SelfEvaluation, profile: Profile) -> list[Finding]:
    """A project profile applied to a department table (or the reverse) is worth saying."""
    if doc.scope == profile.scope:
        return []
    names = {"project": "项目支出", "department": "部门整体支出"}
    message = f"规则 {profile.name} 用于{names[profile.scope]}，本表为{names[doc.scope]}自评"
    return [Finding(code="profile_scope", where="规则", message=message)]


def _findings(rows: tuple[RowScore, ...]) -> list[Finding]:
    findings: list[Finding] = []
    for row in rows:
        flags = list(row.outcome.flags) + (["fallback"] if row.outcome.fallback else [])
        for flag in flags:
            message = f"{FLAG_LABELS.get(flag, flag)}：{row.outcome.explanation}"
            if flag == "over_achievement" and not row.deviation:
                message += "；偏差原因未填写"
            findings.append(Finding(code=flag, where=row.where, message=message))
    return findings

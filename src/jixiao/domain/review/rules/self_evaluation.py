"""一致性 of self-evaluations (绩效自评表, §10.7 SE-01…SE-11): points, scores, counts and actuals.

Basis: 财预〔2020〕10号 (weights, scoring, over-achievement), seed 001 (Tianjin 整体支出 model)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from jixiao.domain import levels
from jixiao.domain.model import SelfEvaluation
from jixiao.domain.review.helpers import (
    at_document,
    at_row,
    is_cost,
    is_satisfaction,
    level2,
    number,
    results,
    shown,
)
from jixiao.domain.review.registry import SELF_EVALUATIONS, Context, Hit, rule
from jixiao.domain.review.values import ResultValues


def _sum(values: Iterator[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


@rule(
    "SE-01",
    category="一致性",
    severity="error",
    title="指标分值合计或总分计算不对",
    explanation="自评表的指标分值合计应为规定分值（天津整体支出、10号项目支出均为 90 分，另 10 分为预算执行），总分 = 预算执行得分 + 各指标得分之和；不相等说明漏填、错填或算错（财预〔2020〕10号）。",
    basis="财预〔2020〕10号 附件1；§6.8",
    suggestion="核对每个指标的分值和得分，使分值合计为规定分值，并按得分重新计算总分。",
    example="分值合计 89.45（应为 90）；总分 98.6 ≠ 8.6 + 89.45",
    scope=SELF_EVALUATIONS,
    params={"indicator_points": 90},
)
def points(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    weights = _sum(row.weight for row in results(doc))
    expected = Decimal(str(ctx.param("indicator_points")))
    if doc.indicators and weights != expected:
        yield at_document(
            doc, "indicator", f"指标分值合计 {number(weights)}，应为 {number(expected)}（{len(doc.indicators)} 个指标）",
            f"the indicator weights sum to {number(weights)}, not {number(expected)}",
        )  # fmt: skip
    scores = _sum(row.score for row in results(doc))
    budget = doc.budget.score or Decimal(0)
    if doc.total is not None and doc.total != budget + scores:
        yield at_document(
            doc, "conclusion",
            f"总分 {number(doc.total)} ≠ 预算执行得分 {number(budget)} + 指标得分合计 {number(scores)} = {number(budget + scores)}",
            f"the total {number(doc.total)} ≠ budget score {number(budget)} + indicator scores {number(scores)}",
        )  # fmt: skip


def _ratio(row: ResultValues) -> Decimal | None:
    target, actual = row.target, row.actual
    if (
        target.value is None
        or actual.value is None
        or not target.value
        or target.unit != actual.unit
    ):
        return None
    return actual.value / target.value


@rule(
    "SE-02",
    category="一致性",
    severity="warning",
    title="大幅超额完成却得满分且未说明原因",
    explanation="财预〔2020〕10号：“对完成值高于指标值较多的，要分析原因，如果是由于年初指标值设定明显偏低造成的，要按照偏离度适度调减分值”。实际值达到目标的 1.3 倍（可配置）以上、得满分而偏差原因为空的，应补充说明或调减分值。",
    basis="财预〔2020〕10号；广西 1.3 倍口径（C11）",
    suggestion="在“偏差原因分析及改进措施”中说明超额原因；若因目标设定偏低，按偏离度调减分值，并在下年提高目标。",
    example="目标“≥1000人次”，实际“4372人次”，满分，偏差原因为空",
    scope=SELF_EVALUATIONS,
    params={"ratio": 1.3},
)
def over_achievement(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    threshold = Decimal(str(ctx.param("ratio")))
    for row in results(doc):
        if row.score is None or row.score != row.weight or (row.deviation or "").strip():
            continue  # not scored full, or the deviation explained: the ratio does not matter
        ratio = _ratio(row)
        if ratio is not None and row.target.direction != "lower_better" and ratio >= threshold:
            yield at_row(
                row, f"实际“{shown(row.actual)}”是目标“{shown(row.target)}”的 {ratio:.1f} 倍，得满分且未说明偏差原因",
                f"the actual is {ratio:.1f}× the target, scored full, with no explanation",
            )  # fmt: skip


_INEXACT = frozenset({">", "<", "≥", "≤", "≈"})


@rule(
    "SE-03",
    category="一致性",
    severity="warning",
    title="实际完成值不是确切的数值",
    explanation="定量指标的实际完成值应是一个确切的数（如“99.95%”），才能与指标值比较和计分；“>99.9%”“约…”或一段文字无法计算完成比例（§6.4）。",
    basis="财预〔2020〕10号（按完成值与指标值的比例记分）；§6.4",
    suggestion="填写实际完成的确切数值和计量单位，说明文字写入偏差原因栏。",
    example="指标值“≥99.9%”，实际完成值“>99.9%”",
    scope=SELF_EVALUATIONS,
)
def inexact_actual(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    for row in results(doc):
        actual = row.actual
        if row.target.value is None:
            continue
        if actual.value is None and row.target.kind != "deadline":
            yield at_row(
                row,
                f"定量指标的实际完成值“{shown(actual)[:30]}”不是数值",
                "the actual is not a number",
            )
        elif actual.op in _INEXACT and "implicit_op" not in actual.problems:
            yield at_row(
                row,
                f"实际完成值“{shown(actual)}”不是确切的数值",
                f"the actual '{shown(actual)}' is not exact",
            )


@rule(
    "SE-04",
    category="一致性",
    severity="warning",
    title="实际完成值与指标值的计量单位不同",
    explanation="实际完成值与指标值单位不同（如目标“≥2000个”、实际“2017人”）时不能直接比较，完成比例和得分都不可靠（§6.4 UNIT_MISMATCH）。",
    basis="§6.4；财预〔2020〕10号",
    suggestion="统一计量单位；若目标单位写错，在偏差原因中说明。",
    example="指标值“≥2000个”，实际完成值“2017人”",
    scope=SELF_EVALUATIONS,
)
def unit_mismatch(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    for row in results(doc):
        target, actual = row.target, row.actual
        if (
            target.unit
            and actual.unit
            and target.value is not None
            and actual.value is not None
            and target.unit != actual.unit
        ):
            yield at_row(
                row, f"指标值“{shown(target)}”以“{target.unit}”计，实际完成值“{shown(actual)}”以“{actual.unit}”计",
                f"the target is in {target.unit}, the actual in {actual.unit}",
            )  # fmt: skip


_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


@rule(
    "SE-05",
    category="一致性",
    severity="warning",
    title="实际完成情况照抄目标",
    explanation="实际完成情况应写明实际做了什么、达到什么程度；与年度目标文字相同（或几乎相同），说明没有真实反映完成情况，无法支撑评分（财预〔2020〕10号 单位自评内容）。",
    basis="财预〔2020〕10号（单位自评内容）",
    suggestion="用实际数据和事实描述完成情况。",
    example="目标“开展区域横向生态保护补偿1项”，实际完成情况一字不差",
    scope=SELF_EVALUATIONS,
    params={"similarity": 0.9},
)
def copied_actual(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    threshold = float(ctx.param("similarity"))
    for goal in doc.goals:
        if (
            goal.actual.strip()
            and _similar(goal.target, goal.actual, threshold)  # most are not: no numbers read
            and _NUMBERS.findall(goal.target) == _NUMBERS.findall(goal.actual)
        ):
            yield Hit(
                f"目标{goal.no}的实际完成情况与年度目标相同：{goal.actual[:30]}",
                f"goal {goal.no}: the achievement repeats the goal text", goal.source, "goals",
            )  # fmt: skip
    for row in results(doc):
        if (
            row.target.kind == "qualitative"
            and row.actual.raw.strip() == row.target.raw.strip()
            and row.target.raw.strip()
        ):
            yield at_row(
                row, f"实际完成值照抄指标值“{shown(row.actual)[:30]}”",
                "the actual repeats the target text", severity="info",
            )  # fmt: skip


@lru_cache(maxsize=4096)
def _similar(a: str, b: str, threshold: float) -> bool:
    """``SequenceMatcher.ratio() >= threshold`` (相似度), its upper bounds tried first: the same
    text (ratio 1), then ``real_quick_ratio`` (the lengths) and ``quick_ratio`` (the characters
    in common), computed as difflib does without building the matcher (its index of ``b``).
    The answers for recent pairs are kept (a department's goals recur from table to table)."""
    if a == b:
        return threshold <= 1.0
    length = len(a) + len(b)
    if _ratio_of(min(len(a), len(b)), length) < threshold:
        return False
    common = sum((Counter(a) & Counter(b)).values())
    if _ratio_of(common, length) < threshold:
        return False
    return SequenceMatcher(None, a, b).ratio() >= threshold


def _ratio_of(matches: int, length: int) -> float:
    """difflib's ``_calculate_ratio``: 2 × matches / length, 1 for two empty texts."""
    return 2.0 * matches / length if length else 1.0


_ZERO = Decimal(0)  # compared with a Decimal (an int is converted at each comparison)


@rule(
    "SE-06",
    category="一致性",
    severity="error",
    title="自评等级与总分不符，或得分超出分值",
    explanation="自评等级按总分确定：90（含）–100 分为优、80（含）–90 分为良、60（含）–80 分为中、60 分以下为差（财预〔2020〕10号）；单项得分不能高于分值或低于 0。",
    basis="财预〔2020〕10号；§6.8",
    suggestion="按总分重新确定等级；改正超出分值的得分。",
    example="总分 85，自评等级“优”",
    scope=SELF_EVALUATIONS,
    params={"bands": {"优": 90, "良": 80, "中": 60}},
)
def grade_bands(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    bands: dict[str, int] = ctx.param("bands")
    if doc.total is not None and doc.grade:
        expected = next((g for g, low in bands.items() if doc.total >= low), "差")
        if expected != doc.grade:
            yield at_document(
                doc, "conclusion", f"总分 {number(doc.total)} 对应“{expected}”，自评等级却是“{doc.grade}”",
                f"a total of {number(doc.total)} means '{expected}', not '{doc.grade}'",
            )  # fmt: skip
    for row in results(doc):
        if (
            row.score is not None
            and row.weight is not None
            and not _ZERO <= row.score <= row.weight
        ):
            yield at_row(
                row, f"得分 {number(row.score)} 超出分值范围 0–{number(row.weight)}",
                f"the score {number(row.score)} is outside 0–{number(row.weight)}",
            )  # fmt: skip


@rule(
    "SE-07",
    category="一致性",
    severity="error",
    title="预算执行率或预算执行得分算错",
    explanation="执行率 = 全年执行数 ÷ 全年预算数；预算执行得分 = 分值 × min(执行率, 1)（§6.3，四舍五入到配置的小数位）。",
    basis="财预〔2020〕10号 附件1（执行率栏）；§6.3",
    suggestion="按全年执行数和全年预算数重新计算执行率和得分。",
    example="执行率 86.1%，分值 10，得分却填 9",
    scope=SELF_EVALUATIONS,
    params={"decimals": 1},
)
def budget_score(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    budget = doc.budget
    if budget.annual is None or budget.executed is None or not budget.annual:
        return
    quantum = Decimal(1).scaleb(-int(ctx.param("decimals")))
    rate = budget.executed / budget.annual
    if budget.rate is not None and (rate * 100).quantize(
        quantum, ROUND_HALF_UP
    ) != budget.rate.quantize(quantum, ROUND_HALF_UP):
        yield at_document(
            doc, "budget", f"执行率填 {number(budget.rate)}%，按 {budget.executed}÷{budget.annual} 应为 {rate * 100:.2f}%",
            f"the execution rate is {rate * 100:.2f}%, not {number(budget.rate)}%",
        )  # fmt: skip
    if budget.weight is not None and budget.score is not None:
        expected = (budget.weight * min(rate, Decimal(1))).quantize(quantum, ROUND_HALF_UP)
        if budget.score != expected:
            yield at_document(
                doc, "budget", f"预算执行得分填 {number(budget.score)}，应为 {number(budget.weight)} × {rate * 100:.1f}% = {number(expected)}",
                f"the budget score should be {number(expected)}, not {number(budget.score)}",
            )  # fmt: skip


@rule(
    "SE-08",
    category="一致性",
    severity="info",
    title="“＝”目标的实际值有偏差",
    explanation="“＝”目标要求恰好达到；实际值高于或低于指标值时应说明偏差，并按口径计分（§6.4：按正向计分）。",
    basis="§6.4；计算符号“＝”（C4）",
    suggestion="在偏差原因中说明实际值与目标不同的原因；下年按实际情况设定目标。",
    example="指标值“=35次”，实际完成值“40次”",
    scope=SELF_EVALUATIONS,
)
def exact_deviation(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    for row in results(doc):
        if row.target.op != "=" or row.target.kind == "ratio":
            continue  # only an exact target (＝) of a count or amount
        ratio = _ratio(row)
        if ratio is not None and ratio != 1:
            yield at_row(
                row, f"指标值“{shown(row.target)}”，实际“{shown(row.actual)}”，偏差 {(ratio - 1) * 100:+.1f}%",
                f"exact target '{shown(row.target)}', actual '{shown(row.actual)}'",
            )  # fmt: skip


@rule(
    "SE-09",
    category="一致性",
    severity="error",
    title="成本超支却得满分",
    explanation="成本指标是上限，实际支出超过指标值属于未完成，不能得满分（反向指标按超出比例扣分，§6.4）。",
    basis="财预〔2020〕10号；§6.4 反向指标计分",
    suggestion="按超支比例扣分，并说明超支原因。",
    example="指标值“≤70万元”，实际“75万元”，得满分",
    scope=SELF_EVALUATIONS,
)
def cost_overrun(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    for row in results(doc):
        target, actual = row.target, row.actual
        if (
            not is_cost(row)
            or target.value is None
            or actual.value is None
            or target.unit != actual.unit
        ):
            continue
        if (
            target.direction != "higher_better"
            and actual.value > target.value
            and row.score == row.weight
        ):
            yield at_row(
                row, f"实际支出“{shown(actual)}”超过指标值“{shown(target)}”，却得满分 {row.score}",
                f"the actual cost '{shown(actual)}' exceeds '{shown(target)}' but scored full",
            )  # fmt: skip


@rule(
    "SE-10",
    category="一致性",
    severity="info",
    title="满意度指标分值偏低",
    explanation="财预〔2020〕10号的默认权重中服务对象满意度指标占 10 分；分值明显偏低时满意度对结论几乎没有影响。",
    basis="财预〔2020〕10号（一级指标权重 50/30/10/10）",
    suggestion="按规定权重设置满意度指标分值，或说明调整理由。",
    example="满意度指标 2 个，分值合计 1.1（规定 10）",
    scope=SELF_EVALUATIONS,
    params={"satisfaction_points": 10},
)
def satisfaction_weight(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    expected = Decimal(str(ctx.param("satisfaction_points")))
    chosen = [
        row
        for row in results(doc)
        if is_satisfaction(row) and levels.canonical(row.level1) == levels.SATISFACTION
    ]
    weight = _sum(row.weight for row in chosen)
    if doc.indicators and weight < expected:
        yield at_document(
            doc, "indicator", f"满意度指标 {len(chosen)} 个，分值合计 {number(weight)}，低于规定的 {number(expected)} 分",
            f"{len(chosen)} satisfaction indicators weigh {number(weight)}, less than {number(expected)}",
        )  # fmt: skip


_CLAIM = re.compile(
    r"(绩效目标|绩效指标|数量指标|质量指标|成本指标|时效指标|经济效益指标|社会效益指标|生态效益指标|可持续影响指标|满意度指标)(\d+)项"
)


def _counts(doc: SelfEvaluation) -> Counter[str]:
    counts = Counter(level2(row) for row in results(doc))
    counts["绩效目标"] = len(doc.goals)
    counts["绩效指标"] = len(doc.indicators)
    counts["满意度指标"] = counts[levels.SERVICE_SATISFACTION]
    return counts


@rule(
    "SE-11",
    category="一致性",
    severity="warning",
    title="自评结论中的目标、指标个数与表内不符",
    explanation="自评结论中写的绩效目标和各类指标个数应与表内实际行数一致；不一致说明结论或表格漏填、重复（与公开数据口径一致）。",
    basis="财预〔2020〕10号（自评结论）；seed 001",
    suggestion="按表内实际行数改正结论中的个数，或补齐漏填的指标。",
    example="结论写“涉及年度绩效指标165项”，表内只有 164 行",
    scope=SELF_EVALUATIONS,
)
def conclusion_counts(doc: SelfEvaluation, ctx: Context) -> Iterator[Hit]:
    if not doc.conclusion:
        return
    counts = _counts(doc)
    for match in _CLAIM.finditer(doc.conclusion):
        name, claimed = match.group(1), int(match.group(2))
        counted = counts[name]
        if claimed != counted:
            yield at_document(
                doc, "conclusion", f"结论称{name}{claimed}项，表内实有 {counted} 项",
                f"the conclusion claims {claimed} {name}, the table has {counted}",
            )  # fmt: skip

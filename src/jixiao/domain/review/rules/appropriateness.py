"""适当性审核 (appropriateness): does the money fit the targets, and are the values plausible?

Basis: 财预〔2015〕88号 第二十四条 — "资金规模与绩效目标之间是否匹配…绩效目标是否过高或过低"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain.model import Document, TargetTable
from jixiao.domain.review.helpers import (
    Row,
    at_document,
    at_row,
    classified,
    description,
    is_rate_name,
    is_satisfaction,
    last_document,
    number,
    rows,
    shown,
    wan,
)
from jixiao.domain.review.registry import BOTH, Context, Hit, rule
from jixiao.domain.review.values import AnyTarget


@rule(
    "APP-01",
    category="适当性",
    severity="error",
    title="成本指标合计与预算数不符",
    explanation="成本指标反映完成目标所需的资金，不能超过预算数（资金规模与绩效目标要匹配，88号 第二十四条 适当性审核）；天津的目标表惯例是成本指标合计等于预算数（43 张表中 42 张如此），少于预算数说明成本测算或预算有误。",
    basis="财预〔2015〕88号 第二十四条（适当性）；天津目标表惯例（seeds）",
    suggestion="按预算数核定成本指标；成本指标合计应与预算数一致，且不得超过预算数。",
    example="成本指标“项目总成本 ≤120万元”，预算数 100.00万元",
    params={"match_budget": False, "mismatch_severity": "warning"},
)
def cost_vs_budget(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    total = table.budget.total
    costs = _costs(table)
    if total is None or not costs:
        return
    cost = _total(costs)
    if cost > total and _multi_year(table) is not None:
        return  # APP-07 names the likely cause: a multi-year total as the annual cost
    if cost > total:
        cost_, total_ = wan(cost), wan(total)  # each formatted once for both messages
        yield at_document(
            table, "budget", f"成本指标合计 {_stated(costs)}（{cost_}万元）超过预算数 {total_}万元",
            f"the cost indicators ({cost_}) exceed the budget {total_} (10k yuan)",
        )  # fmt: skip
    elif cost != total and ctx.param("match_budget"):
        cost_, total_ = wan(cost), wan(total)
        yield at_document(
            table, "budget",
            f"成本指标合计 {_stated(costs)}（{cost_}万元）与预算数 {total_}万元 不一致，相差 {wan(total - cost)}万元",
            f"the cost indicators ({cost_}) do not match the budget {total_} (10k yuan)",
            severity=ctx.param("mismatch_severity"),
        )  # fmt: skip


@last_document
def _costs(table: TargetTable) -> list[tuple[Row, AnyTarget]]:
    """The 成本指标 rows stated in money, with their targets (APP-01 and APP-07 read them)."""
    return [
        (row, row.target)
        for row, _level2, cost in classified(table)
        if cost and row.target.kind == "amount"
    ]


def _stated(costs: list[tuple[Row, AnyTarget]]) -> str:
    """The cost values as written, joined by “ + ” (only for a finding's message)."""
    return " + ".join(shown(t) for _, t in costs) if len(costs) > 1 else shown(costs[0][1])


def _total(costs: list[tuple[Row, AnyTarget]]) -> Decimal:
    return sum((t.value for _, t in costs if t.value is not None), Decimal(0))


_MULTI_YEAR_WORDS = re.compile(r"总投资|累计|多年|[两三四五]年|实施期|全周期")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@last_document
def _multi_year(table: TargetTable) -> str | None:
    """Why the cost indicators look like a multi-year total, or None when they do not (APP-01
    and APP-07 both ask: kept for the last document).

    Only when they exceed the budget: the form's 中期资金总额 (``budget.mid_term``), a whole
    multiple of the budget (60 against 20), the budget's digits with a digit in front (1,109.8
    against 109.8), words such as 总投资/累计/三年 in the row, or a 实施期限 (``term``) spanning
    several years.
    """
    budget, costs = table.budget.total, _costs(table)
    cost = _total(costs)
    if budget is None or budget <= 0 or cost <= budget:
        return None
    if cost == table.budget.mid_term:
        return f"等于中期资金总额 {wan(cost)}万元"
    ratio = cost / budget
    if ratio == ratio.to_integral_value():
        return f"是预算数的 {number(ratio)} 倍"
    if number(cost).endswith(number(budget)):
        return "比预算数多出前面的数字"
    for row, _ in costs:
        words = _MULTI_YEAR_WORDS.search(f"{row.level3} {description(row) or ''}")
        if words:
            return f"指标写明“{words.group(0)}”"
    if len(set(_YEAR.findall(table.term or ""))) > 1:
        return f"实施期限为 {table.term}"
    return None


@rule(
    "APP-07",
    category="适当性",
    severity="error",
    title="成本指标填写了多年合计，而不是本年度成本",
    explanation="年度绩效目标表的成本指标是本预算年度完成目标所需的成本，应与本年度预算数对应；填入项目总投资或多年合计（如预算数 20 万元，成本指标“60万元”是三年合计）会使资金与目标不匹配（88号 第二十四条 适当性审核）。",
    basis="财预〔2015〕88号 第二十四条（适当性）；深圳二级项目申报表（本年度项目金额）",
    suggestion="成本指标按本年度预算填写；多年总成本写在中长期目标中。",
    example="本年度项目金额 20 万元，成本指标“项目总成本 ≤60万元”",
)
def multi_year_cost(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    reason = _multi_year(table)
    if reason is None or table.budget.total is None:
        return
    cost, total = wan(_total(_costs(table))), wan(table.budget.total)
    yield at_document(
        table, "budget",
        f"成本指标合计 {cost}万元 超过本年度预算数 {total}万元，{reason}，疑似填写了多年合计",
        f"the cost indicators ({cost}) look like a multi-year total against the budget {total}",
    )  # fmt: skip


@rule(
    "APP-05",
    category="适当性",
    severity="error",
    title="比率或满意度的取值不合理",
    explanation="比率类指标（……率、……比例）的取值在 0–100% 之间，超过 100% 的目标不可能实现；满意度目标一般不低于 80%，过低的目标失去约束意义。",
    basis="§2.3 指标值规范（RATE_OUT_OF_RANGE）；[I]",
    suggestion="改正比率的数值或计量单位；满意度目标按实际设定在合理区间（如 ≥90%）。",
    example="专家评审通过率　1001",
    scope=BOTH,
    params={"min_satisfaction": 80},
)
def rate_out_of_range(document: Document, ctx: Context) -> Iterator[Hit]:
    low = Decimal(str(ctx.param("min_satisfaction")))
    for row in rows(document):
        target = row.target
        if target.value is None or target.unit not in ("%", None) or not is_rate_name(row.level3):
            continue
        if target.value > 100:
            yield at_row(
                row, f"“{row.level3}”的指标值“{shown(target)}”超过 100%",
                f"the rate '{shown(target)}' exceeds 100%",
            )  # fmt: skip
        elif is_satisfaction(row) and target.unit == "%" and target.value < low:
            yield at_row(
                row, f"满意度目标“{shown(target)}”低于 {number(low)}%",
                f"the satisfaction target '{shown(target)}' is below {number(low)}%", severity="warning",
            )  # fmt: skip

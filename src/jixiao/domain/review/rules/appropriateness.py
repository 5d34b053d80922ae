"""适当性审核 (appropriateness): does the money fit the targets, and are the values plausible?

Basis: 财预〔2015〕88号 第二十四条 — "资金规模与绩效目标之间是否匹配…绩效目标是否过高或过低"."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain.model import Document, TargetTable
from jixiao.domain.review.helpers import (
    at_document,
    at_row,
    is_cost,
    is_rate_name,
    is_satisfaction,
    number,
    rows,
    shown,
    wan,
)
from jixiao.domain.review.registry import BOTH, Context, Hit, rule


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
    costs = [row.target for row in table.indicators if is_cost(row) and row.target.kind == "amount"]
    if total is None or not costs:
        return
    cost = sum((t.value for t in costs if t.value is not None), Decimal(0))
    stated = " + ".join(shown(t) for t in costs) if len(costs) > 1 else shown(costs[0])
    if cost > total:
        yield at_document(
            table, "budget", f"成本指标合计 {stated}（{wan(cost)}万元）超过预算数 {wan(total)}万元",
            f"the cost indicators ({wan(cost)}) exceed the budget {wan(total)} (10k yuan)",
        )  # fmt: skip
    elif cost != total and ctx.param("match_budget"):
        yield at_document(
            table, "budget",
            f"成本指标合计 {stated}（{wan(cost)}万元）与预算数 {wan(total)}万元 不一致，相差 {wan(total - cost)}万元",
            f"the cost indicators ({wan(cost)}) do not match the budget {wan(total)} (10k yuan)",
            severity=ctx.param("mismatch_severity"),
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

"""金额单位 (money unit): amounts the reader suspects were written in 元 under a 万元 label.

The reader never decides silently: a 元-sized figure under a 万元 label is either converted
(``yuan_converted``: ≥ 1,000,000, divided by 10000) or kept as written (``yuan_doubtful``:
≥ 100,000 万元, i.e. ≥ 10 亿元), and flagged in :attr:`ProjectBudget.problems`. This rule turns
the flag into a finding, so a reviewer confirms the amount with the unit.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.domain.model import TargetTable
from jixiao.domain.review.helpers import at_document, wan
from jixiao.domain.review.registry import Context, Hit, rule


def _amount(table: TargetTable) -> str:
    total = table.budget.total
    return f"预算数读作 {wan(total)}万元" if total is not None else "预算金额"


@rule(
    "APP-08",
    category="适当性",
    severity="warning",
    title="预算金额疑似以元填写（单位为万元）",
    explanation="目标表的金额单位是万元；栏目写明万元而数字是元的量级（如 600000 写在“预算数（万元）”下）时，预算规模差一万倍，成本指标、测算依据与预算的比对都会失真。读取时元量级的数字已换算为万元（≥100 万的数）或按原值保留（≥10 万的数），两种情况都须由单位确认（88号 第二十四条 适当性审核：资金规模与绩效目标匹配）。",
    basis="财预〔2015〕88号 第二十四条（适当性）；目标表金额单位为万元",
    suggestion="核实金额单位：按万元填写预算数及资金来源（600000 元应写作 60.00 万元）。",
    example="本年度项目金额（万元）：600000",
)
def budget_unit(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    problems = table.budget.problems or ()
    if "yuan_converted" in problems:
        yield at_document(
            table, "budget",
            f"金额疑似以元填写在万元栏内，已除以 10000 换算（{_amount(table)}），请核实金额单位",
            "an amount looked like 元 under a 万元 label and was divided by 10000; check the unit",
        )  # fmt: skip
    if "yuan_doubtful" in problems:
        yield at_document(
            table, "budget",
            f"金额数量级异常（{_amount(table)}，不少于 10 万万元），可能以元填写在万元栏内，已按原值读取，请核实",
            "an amount of 100,000 万元 or more may be 元 under a 万元 label (kept as written); check it",
        )  # fmt: skip

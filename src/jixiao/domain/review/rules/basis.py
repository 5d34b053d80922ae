"""立项依据 and 测算依据: is the project founded on named policies, and is its money calculated?

Forms such as Shenzhen's 二级项目支出绩效目标申报表 carry 政策依据 (``TargetTable.basis``) and
测算依据 (``TargetTable.calculation``). ``None`` means the form has no such field: the rules then
stay silent unless the profile sets ``required = true``; an empty text is always "missing"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.domain.model import TargetTable
from jixiao.domain.review.calculation import products, totals
from jixiao.domain.review.helpers import at_document, classified, wan
from jixiao.domain.review.registry import Context, Hit, rule

_TITLE = re.compile(r"《[^》]{2,}》")
_DOC_NUMBER = re.compile(r"[〔\[【（(]\s*(?:19|20)\d{2}\s*[〕\]】）)]\s*(?:第\s*)?\d+\s*号")
_MANDATE = re.compile(r"三定|职能配置|内设机构和人员编制")


def _missing(text: str | None, ctx: Context) -> bool:
    """The field is blank, or absent from a form the profile says must have it."""
    return (text is None and bool(ctx.param("required"))) or (text is not None and not text.strip())


@rule(
    "REL-08",
    category="相关性",
    severity="warning",
    title="政策依据缺失或不具体",
    explanation="立项依据应说明项目与部门职能、发展规划和政策的关系（88号 第二十四条 相关性审核“绩效目标的设定与部门职能、事业发展规划是否相关”）；只写“根据上级要求”“按照有关规定”无法核实，应引用文件名称《……》、文号（如〔2019〕15号、【2020】52号）或部门的三定方案。",
    basis="财预〔2015〕88号 第二十四条（相关性）；深圳二级项目申报表“政策依据”栏",
    suggestion="写明所依据的法规、政策文件的名称和文号，或三定方案中对应的职能条目。",
    example="政策依据“根据上级工作要求开展”",
    params={"required": False},
)
def policy_basis(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    text = table.basis
    if _missing(text, ctx):
        yield at_document(table, "project", "缺少政策依据", "the policy basis is missing")
    elif text is not None and not (
        _TITLE.search(text) or _DOC_NUMBER.search(text) or _MANDATE.search(text)
    ):
        yield at_document(
            table, "project", f"政策依据没有引用文件名称、文号或三定方案：{text[:40]}",
            "the policy basis cites no document title, number or mandate",
        )  # fmt: skip


@rule(
    "FEA-06",
    category="可行性",
    severity="warning",
    title="测算依据缺失或没有列出单价 × 数量",
    explanation="预算应“经过充分论证和合理测算”（88号 第二十四条 可行性审核）；测算依据应逐项列出单价 × 数量 = 金额，否则无法判断资金规模是否合理。",
    basis="财预〔2015〕88号 第二十四条（可行性）；深圳二级项目申报表“测算依据”栏",
    suggestion="按支出内容逐项写出“单价 × 数量 = 金额”（如“500元/人 × 200人 = 10万元”），并与预算数一致。",
    example="测算依据“根据实际工作需要测算”",
    params={"required": False},
)
def calculation_shown(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    text = table.calculation
    if _missing(text, ctx):
        yield at_document(table, "budget", "缺少测算依据", "the calculation basis is missing")
    elif text is not None and not products(text):
        yield at_document(
            table, "budget", f"测算依据没有列出单价 × 数量：{text[:40]}",
            "the calculation basis shows no unit price × quantity",
        )  # fmt: skip


def _close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    return abs(a - b) <= max(Decimal("0.01"), abs(b) * tolerance)


@rule(
    "APP-06",
    category="适当性",
    severity="warning",
    title="测算依据合计与预算数不符",
    explanation="测算依据各项“单价 × 数量”之和就是项目所需资金，应等于预算数，并与成本指标一致；不一致说明测算或预算有误（88号 第二十四条 适当性审核“资金规模与绩效目标之间是否匹配”）。",
    basis="财预〔2015〕88号 第二十四条（适当性）",
    suggestion="核对测算依据的单价、数量和金额，使合计等于预算数和成本指标。",
    example="测算依据“500元/人 × 200人 = 10万元”，预算数 20.00万元",
    params={"tolerance": 0.005},
)
def calculation_total(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    budget, text = table.budget.total, table.calculation
    if budget is None or not text or not products(text):
        return
    tolerance = Decimal(str(ctx.param("tolerance")))
    candidates = totals(text)
    if any(_close(total, budget, tolerance) for total in candidates):
        return
    costs = [
        r.target.value
        for r, _level2, cost in classified(table)
        if cost and r.target.kind == "amount"
    ]
    cost = sum((v for v in costs if v is not None), Decimal(0))
    also = f"，成本指标合计 {wan(cost)}万元" if costs else ""
    yield at_document(
        table, "budget", f"测算依据合计 {wan(candidates[0])}万元 与预算数 {wan(budget)}万元 不符{also}",
        f"the calculation totals {wan(candidates[0])} but the budget is {wan(budget)} (10k yuan)",
    )  # fmt: skip

"""可行性审核 (feasibility): can the target be achieved and verified in the budget year?

Basis: 财预〔2015〕88号 第二十四条 — "所采取的措施是否切实可行，并能确保绩效目标如期实现"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.domain import levels, units
from jixiao.domain.model import Document
from jixiao.domain.review.helpers import (
    at_document,
    at_row,
    classified,
    is_rate_name,
    occurs,
    rows,
    shown,
)
from jixiao.domain.review.registry import BOTH, Context, Hit, rule

#: a year 20xx年 not inside a longer number or a range: the character before the match is looked
#: at after the digits (a look-behind over them), so that the pattern opens with the literal
#: ``20`` and the search skips to each ``20`` (opening with the look-behind, it tried every
#: character of the title)
_YEAR = re.compile(r"(20\d{2})(?<![\d\-—至~]20\d{2})(?![\d\-—至~])年")


@rule(
    "FEA-01",
    category="可行性",
    severity="warning",
    title="时限或标题年份与预算年度不符",
    explanation="年度绩效目标应在预算年度内完成（时效指标不晚于预算年度 12 月 31 日），标题中的年份应与预算年度一致；否则目标不能“如期实现”，也可能是沿用了上年的表（88号 第二十四条 可行性审核）。",
    basis="财预〔2015〕88号 第二十四条（可行性）；[I]",
    suggestion="把完成时限定在预算年度内；改正标题年份，或说明跨年度资金的安排。",
    example="2025 年预算中的“2024年中央大气污染防治专项资金项目绩效目标表”",
    scope=BOTH,
)
def year_mismatch(document: Document, ctx: Context) -> Iterator[Hit]:
    year = document.year
    if year is None:
        return
    years = sorted({int(y) for y in _YEAR.findall(document.title)})
    if years and year not in years:
        shown_years = "、".join(f"{y}年" for y in years)
        yield at_document(
            document, "title", f"标题年份 {shown_years} 与预算年度 {year}年 不一致：{document.title}",
            f"the title says {shown_years} but the budget year is {year}",
        )  # fmt: skip
    for row in rows(document):
        deadline = row.target.deadline
        if deadline is not None and deadline.year != year:
            yield at_row(
                row, f"完成时限“{shown(row.target)}”不在预算年度 {year}年 内",
                f"the deadline '{shown(row.target)}' is outside the budget year {year}",
            )  # fmt: skip


@rule(
    "FEA-02",
    category="可行性",
    severity="warning",
    title="时效指标不可衡量",
    explanation="时效指标应给出日期、时长或及时率，才能判断是否如期完成；“按时完成”“在规定时间内完成”之类的表述无法核实。",
    basis="财预〔2015〕88号 第二十四条（如期实现）；[I]",
    suggestion="写明完成日期（如“2025年12月底前”）、时长（如“≤24小时”）或及时率。",
    example="时效指标“系统升级改造　按时完成”",
    scope=BOTH,
)
def timeliness_measurable(document: Document, ctx: Context) -> Iterator[Hit]:
    for row, kind, _cost in classified(document):
        if kind != levels.TIMELINESS:
            continue
        if row.target.kind == "qualitative":
            yield at_row(
                row,
                f"时效指标的指标值“{shown(row.target)[:30]}”没有日期或时长",
                "no date or duration",
            )
        elif "relative_deadline" in row.target.problems:
            yield at_row(
                row, f"时效指标“{shown(row.target)[:30]}”没有写明日期", "the deadline has no date",
                severity="info",
            )  # fmt: skip


_CONDITIONAL = occurs(re.compile(r"依委托|视情况|根据需要|视需要|按需|如有|根据实际"))


@rule(
    "FEA-03",
    category="可行性",
    severity="warning",
    title="指标值是约数或附条件",
    explanation="“约70项”“依委托开展”这样的指标值没有确定的考核标准，年底无法判断是否完成，也说明目标没有经过充分测算（88号 第二十四条“是否经过充分论证和合理测算”）。",
    basis="财预〔2015〕88号 第二十四条（可行性）",
    suggestion="写出确定的数值（如“≥70项”），删去“约”“左右”“依委托”等不确定的表述。",
    example="环保资金专项审计　约70项",
    scope=BOTH,
)
def approximate(document: Document, ctx: Context) -> Iterator[Hit]:
    for row in rows(document):
        target = row.target
        if "approximate" in target.problems or target.op == "≈":
            yield at_row(
                row, f"指标值“{shown(target)}”是约数", f"the value '{shown(target)}' is approximate"
            )
        elif _CONDITIONAL(target.raw):
            yield at_row(
                row,
                f"指标值“{shown(target)}”附有条件",
                f"the value '{shown(target)}' is conditional",
            )


@rule(
    "FEA-04",
    category="可行性",
    severity="error",
    title="指标方向错误：成本用“≥”，数量用“≤”",
    explanation="成本指标是控制上限，必须是反向指标（≤、＜）；写成“≥”等于要求多花钱。数量指标一般是正向指标，用“≤”封顶说明方向写反了，除非衡量的是败诉、事故、投诉等不希望发生的事项（§2.5）。",
    basis="§2.5 指标方向；计算符号（C4）",
    suggestion="成本指标改为“≤”；数量指标改为“≥”，或在名称中写明所衡量的是需要控制的事项。",
    example="成本指标“中央水污染防治资金预算执行　≥1796万元”",
    scope=BOTH,
    params={
        "bad_events": [
            "败诉",
            "事故",
            "事件",
            "投诉",
            "故障",
            "超标",
            "违法",
            "违规",
            "信访",
            "差错",
            "伤亡",
        ]
    },
)
def direction(document: Document, ctx: Context) -> Iterator[Hit]:
    bad_events = tuple(ctx.param("bad_events"))
    for row, kind, cost in classified(document):
        target = row.target
        if row.direction == "lower_better":  # the source marks it 反向: capped on purpose
            continue
        if cost and target.kind == "amount" and target.direction == "higher_better":
            yield at_row(
                row, f"成本指标“{row.level3}”使用了“{target.op}”：{shown(target)}",
                f"the cost indicator uses '{target.op}': {shown(target)}",
            )  # fmt: skip
        elif (
            kind == levels.QUANTITY
            and target.direction == "lower_better"
            and target.kind == "quantity"
            and not any(word in row.level3 for word in bad_events)
        ):
            yield at_row(
                row, f"数量指标“{row.level3}”用“{target.op}”封顶：{shown(target)}",
                f"the quantity is capped with '{target.op}': {shown(target)}", severity="warning",
            )  # fmt: skip


@rule(
    "FEA-05",
    category="可行性",
    severity="warning",
    title="计量单位与指标名称不符",
    explanation="名称为“……率”的指标应以 % 计量；以小时、个、元等计量说明指标名称或指标值写错了（§2.5 UNIT_NAME_MISMATCH）。",
    basis="§2.5 第4条；包头审核要点“计量单位的准确性”（S12）",
    suggestion="使计量单位与指标名称一致：比率用 %，时长改名为“……时间”。",
    example="时效指标“响应及时率　<2小时”",
    scope=BOTH,
)
def unit_vs_name(document: Document, ctx: Context) -> Iterator[Hit]:
    for row in rows(document):
        target = row.target
        if (
            target.unit is None
            or target.unit in units.PERCENT_UNITS
            or not is_rate_name(row.level3)
        ):
            continue
        yield at_row(
            row, f"“{row.level3}”是比率，指标值“{shown(target)}”却以“{target.unit_raw or target.unit}”计量",
            f"'{row.level3}' is a rate but is measured in {target.unit}",
        )  # fmt: skip

"""相关性审核 (relevance): do the indicators belong to the goals, and are they 细化、量化?

Basis: 财预〔2015〕88号 第二十四条 — "是否对申报的绩效目标设定了相关联的绩效指标，绩效指标是否细化、量化"."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao.domain import levels
from jixiao.domain.model import Document, SelfEvaluation, Source, TargetTable
from jixiao.domain.review.helpers import (
    Row,
    at_goal,
    at_row,
    classified,
    description,
    display,
    goals,
    indicators,
    is_rate_name,
    is_satisfaction,
    last_document,
    occurs,
    overlap,
    quantities_in_text,
    results,
    rows,
    shown,
)
from jixiao.domain.review.registry import BOTH, Context, Hit, rule
from jixiao.domain.review.values import AnyTarget, ResultValues
from jixiao.domain.targets import Target

#: a goal, where it was read, the indicators that should measure it, and their values
_Block = tuple[str, Source, Sequence[Row], list[tuple[Row, AnyTarget]]]


@last_document
def _goal_blocks(document: Document) -> list[_Block]:
    """Each goal text, where it is, the indicators that should measure it (all of them in a
    target table) and their quantitative values (:func:`_values`); REL-01 and REL-02 both read
    them."""
    if isinstance(document, TargetTable):
        every = indicators(document)
        values = _values(every)
        return [(goal, source, every, values) for goal, source in goals(document)]
    assert isinstance(document, SelfEvaluation)
    by_goal: dict[int | None, list[ResultValues]] = {}
    for row in results(document):
        by_goal.setdefault(row.goal_no, []).append(row)
    blocks: list[_Block] = []
    for result in document.goals:
        measured = by_goal.get(result.no, [])
        blocks.append((result.target, result.source, measured, _values(measured)))
    return blocks


def _values(indicators: Sequence[Row]) -> list[tuple[Row, AnyTarget]]:
    """Every quantitative value of the block with its row (each part of a multi-value cell)."""
    return [
        (row, part) for row in indicators for part in (row.target.parts or (row.target,))
        if part.value is not None
    ]  # fmt: skip


_NEAR = Decimal("0.2")  # a value within 20% in the same unit is "the same item, another number"


def _near(number: Decimal, unit: str | None, value: AnyTarget) -> bool:
    """Whether ``value`` is within 20% of a goal's quantity (its ``number`` and ``unit``, read
    once from the model by the caller) in the same unit."""
    assert value.value is not None
    return value.unit == unit and abs(value.value - number) <= _NEAR * number


@rule(
    "REL-01",
    category="相关性",
    severity="info",
    title="目标中的量化内容没有对应的绩效指标",
    explanation="绩效目标中写明的数量（如“4小时内预警”“审核3家拆解企业”）应有对应的绩效指标来衡量，否则目标无法考核（88号 第二十四条“是否设定了相关联的绩效指标”）。此项为启发式检查，需人工确认。",
    basis="财预〔2015〕88号 第二十四条（相关性）",
    suggestion="为目标中的每项量化任务设置对应的绩效指标，或从目标中删去不考核的内容。",
    example="目标“重点舆情在4小时内进行预警”，指标中没有 4小时",
    scope=BOTH,
)
def uncovered_goal_numbers(document: Document, ctx: Context) -> Iterator[Hit]:
    for goal, source, measured, in_block in _goal_blocks(document):
        if not measured:
            continue
        quantities = quantities_in_text(goal)
        if not quantities:
            continue
        by_number, by_unit = _by_number_and_unit(in_block)
        for quantity in quantities:
            number, unit = _number_and_unit(quantity)
            if number not in by_number and not any(
                _near(number, unit, v) for _, v in by_unit.get(unit, ())
            ):
                said = display(quantity)
                yield at_goal(
                    source, f"目标中的“{said}”没有对应的指标：{goal[:40]}",
                    f"'{said}' in the goal has no matching indicator",
                )  # fmt: skip


def _number_and_unit(quantity: Target) -> tuple[Decimal, str | None]:
    """A goal's quantity's number and unit, read once (a model: each read goes through
    pydantic's attribute hook)."""
    values = quantity.__dict__
    number: Decimal | None = values["value"]
    assert number is not None  # quantities_in_text gives numbers only
    return number, values["unit"]


_Values = list[tuple[Row, AnyTarget]]  # a block's values with their rows (:func:`_values`)


@last_document
def _by_number_and_unit(
    values: _Values,
) -> tuple[dict[Decimal | None, _Values], dict[str | None, _Values]]:
    """A block's values (:func:`_values`), in their order, by number and by unit: what REL-01 and
    REL-02 ask of each quantity of a goal (the values of its number, those of its unit — the
    only ones :func:`_near` can find near), without going through every value for each (a
    target table's blocks share one list of values: this is built once for them)."""
    by_number: dict[Decimal | None, _Values] = {}
    by_unit: dict[str | None, _Values] = {}
    for pair in values:
        by_number.setdefault(pair[1].value, []).append(pair)
        by_unit.setdefault(pair[1].unit, []).append(pair)
    return by_number, by_unit


@rule(
    "REL-02",
    category="相关性",
    severity="warning",
    title="目标文字中的数字与指标值不一致",
    explanation="同一项任务在绩效目标中和指标值中应使用相同的数值和计量单位（如目标“不少于2000人次”，指标却是“≥2000人”；目标“210万个”，指标“≥2103000个”），否则考核口径不清。",
    basis="财预〔2015〕88号 第二十四条（相关性）；[I]",
    suggestion="统一目标文字和指标值的数值与计量单位。",
    example="目标“服务人数不少于2000人次”，指标值“≥2000人”",
    scope=BOTH,
    params={"min_value": 2, "unit_synonyms": [["期", "份"], ["人", "名"]]},
)
def goal_numbers_disagree(document: Document, ctx: Context) -> Iterator[Hit]:
    synonyms = [set(group) for group in ctx.param("unit_synonyms")]
    for goal, _, _indicators, values in _goal_blocks(document):
        quantities = quantities_in_text(goal)
        if not quantities:
            continue
        by_number, by_unit = _by_number_and_unit(values)
        for quantity in quantities:
            number, unit = _number_and_unit(quantity)
            same = by_number.get(number, [])
            if any(v.unit == unit or {v.unit, unit} <= group
                   for _, v in same for group in [*synonyms, set()]):  # fmt: skip
                continue
            if same and number >= ctx.param("min_value"):
                row = same[0][0]
                said, stated = display(quantity), shown(row.target)
                yield at_row(
                    row, f"目标写“{said}”，指标值为“{stated}”，计量单位不一致",
                    f"the goal says '{said}' but the value is '{stated}'",
                )  # fmt: skip
            elif not same:
                for row, v in by_unit.get(unit, ()):
                    if _near(number, unit, v):
                        said, stated = display(quantity), shown(row.target)
                        yield at_row(
                            row, f"目标写“{said}”，指标值为“{stated}”，数值不一致",
                            f"the goal says '{said}' but the value is '{stated}'",
                        )  # fmt: skip


@rule(
    "REL-03",
    category="相关性",
    severity="warning",
    title="三级指标名称与绩效指标描述不是同一件事",
    explanation="绩效指标描述应解释三级指标衡量的对象；两者说的不是一件事（如名称“重要标准项目制/修订数量”，描述“根据举报线索立案数量”）时，指标无法准确考核。此项按字面相似度判断，需人工确认。",
    basis="天津目标表“绩效指标描述”栏（§3.2）；[I]",
    suggestion="使名称和描述指向同一衡量对象；描述应说明口径，不要填写指标值或照抄项目名称。",
    example="三级指标“重要标准项目制/修订数量”，描述“根据举报线索立案数量”",
    params={"min_overlap": 0.15},
)
def name_vs_description(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    for row in rows(table):
        text = description(row)
        if not text or text == row.level3 or is_satisfaction(row):  # 问卷调查 is how, not what
            continue
        if overlap(row.level3, text) < ctx.param("min_overlap"):
            yield at_row(
                row, f"三级指标“{row.level3}”与描述“{text[:30]}”说的不是同一件事",
                f"the name '{row.level3}' and the description '{text[:30]}' differ",
            )  # fmt: skip


_COUNT_NAME = occurs(re.compile(r"(数量|个数|次数|人数|件数|份数|场次|笔数)$"))


@rule(
    "REL-04",
    category="相关性",
    severity="warning",
    title="指标放错了二级指标",
    explanation="88号 第九条：数量指标反映产出数量，质量指标反映产出质量，成本指标反映成本（金额）。成本指标不用金额衡量、质量或时效指标衡量的是数量、数量指标衡量的是比率，说明分类有误。此项为启发式检查。",
    basis="财预〔2015〕88号 第九条",
    suggestion="把指标移到与其计量对象相符的二级指标下，或改写指标。",
    example="成本指标“资金使用率 ≥90%”",
    scope=BOTH,
)
def wrong_level2(document: Document, ctx: Context) -> Iterator[Hit]:
    for row, level2_, cost in classified(document):
        kind, name = row.target.kind, row.level3
        if cost and kind in ("ratio", "quantity", "duration"):
            yield at_row(
                row,
                f"成本指标“{name}”的指标值“{shown(row.target)}”不是金额",
                "a cost indicator not measured in money",
            )
        elif (
            level2_ in (levels.QUALITY, levels.TIMELINESS)
            and _COUNT_NAME(name)
            and kind == "quantity"
        ):
            yield at_row(
                row,
                f"“{name}”衡量的是数量，却放在{row.level2}下",
                f"'{name}' is a count filed under {row.level2}",
            )
        elif level2_ == levels.QUANTITY and kind == "ratio" and is_rate_name(name):
            yield at_row(
                row, f"“{name}”是比率，却放在数量指标下", f"'{name}' is a rate filed under 数量指标"
            )


_SLOTS = frozenset({levels.QUANTITY, levels.COST_OUTPUT})
_GRADED_LEVEL2 = frozenset({levels.QUALITY, levels.ECONOMIC, levels.SOCIAL, levels.ECOLOGICAL,
                            levels.SUSTAINABLE})  # fmt: skip
_VAGUE = re.compile(r"明显|显著|提升|提高|改善|增强|好转|良好|较好|合格|有效|优良|一定")
_GRADES = re.compile(r"等级|分级|分档|档次|评分|计分|\d+\s*分|(?:优|良|好|中|合格|一般|差)[：:（(]")


def _vague(row: Row, level2_: str, max_length: int) -> bool:
    """A short degree phrase (明显, 得到提升, 良好, 合格) that no grade definition explains.

    Checked on target tables only: a self-evaluation reports on targets already set."""
    text = "".join(row.target.raw.split()).strip("。.")
    return (
        level2_ in _GRADED_LEVEL2
        and len(text) <= max_length
        and _VAGUE.search(text) is not None
        and not _GRADES.search(description(row) or "")
    )


@rule(
    "REL-05",
    category="相关性",
    severity="warning",
    title="应量化的指标使用了不可衡量的文字，或定性指标没有评价标准",
    explanation="绩效指标应“细化、量化”（88号 第二十四条）；数量、成本指标和名称为“……率”“……数量”的指标必须给出数值，定性表述（如“依委托开展”“有效提升”）无法考核。质量、效益指标确需定性表述时，应在指标解释中写明分级分档的评价标准（如“好：……；较好：……；一般：……”），否则“明显”“得到提升”“良好”“合格”无法评判（财预〔2020〕10号 定性指标分档）。",
    basis="财预〔2015〕88号 第二十四条；财预〔2011〕285号（尽量定量表述）；财预〔2020〕10号（定性指标分档评价）",
    suggestion="给出可衡量的数值和计量单位；确实无法量化的，在指标解释中写明分级分档的评价标准。",
    example="数量指标“其他审计　依委托开展”；社会效益指标“公众环保意识　明显提升”",
    scope=BOTH,
    params={"max_vague_length": 10},
)
def unmeasurable(document: Document, ctx: Context) -> Iterator[Hit]:
    for row, level2_, cost in classified(document):
        target = row.target
        if target.kind != "qualitative" or "empty" in target.problems:
            continue
        slot = level2_ in _SLOTS or cost
        named = is_rate_name(row.level3) or _COUNT_NAME(row.level3)
        if slot or named:
            what = row.level2 if slot else "名称表明是定量指标"
            yield at_row(
                row, f"“{row.level3}”的指标值“{shown(target)[:30]}”不可衡量（{what}）",
                f"the value '{shown(target)[:30]}' is not measurable",
            )  # fmt: skip
        elif isinstance(document, TargetTable) and _vague(
            row, level2_, int(ctx.param("max_vague_length"))
        ):
            yield at_row(
                row, f"“{row.level3[:20]}”的指标值“{shown(target)}”无法评判，指标解释中也没有评价标准",
                f"the value '{shown(target)}' cannot be assessed and no grades are defined",
            )  # fmt: skip


_INPUT = occurs(re.compile(r"(工作人员|人员)(数量|人数)$|每日工作时间|工作时长|资金投入|投入资金"))


@rule(
    "REL-06",
    category="相关性",
    severity="warning",
    title="以投入或管理事项充当产出指标",
    explanation="人力、财力、物力等投入数量不是绩效目标（“财力、人力和物力等投入数量不能作为绩效目标”），如“管理服务工作人员数量”“每日工作时间”；产出指标应反映提供了什么服务或产品。此项为启发式检查。",
    basis="地方审核指引（S14）；财预〔2021〕101号 [R?]",
    suggestion="改为反映产出的指标（完成的服务量、办结事项数等）。",
    example="数量指标“管理服务工作人员数量 ≥5人”",
    scope=BOTH,
)
def input_as_output(document: Document, ctx: Context) -> Iterator[Hit]:
    for row, _level2, cost in classified(document):
        if not cost and levels.canonical(row.level1) == levels.OUTPUT and _INPUT(row.level3):
            yield at_row(
                row, f"“{row.level3}”是投入而不是产出", f"'{row.level3}' is an input, not an output"
            )


@rule(
    "REL-07",
    category="相关性",
    severity="error",
    title="一个指标值单元格填了多个数值",
    explanation="一个三级指标只能有一个指标值；一格多值（如“COD108.4；氨氮1.0；总磷2.6”）无法逐项考核和评分（§2.3 MULTI_VALUE）。",
    basis="§2.3 指标值规范；财预〔2015〕88号 第二十四条（细化、量化）",
    suggestion="拆成每个对象一个三级指标，各自写明数值和计量单位。",
    example="主要污染负荷削减量　COD108.4；氨氮1.0；总磷2.6",
    scope=BOTH,
)
def multi_value(document: Document, ctx: Context) -> Iterator[Hit]:
    for row in rows(document):
        if "multi_value" in row.target.problems:
            count = len(row.target.parts)
            yield at_row(
                row, f"指标值“{shown(row.target)}”含 {count} 个数值，应拆成 {count} 个指标",
                f"the value holds {count} values; split it into {count} indicators",
            )  # fmt: skip

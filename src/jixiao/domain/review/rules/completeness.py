"""完整性审核 (completeness): is the target complete, clear, and built on the required structure?

Basis: 财预〔2015〕88号 第二十四条 — "绩效目标的内容是否完整，绩效目标是否明确、清晰"."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from jixiao.domain import levels
from jixiao.domain.model import Document, TargetTable
from jixiao.domain.review.helpers import (
    Row,
    at_document,
    at_goal,
    at_row,
    goals,
    indicators,
    labels,
    occurs,
    rows,
    shown,
)
from jixiao.domain.review.registry import BOTH, Context, Hit, rule


@rule(
    "CMP-01",
    category="完整性",
    severity="error",
    title="缺少项目名称、预算数、绩效目标或绩效指标",
    explanation="绩效目标表必须写明项目名称、预算规模、至少一条绩效目标和至少一个绩效指标，否则无法审核（88号 第二十四条 完整性审核）。",
    basis="财预〔2015〕88号 第二十四条",
    suggestion="补齐项目名称、预算数、绩效目标和绩效指标后重新报送。",
    example="绩效目标栏为空",
)
def missing_content(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    checks = [
        (not table.project.name.strip(), "project", "项目名称", "the project name"),
        (table.budget.total is None, "budget", "预算数", "the budget amount (预算数)"),
        (not any(g.strip() for g in table.goals), "goals", "绩效目标", "the performance goals"),
        (not table.indicators, "indicator", "绩效指标", "performance indicators"),
    ]
    for missing, field, zh, en in checks:
        if missing:
            yield at_document(table, field, f"缺少{zh}", f"{en} is missing")  # type: ignore[arg-type]


_LEVEL_NAMES = frozenset((*levels.LEVEL1, *levels.LEVEL2))
_PLACEHOLDER = re.compile(r"目标内容\s*\d|XX|ＸＸ|xx|\*\*|……|请填写|请输入|填写说明|示例")
_HAS_PLACEHOLDER = occurs(_PLACEHOLDER)


@rule(
    "CMP-02",
    category="完整性",
    severity="error",
    title="残留模板占位文字",
    explanation="“目标内容1”“XX”“请填写”等模板文字说明目标没有认真填写，目标不“明确、清晰”；指标名称照抄层级名称（如“服务对象满意度指标”）也说不出具体衡量什么（88号 第二十四条）。",
    basis="财预〔2015〕88号 第二十四条（明确、清晰）",
    suggestion="删除模板占位文字，写出具体的目标内容和指标名称。",
    example="绩效目标“1.目标内容1保证各业务系统正常运转”",
    scope=BOTH,
)
def placeholders(document: Document, ctx: Context) -> Iterator[Hit]:
    for text, source in goals(document):
        match = _PLACEHOLDER.search(text)
        if match:
            yield at_goal(
                source, f"绩效目标含模板文字“{match.group(0)}”：{text[:40]}",
                f"a goal contains template text '{match.group(0)}'",
            )  # fmt: skip
    for row in rows(document):
        name = row.level3
        if name.strip() in _LEVEL_NAMES:
            yield at_row(
                row, f"三级指标名称“{row.level3}”只是层级名称，没有说明衡量什么",
                f"the level-3 name '{row.level3}' is only a level label",
            )  # fmt: skip
        elif _HAS_PLACEHOLDER(name):
            yield at_row(
                row, f"三级指标名称含模板文字：{row.level3}", "template text in the indicator name"
            )


@rule(
    "CMP-03",
    category="完整性",
    severity="error",
    title="指标要素不全：层级、名称、指标值或计量单位缺失",
    explanation="每个指标都要有一级、二级、三级指标和指标值；定量指标还要有计量单位，否则无法衡量和评价（一体化指标库“计量单位”必填；包头审核要点“计量单位的准确性”）。",
    basis="预算管理一体化 指标要素（C14）；包头审核要点（S12）",
    suggestion="补齐缺失的指标要素；定量指标在指标值中写明计量单位（如“≥5个”）。",
    example="专家评审通过率　1001",
    scope=BOTH,
)
def indicator_fields(document: Document, ctx: Context) -> Iterator[Hit]:
    for row in rows(document):
        named = row.level1.strip() and row.level2.strip() and row.level3.strip()
        empty = [] if named else [zh for zh, value in (("一级指标", row.level1), ("二级指标", row.level2),
                 ("三级指标", row.level3)) if not value.strip()]  # fmt: skip
        problems = row.target.problems
        if "empty" in problems:
            empty.append("指标值")
        if empty:
            yield at_row(row, f"缺少{'、'.join(empty)}", f"missing: {', '.join(empty)}")
        elif "no_unit" in problems:
            yield _no_unit(row)


_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]{1,4})[)）]$")


def _no_unit(row: Row) -> Hit:
    raw = shown(row.target)
    unit_in_name = _UNIT_IN_NAME.search(row.level3)
    if unit_in_name:
        return at_row(
            row, f"指标值“{raw}”没有计量单位（单位“{unit_in_name.group(1)}”写在了指标名称里）",
            f"the value '{raw}' has no unit (the unit is in the name)", severity="info",
        )  # fmt: skip
    return at_row(row, f"指标值“{raw}”没有计量单位", f"the value '{raw}' has no unit")


@rule(
    "CMP-04",
    category="完整性",
    severity="warning",
    title="指标体系缺少规定的二级指标",
    explanation="88号 第九条把绩效指标分为产出、效益、满意度指标；天津的目标表模板要求产出指标下数量、质量、时效、成本四类齐全，并至少有一个效益指标和一个满意度指标。",
    basis="财预〔2015〕88号 第九条；天津目标表模板（seeds）",
    suggestion="按模板补齐缺少的二级指标。",
    example="产出指标中没有时效指标",
    params={"required_level2": [], "required_level1": ["产出指标", "效益指标"]},
)
def structure(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    present1 = {level1 for level1, _ in labels(table)}
    present2 = {level2 for _, level2 in labels(table)}
    missing = [name for name in ctx.param("required_level2") if name not in present2]
    missing += [name for name in ctx.param("required_level1") if name not in present1]
    if table.indicators and missing:
        yield at_document(
            table, "indicator", f"指标体系缺少{'、'.join(missing)}",
            f"the indicators lack {', '.join(missing)}",
        )  # fmt: skip


@rule(
    "CMP-05",
    category="完整性",
    severity="error",
    title="二级指标不属于所在的一级指标",
    explanation="二级指标有固定的归属（数量/质量/时效/成本指标属于产出指标，经济/社会/生态效益和可持续影响指标属于效益指标，服务对象满意度指标属于满意度指标）；放错位置会使指标体系和评分权重出错（88号 第九条）。",
    basis="财预〔2015〕88号 第九条；§1.2",
    suggestion="把该行移到正确的一级指标下，或改正二级指标名称。",
    example="效益指标 / 数量指标 / 培训人数",
    params={"extra_level2": {}},  # template level 2 → its level 1, e.g. 其他满意度 → 满意度指标
)
def wrong_parent(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    extra = {levels.canonical(k): v for k, v in ctx.param("extra_level2").items()}
    for row, (level1, level2) in zip(indicators(table), labels(table), strict=True):
        parent = levels.PARENT.get(level2) or extra.get(level2)  # levels.parent_of, or the extra
        if parent is None:
            yield at_row(
                row, f"二级指标“{row.level2}”不是规定的二级指标名称",
                f"'{row.level2}' is not a known level-2 label",
            )  # fmt: skip
        elif parent != level1 and not (level1 == levels.COST and parent == levels.OUTPUT
                                       and level2 == levels.COST_OUTPUT):  # fmt: skip
            yield at_row(
                row, f"二级指标“{row.level2}”应属于“{parent}”，却放在“{row.level1}”下",
                f"'{row.level2}' belongs under '{parent}', not '{row.level1}'",
            )  # fmt: skip


@rule(
    "CMP-06",
    category="完整性",
    severity="error",
    title="预算数不等于财政资金与其他资金之和",
    explanation="预算数 = 财政资金 + 其他资金（空白按 0）；不相等说明资金来源填报有误，成本指标和资金匹配性审核都会因此失真。",
    basis="预算规模栏的勾稽关系（§3.2）",
    suggestion="核对预算数、财政资金和其他资金，使预算数等于两者之和。",
    example="预算数 100.00 = 财政资金 80.00 + 其他资金 10.00",
)
def budget_identity(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    budget = table.budget
    total, fiscal, other = budget.total, budget.fiscal, budget.other  # each read once
    if total is None or (fiscal is None and other is None):
        return
    parts = (fiscal or 0) + (other or 0)
    if parts != total:
        # each amount as str() gives it: what format() gives too, at several times the cost
        total_, fiscal_, other_, parts_ = str(total), str(fiscal or 0), str(other or 0), str(parts)
        yield at_document(
            table, "budget",
            f"预算数 {total_}万元 ≠ 财政资金 {fiscal_} + 其他资金 {other_} = {parts_}万元",
            f"budget {total_} ≠ fiscal {fiscal_} + other {other_} = {parts_} (10k yuan)",
        )  # fmt: skip


@rule(
    "CMP-08",
    category="完整性",
    severity="warning",
    title="指标重复",
    explanation="同一张表中三级指标名称重复，说明指标没有细化到不同的衡量对象，重复的行也会重复占用分值（88号 第二十四条“明确、清晰”）。",
    basis="财预〔2015〕88号 第二十四条",
    suggestion="合并重复的指标，或把名称改成各自衡量的内容（如“……项目数量”“……项目验收合格率”）。",
    example="数量指标“技术攻关类项目 ≥5项”与质量指标“技术攻关类项目 已完成”同名",
)
def duplicates(table: TargetTable, ctx: Context) -> Iterator[Hit]:
    indicators = rows(table)  # 不适用 rows are the template's, not duplicates
    # a name without spaces and a full stop at either end (one expression: no call per row)
    keys = ["".join(row.level3.split()).strip("。.") for row in indicators]
    if len(set(keys)) == len(keys):  # most tables: no name twice
        return
    counts = Counter(keys)
    seen: set[str] = set()
    for row, key in zip(indicators, keys, strict=True):
        if counts[key] > 1 and key and key not in seen:
            seen.add(key)
            where = "、".join(
                sorted({r.level2 for r, k in zip(indicators, keys, strict=True) if k == key})
            )
            yield at_row(
                row, f"三级指标“{row.level3}”出现 {counts[key]} 次（{where}）",
                f"the indicator '{row.level3}' appears {counts[key]} times",
            )  # fmt: skip

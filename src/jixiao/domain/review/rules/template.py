"""The template's indicator rows (完整性): names short enough to read, and the 不适用 convention.

Templates such as Shenzhen's list every 二级指标 and ask that a row which does not apply say
``不适用``; a required 二级指标 (数量、质量、时效 …) can never be 不适用."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.domain import levels
from jixiao.domain.model import Document
from jixiao.domain.review.helpers import (
    at_row,
    classified,
    is_not_applicable,
    level2,
    rows,
    template_slots,
)
from jixiao.domain.review.registry import BOTH, Context, Hit, rule


@rule(
    "CMP-09",
    category="完整性",
    severity="warning",
    title="三级指标名称过长",
    explanation="三级指标名称应简明地说出衡量对象（如“培训人数”“设备完好率”）；把目标或工作内容整句写成名称，指标就看不出衡量什么，也超出一体化系统的名称长度（C14）。",
    basis="预算管理一体化 指标名称要求（C14）；财预〔2015〕88号 第二十四条（明确、清晰）",
    suggestion="把名称压缩为“对象 + 计量内容”，说明性文字移到指标解释（绩效指标描述）中。",
    example="三级指标“不断提高民众环保意识，社会持续保持良好生态环境氛围，推动全社会形成绿色生产生活方式”",
    params={"max_length": 40},
)
def long_name(document: Document, ctx: Context) -> Iterator[Hit]:
    limit = int(ctx.param("max_length"))
    for row in rows(document):
        if len(row.level3) <= limit:  # most: no longer without its spaces either
            continue
        name = "".join(row.level3.split())
        if len(name) > limit:
            yield at_row(
                row, f"三级指标名称长 {len(name)} 字，超过 {limit} 字：{name[:20]}…",
                f"the indicator name has {len(name)} characters (more than {limit})",
            )  # fmt: skip


@rule(
    "CMP-10",
    category="完整性",
    severity="warning",
    title="空白行未填“不适用”，或必填的二级指标填了“不适用”",
    explanation="模板列出的二级指标行不适用于本项目时应填写“不适用”，留空无法判断是漏填还是不适用；数量、质量、时效等反映产出的二级指标是每个项目都必须有的，不能填“不适用”（88号 第九条）。",
    basis="财预〔2015〕88号 第九条；深圳二级项目申报表填报说明",
    suggestion="不适用的行填写“不适用”；必填的二级指标写出具体的三级指标和指标值。",
    example="数量指标　不适用　不适用",
    scope=BOTH,
    params={"required_level2": ["数量指标", "质量指标", "时效指标"]},
)
def not_applicable_rows(document: Document, ctx: Context) -> Iterator[Hit]:
    slots = template_slots(document)
    if not slots:  # most tables: every row filled
        return
    required = {levels.canonical(name) for name in ctx.param("required_level2")}
    filled = {level2_ for _row, level2_, _cost in classified(document)}
    for row in slots:
        if level2(row) in required and level2(row) not in filled:
            yield at_row(
                row, f"必填的二级指标“{row.level2}”填了“不适用”",
                f"the required level 2 '{row.level2}' says 不适用",
            )  # fmt: skip
        elif not is_not_applicable(row.target.raw) and not is_not_applicable(row.level3):
            yield at_row(
                row, f"“{row.level2 or row.level1 or '指标'}”行没有内容，不适用的应填写“不适用”",
                "a blank row: write 不适用 where the indicator does not apply",
            )  # fmt: skip

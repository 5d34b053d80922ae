"""在线填报: a target table (绩效目标表) from the fields of the editor, and what a 指标值 means.

The editor sends text: :class:`TableFields` holds it exactly as typed. :func:`build` makes the
domain :class:`~jixiao.domain.model.TargetTable` from it — amounts in 万元 as ``Decimal``, each
indicator row with its own line number as its source, so that findings land on their rows — and
lists every field it could not read, in Chinese, keyed by the field's name in the form. Nothing
typed is dropped: a field that cannot be read is left out of the table and reported.

:func:`meaning` says what a 指标值 reads as (``≥100家次`` → “数量 · ≥ 100 家次 · 越大越好”) and
whether it can be read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from jixiao.domain.model import Department, Indicator, Project, ProjectBudget, Source, TargetTable
from jixiao.domain.targets import Target, in_context, parse_target

__all__ = [
    "EDITOR_FILE",
    "Built",
    "Meaning",
    "RowFields",
    "TableFields",
    "build",
    "meaning",
    "read_amount",
]

#: the "file" an editor-made table is read from (its rows are lines 1, 2 …)
EDITOR_FILE = "在线填报"

KIND_ZH = {
    "quantity": "数量",
    "ratio": "比率",
    "amount": "金额",
    "deadline": "时限",
    "duration": "时长",
    "time_of_day": "时刻",
    "standard": "标准",
    "qualitative": "定性",
    "multi": "多项",
}
DIRECTION_ZH = {"higher_better": "越大越好", "lower_better": "越小越好", "exact": "等于目标值"}
PROBLEM_ZH = {
    "implicit_op": "未写比较符，按“=”理解",
    "approximate": "约数，无法准确衡量",
    "unknown_unit": "计量单位不常见",
    "no_unit": "缺少计量单位",
    "extra_text": "数值前后有多余文字",
    "multi_value": "一格多个数值",
    "relative_deadline": "时限没有具体日期",
    "embedded_numbers": "句子中含数字，未能读出数值",
    "range": "区间值，未能读出单一数值",
    "conflicting_op": "比较符互相矛盾",
    "empty": "未填写",
    "no_year": "日期缺少年份",
    "assumed_year": "年份按预算年度补全",
    "unmeasurable": "无法读出可衡量的数值",  # added by :func:`meaning`, not by the parser
}
#: problems that leave a value without a measurable reading (the cell "cannot be read")
UNREADABLE = frozenset({"empty", "embedded_numbers", "range", "relative_deadline"})


@dataclass(frozen=True)
class Meaning:
    """What a 指标值 reads as, for people; ``readable`` is False when no value could be read.

    ``text`` and ``problems`` are in Chinese; the parts they are made of are kept as codes for an
    interface in another language: ``kind`` (KIND_ZH), ``reading`` (operator, number and unit as
    written), ``direction`` (DIRECTION_ZH, "" for none) and ``problem_codes`` (PROBLEM_ZH)."""

    text: str
    readable: bool
    problems: tuple[str, ...] = ()
    kind: str = ""
    reading: str = ""
    direction: str = ""
    problem_codes: tuple[str, ...] = ()


def meaning(target: Target) -> Meaning:
    """“数量 · ≥ 100 家次 · 越大越好”, with the problems in Chinese after it."""
    if target.deadline is not None:
        reading = f"{target.op or ''} {target.deadline.isoformat()}".strip()
    elif target.value is not None:
        reading = f"{target.op or ''} {target.value.normalize():f} {target.unit or ''}".strip()
    else:
        reading = ""
    direction = target.direction if target.direction in DIRECTION_ZH else ""
    parts = [KIND_ZH[target.kind], reading, DIRECTION_ZH.get(direction, "")]
    codes = tuple(target.problems)
    readable = target.kind in ("standard", "multi") or bool(reading)
    if not readable and not UNREADABLE & set(codes):
        codes = ("unmeasurable", *codes)
    return Meaning(
        " · ".join(p for p in parts if p),
        readable and "empty" not in codes,
        tuple(PROBLEM_ZH.get(p, p) for p in codes),
        target.kind,
        reading,
        direction,
        codes,
    )


@dataclass(frozen=True)
class RowFields:
    """One indicator row as typed: 一级 / 二级 / 三级指标, 绩效指标描述, 指标值."""

    level1: str = ""
    level2: str = ""
    level3: str = ""
    description: str = ""
    target: str = ""

    @property
    def blank(self) -> bool:
        return not any(t.strip() for t in (self.level3, self.description, self.target))


@dataclass(frozen=True)
class TableFields:
    """The editor's form as typed (amounts in 万元 as text)."""

    department: Department
    year: int | None = None
    project: str = ""
    total: str = ""  # 年度资金总额
    fiscal: str = ""  # 财政资金
    other: str = ""  # 其他资金
    purpose: str = ""  # 资金用途
    goals: str = ""  # 绩效目标, one per line
    rows: tuple[RowFields, ...] = ()


@dataclass(frozen=True)
class Built:
    """The table built from the fields, and the fields that could not be read (name → message)."""

    table: TargetTable
    errors: dict[str, str] = field(default_factory=dict)


MONEY_FIELDS = {"total": "年度资金总额", "fiscal": "财政资金", "other": "其他资金"}


def read_amount(text: str, label: str, errors: dict[str, str], name: str) -> Decimal | None:
    """An amount in 万元 (``1,234.5`` and full-width digits too); None when blank or unreadable."""
    cleaned = text.strip().replace(",", "").replace("，", "").removesuffix("万元").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned.translate(_FULL_WIDTH))
    except InvalidOperation:
        errors[name] = f"{label}“{text.strip()}”不是数字，请填写以万元为单位的金额"
        return None
    if not value.is_finite() or value < 0:
        errors[name] = f"{label}“{text.strip()}”应为不小于 0 的金额（万元）"
        return None
    return value


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


def _indicator(row: RowFields, line: int, year: int | None) -> Indicator:
    target = parse_target(row.target)
    money = "成本" in row.level2
    return Indicator(
        level1=row.level1.strip(),
        level2=row.level2.strip(),
        level3=row.level3.strip(),
        description=row.description.strip() or None,
        target=in_context(target, money=money, year=year),
        source=Source(file=EDITOR_FILE, line=line),
    )


def build(fields: TableFields) -> Built:
    """The target table the fields describe; blank rows are left out, unreadable amounts too."""
    errors: dict[str, str] = {}
    amounts = {
        name: read_amount(getattr(fields, name), label, errors, name)
        for name, label in MONEY_FIELDS.items()
    }
    if not fields.project.strip():
        errors["project"] = "请填写项目名称"
    rows = [(i, row) for i, row in enumerate(fields.rows) if not row.blank]
    title = f"{fields.year or ''}年度项目支出绩效目标表" if fields.year else "项目支出绩效目标表"
    table = TargetTable(
        title=title,
        year=fields.year,
        department=fields.department,
        project=Project(name=fields.project.strip()),
        budget=ProjectBudget(**amounts),
        purpose=fields.purpose.strip() or None,
        goals=tuple(g.strip() for g in fields.goals.splitlines() if g.strip()),
        indicators=tuple(_indicator(row, i + 1, fields.year) for i, row in rows),
        source=Source(file=EDITOR_FILE, line=0),
    )
    return Built(table, errors)


def fields_of(table: TargetTable) -> TableFields:
    """The editor's fields for a stored table (to open a draft or an imported table)."""

    def text(value: Decimal | None) -> str:
        return "" if value is None else f"{value.normalize():f}"

    return TableFields(
        department=table.department,
        year=table.year,
        project=table.project.name,
        total=text(table.budget.total),
        fiscal=text(table.budget.fiscal),
        other=text(table.budget.other),
        purpose=table.purpose or "",
        goals="\n".join(table.goals),
        rows=tuple(
            RowFields(i.level1, i.level2, i.level3, i.description or "", i.target.raw)
            for i in table.indicators
        ),
    )

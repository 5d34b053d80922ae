"""版本差异: what changed between two versions of a document, field by field, in Chinese.

``diff(old, new)`` compares two documents of the same kind (two versions of a target table, a
self-evaluation or a monitoring report) and lists every :class:`Change`: its path, a label for
people (“预算数 6.00 → 7.00 万元”), the old and new values, and whether something was added,
removed or changed. ``summary_zh(changes)`` condenses the list into one line
(“预算数 6.00 → 7.00 万元；新增指标 2 项”).

What is compared is the content of the document: where it was read (``source``), its identity
(``id``) and its position in the file (``number``) are not changes. Indicator rows are matched by
their levels (一级, 二级, 三级指标), the n-th repetition of a name with the n-th; a row whose levels
change is a removal plus an addition. Goals written as sentences are aligned as sequences, so
inserting one goal is one addition, not a change of every goal after it. Amounts compare as
numbers (6.0 and 6.00 are the same budget) and keep their exact ``Decimal`` value in the change.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from jixiao.domain.model import (
    Department,
    Document,
    ExecutionBudget,
    FundingSource,
    GoalResult,
    Indicator,
    IndicatorResult,
    MonitoringBudget,
    MonitoringIndicator,
    MonitoringReport,
    Project,
    ProjectBudget,
    Record,
    SelfEvaluation,
    TargetTable,
    Task,
)
from jixiao.domain.scoring.rounding import fmt
from jixiao.domain.targets import Target

ChangeKind = Literal["added", "removed", "changed"]
EMPTY = "（空）"
NO_CHANGE = "无变化"
_CLIP = 30  # longest text quoted in a label, in characters


class Change(Record):
    """One difference: ``path`` names the field (``budget.total``,
    ``indicators[产出指标/数量指标/培训人次].target``, ``goals[2]``), ``label_zh`` says it for people.

    ``field_zh`` names the changed thing without its values. ``old``/``new`` are the values (``Decimal`` amounts, ``str``; a target value as its text; a
    whole row for an added or removed row; ``None`` for nothing); ``model_dump(mode="json")`` gives
    the JSON an audit log stores.
    """

    path: str
    field_zh: str  # what changed, named for people: 预算数, 指标「培训人次」指标值, 绩效目标 2
    label_zh: str
    old: Any = None
    new: Any = None
    kind: ChangeKind


def diff(old: Document, new: Document) -> list[Change]:
    """Every change from ``old`` to ``new``, in the order of the document's fields."""
    if type(old) is not type(new):
        raise ValueError(f"cannot compare a {old.kind} with a {new.kind}")
    return list(_record(old, new, "", ""))


def summary_zh(changes: Sequence[Change]) -> str:
    """One line: field changes in full, rows counted (“预算数 6.00 → 7.00 万元；新增指标 2 项”)."""
    parts: list[str] = []
    rows: dict[tuple[str, str], set[str]] = {}
    for change in changes:
        collection, _, rest = change.path.partition("[")
        if not rest:
            parts.append(_short(change))
            continue
        key = (collection, change.kind)
        if key not in rows:
            rows[key] = set()
            parts.append(f"\0{collection}\0{change.kind}")  # placeholder, counted below
        rows[key].add(rest.rpartition("]")[0])
    return "；".join(_count(part, rows) for part in parts) or NO_CHANGE


_VERBS: dict[str, str] = {"added": "新增", "removed": "删除", "changed": "修改"}
_COLLECTIONS: dict[str, tuple[str, str]] = {  # field name → (noun, measure word)
    "indicators": ("指标", "项"),
    "goals": ("绩效目标", "条"),
    "tasks": ("任务", "项"),
    "long_term_goals": ("中长期目标", "条"),
    "funding_sources": ("资金来源", "项"),
}


def _short(change: Change) -> str:
    """A field change for the summary: long texts are only named (“修改资金用途”)."""
    long = any(isinstance(v, str) and len(v) > _CLIP for v in (change.old, change.new))
    return f"修改{change.field_zh}" if long else change.label_zh


def _count(part: str, rows: dict[tuple[str, str], set[str]]) -> str:
    if not part.startswith("\0"):
        return part
    _, collection, kind = part.split("\0")
    noun, measure = _COLLECTIONS[collection]
    return f"{_VERBS[kind]}{noun} {len(rows[(collection, kind)])} {measure}"


# --- how each field is shown -------------------------------------------------------------------


def _text(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _CLIP else text[: _CLIP - 1] + "…"


def _money(value: Any) -> str:
    """万元 with two decimals (6.00), or every decimal it has when that is more (123.456789)."""
    cents = value.quantize(Decimal("0.01"))
    return str(cents) if cents == value else fmt(value)


def _points(value: Any) -> str:
    return fmt(value)


def _target(value: Any) -> str:
    return _text(value.raw)


def _joined(value: Any) -> str:
    return "、".join(value)


def _scope(value: Any) -> str:
    return {"project": "项目支出", "department": "部门整体支出"}[value]


@dataclass(frozen=True)
class Scalar:
    """A field compared as one value and shown as ``label old → new unit``."""

    label: str
    show: Callable[[Any], str] = _text
    unit: str = ""


@dataclass(frozen=True)
class Nested:
    """A sub-record (预算, 预算单位, 项目) whose own fields are compared."""


@dataclass(frozen=True)
class Rows:
    """Rows matched by a key; ``name`` names a row in a label, ``brief`` describes an added one."""

    key: Callable[[Any], str]
    name: Callable[[Any], str]
    brief: Callable[[Any], str]


@dataclass(frozen=True)
class Texts:
    """Sentences (绩效目标) aligned as a sequence."""


Spec = Scalar | Nested | Rows | Texts | None  # None: not content (source, id, a row's key)
_IGNORED: dict[str, Spec] = {"source": None}


def _money_field(label: str) -> Scalar:
    return Scalar(label, _money, " 万元")


def _points_field(label: str) -> Scalar:
    return Scalar(label, _points, " 分")


_LEVELS: dict[str, Spec] = {"level1": None, "level2": None, "level3": None}  # the row key


def _levels(row: Any) -> str:
    return f"{row.level1}/{row.level2}/{row.level3}"


def _indicator_name(row: Any) -> str:
    return f"指标「{row.level3}」"


def _indicator_brief(row: Any) -> str:
    return f"{_indicator_name(row)} {_target(row.target)}"


_INDICATORS = Rows(key=_levels, name=_indicator_name, brief=_indicator_brief)
_DOCUMENT: dict[str, Spec] = {"kind": None, "id": None, "source": None}

SPECS: dict[type[BaseModel], dict[str, Spec]] = {
    TargetTable: {
        **_DOCUMENT,
        "number": None,
        "title": Scalar("标题"),
        "year": Scalar("预算年度"),
        "department": Nested(),
        "project": Nested(),
        "money_unit": Scalar("金额单位"),
        "budget": Nested(),
        "purpose": Scalar("资金用途"),
        "goals": Texts(),
        "goal_sources": None,  # where each goal was read
        "goals_cell": None,  # where the 绩效目标 cell is
        "indicators": _INDICATORS,
        "scope": Scalar("类型", _scope),
        "tasks": Rows(
            key=lambda t: t.name,
            name=lambda t: f"任务「{t.name}」",
            brief=lambda t: f"任务「{t.name}」",
        ),
        "project_code": Scalar("项目编码"),
        "applicant": Scalar("申报单位"),
        "implementer": Scalar("实施单位"),
        "responsible": Scalar("责任人"),
        "attribute": Scalar("项目属性"),
        "term": Scalar("项目期限"),
        "basis": Scalar("立项依据"),
        "calculation": Scalar("测算依据"),
        "long_term_goals": Texts(),
        "funding_sources": Rows(
            key=lambda f: f.name,
            name=lambda f: f"资金来源「{f.name}」",
            brief=lambda f: f"资金来源「{f.name}」{_money(f.amount)}",
        ),
    },
    SelfEvaluation: {
        **_DOCUMENT,
        "scope": Scalar("类型", _scope),
        "title": Scalar("标题"),
        "year": Scalar("年度"),
        "department": Nested(),
        "project": Nested(),
        "budget": Nested(),
        "goals": Rows(
            key=lambda g: str(g.no),
            name=lambda g: f"绩效目标 {g.no}",
            brief=lambda g: f"绩效目标 {g.no}「{_text(g.target)}」",
        ),
        "goal_deviation": Scalar("目标偏差原因分析及改进措施"),
        "indicators": _INDICATORS,
        "total_weight": _points_field("总分分值"),
        "total": _points_field("总分得分"),
        "grade": Scalar("自评等级"),
        "conclusion": Scalar("自评结论"),
        "overview": Scalar("项目基本情况"),
        "implementation": Scalar("项目实施内容及过程概述"),
        "goal_completion": Scalar("年度目标完成情况"),
    },
    MonitoringReport: {
        **_DOCUMENT,
        "scope": Scalar("类型", _scope),
        "title": Scalar("标题"),
        "year": Scalar("年度"),
        "month": Scalar("监控截至月份", unit=" 月"),
        "as_of": Scalar("截至日期"),
        "department": Nested(),
        "project": Nested(),
        "budget": Nested(),
        "goals": Texts(),
        "indicators": _INDICATORS,
    },
    Department: {"code": Scalar("单位编码"), "name": Scalar("预算单位")},
    Project: {"name": Scalar("项目名称")},
    ProjectBudget: {
        "total": _money_field("预算数"),
        "fiscal": _money_field("财政资金"),
        "other": _money_field("其他资金"),
        "special_account": _money_field("财政专户管理资金"),
        "unit_funds": _money_field("单位资金"),
        "basic": _money_field("基本支出"),
        "project_spending": _money_field("项目支出"),
        "mid_term": _money_field("中期资金总额"),
        "procurement": _money_field("政府采购"),
        "problems": None,  # reader flags (元 converted), not content
    },
    FundingSource: {"name": None, "amount": _money_field("金额")},  # name: the row key
    ExecutionBudget: {
        **_IGNORED,
        "initial": _money_field("年初预算数"),
        "annual": _money_field("全年预算数"),
        "executed": _money_field("全年执行数"),
        "rate": Scalar("执行率", _points, "%"),
        "weight": _points_field("预算执行分值"),
        "score": _points_field("预算执行得分"),
        "deviation": Scalar("预算执行偏差原因分析及改进措施"),
    },
    MonitoringBudget: {
        **_IGNORED,
        "annual": _money_field("年度预算数"),
        "executed": _money_field("执行数"),
        "forecast": _money_field("全年预计执行数"),
    },
    Indicator: {
        **_IGNORED,
        **_LEVELS,
        "description": Scalar("绩效指标描述"),
        "target": Scalar("指标值", _target),
        "weight": _points_field("分值"),
        "direction": Scalar("指标方向"),
    },
    Task: {
        **_IGNORED,
        "name": None,  # the row key
        "category": Scalar("支出类别"),
        "content": Scalar("主要内容"),
        "amount": _money_field("预算金额"),
    },
    GoalResult: {
        **_IGNORED,
        "no": None,  # the row key
        "target": Scalar("年度绩效目标"),
        "actual": Scalar("实际完成情况"),
    },
    IndicatorResult: {
        **_IGNORED,
        **_LEVELS,
        "goal_no": Scalar("对应绩效目标"),
        "target": Scalar("年度指标值", _target),
        "actual": Scalar("实际完成值", _target),
        "weight": _points_field("分值"),
        "score": _points_field("得分"),
        "deviation": Scalar("偏差原因分析及改进措施"),
        "direction": Scalar("指标方向"),
        "score_reason": Scalar("调整理由"),
    },
    MonitoringIndicator: {
        **_IGNORED,
        **_LEVELS,
        "target": Scalar("年度指标值", _target),
        "progress": Scalar("当前完成值", _target),
        "forecast": Scalar("全年预计完成值", _target),
        "likelihood": Scalar("完成目标可能性"),
        "reasons": Scalar("偏差原因", _joined),
        "note": Scalar("原因说明"),
        "measures": Scalar("纠偏措施"),
        "direction": Scalar("指标方向"),
    },
}


# --- the walk ------------------------------------------------------------------------------------


def _record(old: Any, new: Any, path: str, prefix: str) -> Iterator[Change]:
    """The changes between two records of one class (either may be None: a missing sub-record)."""
    model = type(old if old is not None else new)
    for name, spec in SPECS[model].items():
        a = getattr(old, name) if old is not None else None
        b = getattr(new, name) if new is not None else None
        if spec is None:
            continue
        if isinstance(spec, Scalar):
            yield from _scalar(spec, a, b, path + name, prefix)
        elif isinstance(spec, Nested):
            if a is not None or b is not None:
                yield from _record(a, b, f"{path}{name}.", prefix)
        elif isinstance(spec, Rows):
            yield from _rows(spec, a or (), b or (), path + name)
        else:
            yield from _texts(a or (), b or (), path + name)


def _value(value: Any) -> Any:
    """What a change keeps of a value: a target value as its text, ``""`` and ``()`` as None."""
    if isinstance(value, Target):
        return value.raw
    return value if value not in ("", ()) else None


def _scalar(spec: Scalar, a: Any, b: Any, path: str, prefix: str) -> Iterator[Change]:
    old, new = _value(a), _value(b)
    if old == new:
        return
    shown_old = spec.show(a) if old is not None else EMPTY
    shown_new = spec.show(b) if new is not None else EMPTY
    kind: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
    field = prefix + spec.label
    label = f"{field} {shown_old} → {shown_new}{spec.unit if new is not None else ''}"
    yield Change(path=path, field_zh=field, label_zh=label, old=old, new=new, kind=kind)


def _keyed(rows: Sequence[Any], key: Callable[[Any], str]) -> dict[str, Any]:
    """Rows by key; the n-th repetition of a key gets ``#n`` (n ≥ 2) so that each is matched."""
    seen: dict[str, int] = {}
    keyed: dict[str, Any] = {}
    for row in rows:
        k = key(row)
        seen[k] = seen.get(k, 0) + 1
        keyed[k if seen[k] == 1 else f"{k}#{seen[k]}"] = row
    return keyed


def _rows(spec: Rows, a: Sequence[Any], b: Sequence[Any], path: str) -> Iterator[Change]:
    old, new = _keyed(a, spec.key), _keyed(b, spec.key)
    noun = _COLLECTIONS[path.rpartition(".")[2]][0]
    for key, row in old.items():
        where, field = f"{path}[{key}]", spec.name(row)
        if key not in new:
            label = f"删除{spec.brief(row)}"
            yield Change(path=where, field_zh=field, label_zh=label, old=row, kind="removed")
        else:
            yield from _record(row, new[key], f"{where}.", field + " ")
    for key, row in new.items():
        if key not in old:
            where, field, label = f"{path}[{key}]", spec.name(row), f"新增{spec.brief(row)}"
            yield Change(path=where, field_zh=field, label_zh=label, new=row, kind="added")
    kept_old = [k for k in old if k in new]
    kept_new = [k for k in new if k in old]
    if kept_old != kept_new:
        field = f"{noun}顺序"
        yield Change(
            path=path, field_zh=field, label_zh=f"调整{field}", old=kept_old, new=kept_new,
            kind="changed",
        )  # fmt: skip


def _texts(a: Sequence[str], b: Sequence[str], path: str) -> Iterator[Change]:
    """Sentences aligned with :class:`difflib.SequenceMatcher`; positions are 1-based."""
    noun = _COLLECTIONS[path.rpartition(".")[2]][0]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            yield _sentence(path, noun, i1 + k + 1, a[i1 + k], b[j1 + k])
        for i in range(i1 + paired, i2):
            yield _sentence(path, noun, i + 1, a[i], None)
        for j in range(j1 + paired, j2):
            yield _sentence(path, noun, j + 1, None, b[j])


def _sentence(path: str, noun: str, position: int, old: str | None, new: str | None) -> Change:
    """A sentence changed (绩效目标 2「旧」→「新」), removed (删除…) or added (新增…)."""
    field = f"{noun} {position}"
    quoted = "→".join(f"「{_text(t)}」" for t in (old, new) if t is not None)
    kind: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
    verb = "" if kind == "changed" else _VERBS[kind]
    return Change(
        path=f"{path}[{position}]", field_zh=field, label_zh=f"{verb}{field}{quoted}",
        old=old, new=new, kind=kind,
    )  # fmt: skip

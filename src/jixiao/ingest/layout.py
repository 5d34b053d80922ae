"""Layout detection: where the tables of a grid are, what kind they are, what each column holds.

Provinces publish the same forms in different templates, so nothing here depends on positions:
a table is found by its indicator header row (一级指标 / 二级指标 / 三级指标 / 指标值 …, spelled
in any of the synonyms of :data:`COLUMNS`), its kind by the title above it, and a grid holding
several forms (stacked in one sheet, or many forms in one Word table) is cut at each title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from jixiao.domain import levels
from jixiao.ingest.grid import Cell, Grid, distinct
from jixiao.ingest.normalise import strip_code
from jixiao.ingest.text import compact

#: indicator-table columns: field → the header spellings seen in published tables
COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "指标类别", "指标类型"),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称", "指标内容"),
    "value": ("指标值", "目标值", "年度指标值", "指标值内容", "预期指标值", "当年预期实现值", "绩效标准",
              "年度目标值", "预期目标值", "指标目标值"),
    "actual": ("实际完成值", "完成值", "全年完成值", "实际完成指标值", "全年实际完成值", "实际值",
               "全年实际值"),
    "weight": ("分值", "权重", "指标权重"),
    "score": ("得分", "自评得分"),
    "deviation": ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因分析", "未完成原因分析及改进措施",
                  "偏差原因及改进措施"),
    "description": ("绩效指标描述", "指标解释", "指标说明"),
    "op": ("指标性质", "计算符号", "符号"),
    "unit": ("度量单位", "计量单位", "单位"),
    "direction": ("指标方向性", "指标方向"),
    # columns reported, not read (see indicators.NOT_READ)
    "term_value": ("实施周期指标值", "中长期指标值", "实施期指标值", "项目周期指标值"),
    "scoring_rule": ("评（扣）分标准", "评扣分标准", "扣分标准"),
    # project fields that some templates repeat on every indicator row
    "department": ("单位名称", "预算单位", "部门名称", "实施单位", "单位编码及名称"),
    "project": ("项目名称",),
    "code": ("项目编码", "项目代码"),
    "total": ("预算数", "资金总额", "年度资金总额", "项目资金总额", "预算金额", "项目金额",
              "项目资金"),
    "fiscal": ("财政拨款", "财政资金", "当年财政拨款"),
    "other": ("其他资金",),
    "goal": ("年度目标", "绩效目标", "年度绩效目标", "总体目标", "年度总体目标"),
    "index": ("序号",),
}  # fmt: skip

#: fields that belong to the project, not to one indicator (shared by the groups of a row)
SHARED = ("department", "project", "code", "total", "fiscal", "other", "goal", "index")
_BY_KEY = {spelling: name for name, spellings in COLUMNS.items() for spelling in spellings}
#: the heading of a column holding all indicators of a project as enumerated text
_BY_PACKED = dict.fromkeys(
    ("绩效指标", "绩效指标及指标值", "指标及指标值", "年度绩效指标"), "packed"
)
_SUFFIX = re.compile(r"[（(](?:万元|元|%|分|A|B|B/A|个|万元/元)[)）]$")
_REMARK = re.compile(r"[（(][^（()）]*[)）]$")
_TITLE = re.compile(r"绩效.{0,16}表|自评表")
_SCORE_LEVEL1 = re.compile(
    r"^(?:部门|项目)?(?:决策|过程|履职|管理|产出|效益)[（(]\d+(?:\.\d+)?分[)）]$"
)
_SCORE_HEADERS = {"评分标准", "评价要点", "评分细则", "指标解释及评分标准"}

KINDS = {
    "department_target": "部门整体支出绩效目标表",
    "project_target": "项目支出绩效目标表",
    "department_self": "部门整体支出绩效自评表",
    "project_self": "项目支出绩效自评表",
    "completion": "项目支出绩效目标完成情况表",
    "score_sheet": "评价评分表 (not supported)",
    "project_list": "项目信息表 (joined to indicators by 项目编码)",
}


def key(text: str) -> str:
    """A header or label cell reduced for matching.

    Whitespace of any kind is removed (spaces, full-width spaces, line breaks, so a vertical label
    written one character per line reads as one word), and so are a system code prefix, a
    required-field mark (``*``), 其中, trailing colons (``项目名称：``) and a unit suffix.
    """
    text = compact(strip_code(text.replace("<br/>", ""))).lstrip("*＊★※")
    text = text.removeprefix("其中：").removeprefix("其中:").removeprefix("其中")
    text = text.rstrip("：:")
    while (match := _SUFFIX.search(text)) is not None:
        text = text[: match.start()]
    return text


def lookup(table: Mapping[str, str], text: str) -> str | None:
    """``table[key(text)]``, else the entry of the text without a trailing remark in brackets
    (``申报单位（盖章）``, ``指标值（包含数字及文字描述）``) or a leading 绩效 (``绩效指标值``)."""
    found = key(text)
    while found:
        if found in table:
            return table[found]
        shorter = _REMARK.sub("", found).rstrip("：:")
        if shorter == found:
            break
        found = shorter
    if found.startswith("绩效") and found[2:] in table:
        return table[found[2:]]
    return None


@dataclass
class Group:
    """One indicator set of a header row (several in paired or side-by-side layouts)."""

    columns: dict[str, int] = field(default_factory=dict)
    label: str = ""  # the heading above the set: 中长期目标 / 年度目标 / 产出指标


@dataclass
class Header:
    """The indicator header of a table: its rows and what each column holds."""

    rows: tuple[int, ...]  # grid row indices of the header (super-heading, heading, sub-heading)
    shared: dict[str, int]  # project fields repeated on indicator rows
    groups: list[Group]
    horizontal: dict[int, str]  # horizontal layout: column → 二级指标 named by the heading
    # ("" for a packed 绩效指标 column, whose items name their own levels)
    wan: set[int]  # columns whose heading says 万元

    @property
    def last(self) -> int:
        return max(self.rows)

    @property
    def first(self) -> int:
        return min(self.rows)


@dataclass
class Segment:
    """One form of a grid: rows ``start``..``end`` (exclusive), its kind, title and header."""

    grid: Grid
    start: int
    end: int
    kind: str
    title: str
    title_cell: str | None
    header: Header | None


def header_fields(row: list[Cell]) -> dict[int, str]:
    """Column index → field for the cells of ``row`` that are column headings."""
    found: dict[int, str] = {}
    seen: set[str] = set()
    for index, cell in enumerate(row):
        if cell.origin in seen:
            continue
        seen.add(cell.origin)
        name = lookup(_BY_KEY, cell.text)
        if name:
            found[index] = name
    return found


def _groups(fields: dict[int, str]) -> tuple[dict[str, int], list[Group]]:
    shared: dict[str, int] = {}
    groups = [Group()]
    for index, name in sorted(fields.items()):
        if name in SHARED:
            shared.setdefault(name, index)
        elif name in groups[-1].columns:
            groups.append(Group({name: index}))
        else:
            groups[-1].columns[name] = index
    return shared, [g for g in groups if g.columns]


def _is_indicator_header(fields: dict[int, str]) -> bool:
    names = set(fields.values())
    return "level3" in names and bool(names & {"value", "actual", "op"}) and len(fields) >= 3


def _is_score_header(row: list[Cell], fields: dict[int, str]) -> bool:
    """一级指标 … 评分标准 … 分值: the header of an evaluation score sheet."""
    keys = {key(c.text) for c in row}
    return "level3" in fields.values() and bool(keys & _SCORE_HEADERS)


def _horizontal(row: list[Cell]) -> dict[int, str]:
    """Columns headed by 二级指标 names (数量指标 | 质量指标 | …): the horizontal layout."""
    found = {i: key(c.text) for i, c in enumerate(row) if not c.is_copy and c.text}
    return {i: label for i, label in found.items() if levels.is_level2(label)}


def _packed(row: list[Cell], fields: dict[int, str]) -> dict[int, str]:
    """A 绩效指标 column beside project columns and no 三级指标: every indicator of a project
    packed into one cell (``1.产出指标-数量指标-培训人次：≥200人次；2.…``)."""
    if "project" not in fields.values() or "level3" in fields.values():
        return {}
    packed = _BY_PACKED.keys()
    return {i: "" for i, c in enumerate(row) if not c.is_copy and key(c.text) in packed}


def find_header(rows: list[list[Cell]], start: int, end: int) -> Header | None:
    """The first indicator header in rows ``start``..``end``, with its sub- and super-headings."""
    for index in range(start, end):
        fields = header_fields(rows[index])
        horizontal = _horizontal(rows[index]) or _packed(rows[index], fields)
        if _is_indicator_header(fields) or _is_score_header(rows[index], fields):
            return _complete(rows, index, end, fields)
        if len(horizontal) >= 3 or "" in horizontal.values():
            shared = {n: i for i, n in fields.items() if n in SHARED}
            return Header((index,), shared, [], horizontal, _wan(rows[index]))
    return None


def _complete(rows: list[list[Cell]], index: int, end: int, fields: dict[int, str]) -> Header:
    header_rows = [index]
    if index + 1 < end:
        below = header_fields(rows[index + 1])
        if len(below) >= 2 and not _is_indicator_header(below):
            fields = {**fields, **below}
            header_rows.append(index + 1)
    shared, groups = _groups(fields)
    if len(groups) > 1 and index > 0:
        above = rows[index - 1]
        for group in groups:
            label = above[min(group.columns.values())]
            group.label = key(label.text)
        if any(g.label for g in groups):
            header_rows.insert(0, index - 1)
    wan = set().union(*(_wan(rows[i]) for i in header_rows))
    return Header(tuple(header_rows), shared, groups, {}, wan)


def _wan(row: list[Cell]) -> set[int]:
    return {i for i, c in enumerate(row) if "万元" in c.text}


def is_title(row: list[Cell]) -> str | None:
    """The title text when the row is a form title (one text, 绩效…表), else None."""
    texts = {compact(c.text) for c in distinct(row) if c.text.strip()}
    if len(texts) != 1:
        return None
    (text,) = texts
    return text if len(text) <= 80 and _TITLE.search(text) else None


def kind_of(texts: list[str], header: Header | None, rows: list[list[Cell]]) -> str:
    """The document kind named by the title texts, or guessed from the header's columns."""
    joined = "".join(compact(t) for t in texts)
    if _is_score_sheet(header, rows):
        return "score_sheet"
    if "目标完成情况表" in joined:
        return "completion"
    if "自评" in joined:
        return "department_self" if "整体" in joined else "project_self"
    if "整体支出" in joined or "部门整体" in joined:
        return "department_target"
    if header is not None and any("actual" in g.columns for g in header.groups):
        return "project_self"
    return "project_target"


def _is_score_sheet(header: Header | None, rows: list[list[Cell]]) -> bool:
    if header is None:
        return False
    heading = {key(c.text) for i in header.rows for c in rows[i]}
    if heading & _SCORE_HEADERS:
        return True
    column = next((g.columns.get("level1") for g in header.groups if "level1" in g.columns), None)
    if column is None:
        return False
    body = rows[header.last + 1 : header.last + 40]
    return any(_SCORE_LEVEL1.match(compact(r[column].text)) for r in body if column < len(r))


def segments(grid: Grid) -> list[Segment]:
    """The forms of a grid: cut at every title row, and where a new form follows indicators."""
    cuts = [i for i, row in enumerate(grid.rows) if is_title(row)]
    if not cuts or cuts[0] != 0:
        cuts.insert(0, 0)
    bounds = list(zip(cuts, [*cuts[1:], len(grid.rows)], strict=True))
    found: list[Segment] = []
    for start, end in bounds:
        found.extend(_split_forms(grid, start, end))
    return found


def _split_forms(grid: Grid, start: int, end: int) -> list[Segment]:
    """Forms stacked without titles: a 项目名称 label row after indicator rows starts a new form."""
    header = find_header(grid.rows, start, end)
    if header is None:
        return [_segment(grid, start, end, None)]
    for index in range(header.last + 1, end):
        first = next((c for c in distinct(grid.rows[index]) if c.text.strip()), None)
        if first is not None and key(first.text) == "项目名称" and not first.is_copy:
            return [_segment(grid, start, index, header), *_split_forms(grid, index, end)]
    return [_segment(grid, start, end, header)]


def _segment(grid: Grid, start: int, end: int, header: Header | None) -> Segment:
    above = grid.rows[start : header.first if header else end]
    title_cell = next((c for row in above for c in row if is_title([c]) and not c.is_copy), None)
    texts = [*grid.context, *(c.text for row in above for c in row)]
    titles = [t for t in grid.context if _TITLE.search(t)]
    title = title_cell.text.strip() if title_cell else (titles[-1] if titles else "")
    kind = kind_of(texts, header, grid.rows)
    return Segment(
        grid, start, end, kind, compact(title), title_cell.address if title_cell else None, header
    )

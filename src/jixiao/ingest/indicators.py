"""The indicator rows of a table, read through the columns its header named.

Level 1 and level 2 carry down when they were merged or given once; ``产出指标(50分)`` loses its
points; a level 2 under a blank level 1 of another family names its level 1; split targets are
joined (指标性质 + 指标值 + 度量单位); rows that are not indicators (repeated headers, unit
totals, template leftovers, the 总分 row) are accounted for with their reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.domain import levels
from jixiao.domain.targets import Direction
from jixiao.ingest.grid import Cell, distinct, is_horizontal_copy
from jixiao.ingest.layout import Group, Header, header_fields, key
from jixiao.ingest.ledger import Ledger
from jixiao.ingest.normalise import decimal, join_target, level_label, stated_direction

_TOTAL = {"总分", "合计", "总计", "分值合计"}
_CONCLUSION = {"自评结论", "评价结论", "绩效自评结论", "总体自评结论"}
_UNIT_TOTAL = re.compile(r"^\d{4,}\s*[-－—]")
_ITEM_SPLIT = re.compile(r"<br\s*/?>|\n|[；;]")
_ITEM_VALUE = re.compile(r"(?:[≥≤≧≦><＞＜=＝]|大于|小于|不低于|不少于|不高于|不超过|约|\d)")
_LONG_TERM = "中长期"
_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}[.、．)）]|[（(]\d{1,2}[)）]|[①-⑳])\s*")
_LEVEL_JOIN = re.compile(r"\s*[-－—―]\s*")
#: indicator columns that are reported, not read
NOT_READ = {
    "term_value": "实施周期指标值: the 年度指标值 is read",
    "scoring_rule": "评（扣）分标准: scoring rules are not in the model",
}


@dataclass
class Row:
    """One indicator as read: labels, value texts and the cells they came from."""

    shared: dict[str, Cell]
    level1: str
    level2: str
    level3: str
    target: str
    address: str
    actual: str | None = None
    description: str | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation: str | None = None
    direction: Direction | None = None  # 指标方向 stated in words (正向 / 反向)


@dataclass
class _Carry:
    level1: str = ""
    level2: str = ""


@dataclass
class Indicators:
    rows: list[Row] = field(default_factory=list)
    total_weight: Decimal | None = None
    total: Decimal | None = None
    conclusion: Cell | None = None


class IndicatorReader:
    def __init__(self, ledger: Ledger, header: Header, heading: list[list[Cell]]) -> None:
        self.ledger = ledger
        self.header = header
        self.fields = set().union(*(header_fields(r).values() for r in heading))
        self.carry = [_Carry() for _ in header.groups]
        self.out = Indicators()
        self.ended = False
        self.unit: Cell | None = None  # the unit line (``106001-财政局``) heading the rows below
        self.project: dict[str, Cell] = {}  # the project fields of the last indicator row

    def read(self, rows: list[list[Cell]]) -> Indicators:
        for row in rows:
            cells = [c for c in distinct(row) if c.text.strip()]
            if cells:
                self._row(row, cells)
        return self.out

    def _row(self, row: list[Cell], cells: list[Cell]) -> None:
        first = key(cells[0].text)
        if first in _CONCLUSION and len(cells) > 1:
            self.out.conclusion = cells[1]
            self.ledger.use(cells[0], cells[1])
        elif self.ended:
            return
        elif len(set(header_fields(row).values()) & self.fields) >= 3:
            self.ledger.use(*cells)  # the header repeated on a new page
        elif first in _TOTAL:
            self._total(row, cells)
        elif self._unit_line(cells):
            self.unit, self.project = cells[0], {}
        elif self._unit_total(row, cells):
            for cell in cells:
                self.ledger.skip(cell, "unit total row (单位合计), not an indicator")
        elif self.header.horizontal:
            self._horizontal(row)
        else:
            for group, carry in zip(self.header.groups, self.carry, strict=True):
                self._indicator(row, group, carry)

    def _shared(self, row: list[Cell]) -> dict[str, Cell]:
        found = {
            name: row[i] for name, i in self.header.shared.items() if i < len(row) and row[i].text
        }
        if self.unit is not None:
            found.setdefault("department", self.unit)
        return found

    def _project(self, row: list[Cell]) -> dict[str, Cell]:
        """The project fields of an indicator row; a row naming no project belongs to the one
        above (project cells merged down, as PDF tables give them: blank below the first row)."""
        found = self._shared(row)
        if "project" in found or "code" in found:
            self.project = found
            return found
        return {**self.project, **found}

    def _unit_line(self, cells: list[Cell]) -> bool:
        """A row holding only ``106001-财政局``: the budget unit (预算单位) of the projects below,
        in tables without a unit column."""
        return (
            len(cells) == 1
            and "department" not in self.header.shared
            and bool(_UNIT_TOTAL.match(cells[0].text))
        )

    def _unit_total(self, row: list[Cell], cells: list[Cell]) -> bool:
        shared = self._shared(row)
        unit = shared.get("department")
        return (
            unit is not None
            and "project" not in shared
            and bool(_UNIT_TOTAL.match(unit.text))
            and not any(_cell(row, g, "level3") for g in self.header.groups)
        )

    def _total(self, row: list[Cell], cells: list[Cell]) -> None:
        group = self.header.groups[0] if self.header.groups else Group()
        weight, score = _cell(row, group, "weight"), _cell(row, group, "score")
        self.out.total_weight = decimal(weight.text) if weight else None
        self.out.total = decimal(score.text) if score else None
        self.ledger.use(cells[0], weight, score)
        for cell in cells[1:]:
            self.ledger.skip(cell, "totals row (总计 / 合计): a sum of the rows above")
        self.ended = True

    def _indicator(self, row: list[Cell], group: Group, carry: _Carry) -> None:
        cells = {name: _cell(row, group, name) for name in group.columns}
        if _LONG_TERM in group.label:
            for cell in filter(None, cells.values()):
                self.ledger.skip(cell, "中长期 indicator set: the 年度 set is read")
            return
        for column, reason in NOT_READ.items():
            if (dropped := cells.pop(column, None)) is not None:
                self.ledger.skip(dropped, reason)
        self._levels(cells, group, carry)
        name, value, actual = cells.get("level3"), cells.get("value"), cells.get("actual")
        if name is None and value is None and actual is None:
            for cell in filter(None, cells.values()):
                self.ledger.skip(cell, "level row without an indicator (template leftover)")
            return
        self.out.rows.append(self._make(row, cells, carry))

    def _levels(self, cells: dict[str, Cell | None], group: Group, carry: _Carry) -> None:
        first, second = cells.get("level1"), cells.get("level2")
        if first is not None:
            label = self._label(first)
            if label != carry.level1:
                carry.level1, carry.level2 = label, ""
        elif not carry.level1 and group.label:
            carry.level1 = level_label(group.label)[0]
        if second is not None:
            carry.level2 = self._label(second)
            parent = levels.parent_of(carry.level2)
            if first is None and parent and parent != levels.canonical(carry.level1):
                carry.level1 = parent

    def _label(self, cell: Cell) -> str:
        label, points = level_label(cell.text)
        if points is not None and not cell.is_copy:
            self.ledger.note(cell, label, f"points ({points}分) removed from the label")
        return label

    def _make(self, row: list[Cell], cells: dict[str, Cell | None], carry: _Carry) -> Row:
        def text(name: str) -> str:
            cell = cells.get(name)
            return cell.text if cell is not None else ""

        value = cells.get("value")
        target = join_target(text("op"), text("value"), text("unit"), text("direction"),
                             value.value if value else None)  # fmt: skip
        if value is not None and target != value.text:
            self.ledger.note(value, target, "指标值 joined from 指标性质 / 指标值 / 度量单位")
        actual = cells.get("actual")
        actual_text = None
        if actual is not None:
            actual_text = join_target("", actual.text, text("unit"), "", actual.value)
        self.ledger.use(*cells.values())
        anchor = cells.get("level3") or value or actual
        assert anchor is not None
        weight, score = cells.get("weight"), cells.get("score")
        level1, level2, level3 = self._named_levels(cells, carry)
        return Row(
            shared=self._project(row),
            level1=level1,
            level2=level2,
            level3=level3,
            target=target,
            address=anchor.address,
            actual=actual_text,
            description=text("description") or None,
            weight=decimal(weight.text) if weight else None,
            score=decimal(score.text) if score else None,
            deviation=text("deviation") or None,
            direction=stated_direction(text("direction"), text("op")),
        )

    def _named_levels(self, cells: dict[str, Cell | None], carry: _Carry) -> tuple[str, str, str]:
        """Levels from their columns, or joined in the name (``产出指标-数量指标-新建渠道``); a
        table without level columns leaves them blank, with a note on its first indicator."""
        name = cells.get("level3")
        text = name.text if name is not None else ""
        if cells.get("level1") is not None or cells.get("level2") is not None:
            return carry.level1, carry.level2, text
        joined = split_levels(text)
        if joined is not None and name is not None:
            self.ledger.note(name, " / ".join(joined), "levels joined in one cell: split")
            return joined
        if not carry.level1 and not carry.level2 and not self.out.rows and name is not None:
            self.ledger.note(name, text, "no 一级指标 / 二级指标 column: levels left blank")
        return carry.level1, carry.level2, text

    def _horizontal(self, row: list[Cell]) -> None:
        """Indicator types as columns: each cell lists ``name value`` items (``<br/>`` apart)."""
        for column, level2 in self.header.horizontal.items():
            if column >= len(row) or not row[column].text or is_horizontal_copy(row, column):
                continue
            cell = row[column]
            for item in filter(None, (part.strip() for part in _ITEM_SPLIT.split(cell.text))):
                name, target = _split_item(_ENUMERATOR.sub("", item), level2)
                first, second, name = split_levels(name) or (
                    levels.parent_of(level2) or "",
                    level2,
                    name,
                )
                self.out.rows.append(
                    Row(
                        shared=self._project(row),
                        level1=first,
                        level2=second,
                        level3=name,
                        target=target,
                        address=cell.address,
                    )
                )
            self.ledger.use(cell)


def split_levels(text: str) -> tuple[str, str, str] | None:
    """``产出指标-数量指标-培训人次`` → the three levels; ``数量指标-培训人次`` → its level 1 added;
    None when the text does not start with level names."""
    parts = _LEVEL_JOIN.split(text.strip(), maxsplit=2)
    if len(parts) == 3 and levels.is_level2(parts[1]):
        return parts[0], parts[1], parts[2]
    if len(parts) >= 2 and levels.is_level2(parts[0]):
        rest = "-".join(parts[1:])
        return levels.parent_of(parts[0]) or "", parts[0], rest
    return None


def _split_item(item: str, level2: str) -> tuple[str, str]:
    """``年接待读者≥10万人次`` → (年接待读者, ≥10万人次); ``名称：值`` splits at the colon; a bare
    value is named by its column, a statement without a value is both name and (qualitative)
    target."""
    name, colon, value = item.partition("：") if "：" in item else item.partition(":")
    if colon and name.strip() and value.strip():
        return name.strip(), value.strip()
    match = _ITEM_VALUE.search(item)
    if match is None:
        return item, item
    if match.start() == 0:
        return level2, item
    return item[: match.start()].strip(" ：:"), item[match.start() :].strip()


def _cell(row: list[Cell], group: Group, name: str) -> Cell | None:
    """The cell of field ``name`` in ``row`` (None when blank or a horizontal merged copy)."""
    index = group.columns.get(name)
    if index is None or index >= len(row) or not row[index].text.strip():
        return None
    if is_horizontal_copy(row, index):
        return None
    return row[index]

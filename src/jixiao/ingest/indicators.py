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
            self.unit = cells[0]
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
        return Row(
            shared=self._shared(row),
            level1=carry.level1,
            level2=carry.level2,
            level3=text("level3"),
            target=target,
            address=anchor.address,
            actual=actual_text,
            description=text("description") or None,
            weight=decimal(weight.text) if weight else None,
            score=decimal(score.text) if score else None,
            deviation=text("deviation") or None,
            direction=stated_direction(text("direction"), text("op")),
        )

    def _horizontal(self, row: list[Cell]) -> None:
        """Indicator types as columns: each cell lists ``name value`` items (``<br/>`` apart)."""
        for column, level2 in self.header.horizontal.items():
            if column >= len(row) or not row[column].text or is_horizontal_copy(row, column):
                continue
            cell = row[column]
            for item in filter(None, (part.strip() for part in _ITEM_SPLIT.split(cell.text))):
                name, target = _split_item(item, level2)
                self.out.rows.append(
                    Row(
                        shared=self._shared(row),
                        level1=levels.parent_of(level2) or "",
                        level2=level2,
                        level3=name,
                        target=target,
                        address=cell.address,
                    )
                )
            self.ledger.use(cell)


def _split_item(item: str, level2: str) -> tuple[str, str]:
    """``年接待读者≥10万人次`` → (年接待读者, ≥10万人次); a bare value is named by its column,
    a statement without a value is both name and (qualitative) target."""
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

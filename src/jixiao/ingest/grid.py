"""The neutral table every office reader produces: a grid of cells with their addresses.

A spreadsheet sheet, a Word table or a PDF table becomes a :class:`Grid`: rectangular rows of
:class:`Cell`, each with its displayed text, its native value and its address (``Sheet1!C12``,
``table 2 row 5 cell 3``, ``page 3 row 4 cell 2``). A merged cell is repeated over every position
it covers; the copies name the address of the top-left cell in ``anchor``, so a reader can carry
a vertically merged label down and still count every real cell once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One position of a grid: the displayed text, the native value and where it was read."""

    text: str  # as displayed (numbers normalised by the reader, see normalise.display)
    address: str
    value: object = None  # the native value (float, int, datetime, str) or None
    anchor: str | None = None  # for a merged copy: the address of the merged cell's top-left

    @property
    def is_copy(self) -> bool:
        return self.anchor is not None

    @property
    def origin(self) -> str:
        """The address of the real cell (the anchor for a merged copy)."""
        return self.anchor or self.address


@dataclass
class Grid:
    """A table: ``name`` (sheet name, ``table 2``, ``page 3``), rows of cells, text before it."""

    name: str
    rows: list[list[Cell]]
    context: tuple[str, ...] = field(default=())  # paragraphs before a Word table (its title)

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row


def distinct(row: list[Cell]) -> list[Cell]:
    """The cells of a row with horizontal merged copies dropped (each merged cell once)."""
    seen: set[str] = set()
    out: list[Cell] = []
    for cell in row:
        if cell.origin in seen:
            continue
        seen.add(cell.origin)
        out.append(cell)
    return out


def is_horizontal_copy(row: list[Cell], index: int) -> bool:
    """True when ``row[index]`` repeats the merged cell to its left (a horizontal merge)."""
    return index > 0 and row[index].is_copy and row[index - 1].origin == row[index].origin


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``27`` → ``AB`` (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def fill_merges(
    rows: list[list[Cell]], merges: list[tuple[int, int, int, int]]
) -> list[list[Cell]]:
    """Repeat each merged range's top-left cell over the range (rows/cols are 0-based, inclusive)."""
    for top, left, bottom, right in merges:
        if top >= len(rows):
            continue
        anchor = rows[top][left] if left < len(rows[top]) else None
        if anchor is None:
            continue
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                if (r, c) != (top, left):
                    old = rows[r][c]
                    rows[r][c] = Cell(anchor.text, old.address, anchor.value, anchor.address)
    return rows

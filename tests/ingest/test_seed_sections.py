"""The target-table text split into tables and cells (seed_target_tables.split_sections): title
lines found by one search of the file, each cell with the lines it was read from."""

from __future__ import annotations

import pytest

from jixiao.ingest.errors import ReadError
from jixiao.ingest.seed_target_tables import split_sections
from jixiao.ingest.text import is_label

TEXT = (
    "\n"
    "[bookmark: a]1.2025年甲项目绩效目标表\n"  # line 2
    "\t单位：万元\n"
    "\t项目名称\n"
    "\t甲项目 [bookmark:\n"  # a cell that ends in a bookmark, unclosed
    "  续行一\n"  # line 6: continues the cell above
    "\n"
    "续行二\n"  # line 8: after a blank line, still the last cell's
    "\t预算数\n"
    " [bookmark: b] [bookmark: c] 2．乙项目绩效目标表\n"  # line 10: two bookmarks, one title
    "\t乙\n"
    "\n"
    " \u3000 \n"  # line 13: whitespace only, a blank line too
    "\t丙\n"  # line 14
)


def _shape(text: str) -> list[tuple[object, ...]]:
    return [
        (
            s.number,
            s.title,
            s.line,
            [[(c.text, c.line, tuple(c.more)) for c in b] for b in s.blocks],
        )
        for s in split_sections("t.txt", text)
    ]


def test_tables_cells_and_their_lines() -> None:
    assert _shape(TEXT) == [
        (1, "2025年甲项目绩效目标表", 2, [
            [("单位：万元", 3, ()), ("项目名称", 4, ()),
             ("甲项目 [bookmark:\n  续行一\n续行二", 5, (6, 8))],
            [("预算数", 9, ())],  # the blank line ended the block
        ]),
        (None, "[bookmark: c] 2．乙项目绩效目标表", 10, [[("乙", 11, ())], [("丙", 14, ())]]),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("\n\t前言\n[bookmark: a]1.表\n\tx\n", "text before the first table title", 2),
        ("前言\n", "text before the first table title", 1),
        ("\n\n[bookmark: a]1.表\n\n续行\n", "text outside any cell", 5),
    ],
)
def test_errors_at_their_lines(text: str, message: str, line: int) -> None:
    with pytest.raises(ReadError, match=message) as error:
        split_sections("t.txt", text)
    assert error.value.line == line


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("其中：财政资金", True),
        (" 其中：财政 \u3000 资金\n", True),  # whitespace anywhere, a continuation line
        ("其中：财政资金 100", False),
        ("财政资金", False),
        ("", False),
    ],
)
def test_a_label_is_its_text_but_for_whitespace(text: str, found: bool) -> None:
    assert is_label(text, "其中：财政资金") is found

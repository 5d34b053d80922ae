"""The self-evaluation reader's rows (绩效自评表): cells cleaned per line, the block label's
fragments, the goal labels, the indicator row's 分值 — the same as cleaning and testing each cell
on its own."""

from __future__ import annotations

import pytest

from jixiao.ingest.normalise import goal_number
from jixiao.ingest.seed_self_evaluation import _DECIMAL, Row, _anchor, _is_block_label, _Parser
from jixiao.ingest.text import compact

LINES = [
    "",
    "\t\t",
    "绩效目标1\t产出指标\t数量指标\t现场核查数量\t≥100家\t104家\t0.55\t0.55\t",
    "年度 绩效 目标  完成 情况\t14\t通过 持续 开展",  # spaces inside cells
    " 部门名称 \t 天津市生态环境局\t",  # spaces at a cell's ends
    "\t \t\u3000\t\xa0x\u2003y\t",  # whitespace-only cells, other kinds of whitespace
    "a\x85b\t\u2028c\u3000\u3000d ",
    "\u3000年度\t\xa0x\u2003\u2003y",  # no ASCII space, whitespace all the same
]


@pytest.mark.parametrize("line", LINES)
def test_a_rows_cells_are_each_cell_cleaned(line: str) -> None:
    row = Row(7, line)
    cells = [" ".join(cell.split()) for cell in line.split("\t")]
    assert (row.line, row.cells, row.filled) == (7, cells, [c for c in cells if c])
    assert row.first == (row.filled[0] if row.filled else "")


def test_tags_are_dropped_before_the_cells_are_cleaned() -> None:
    parser = _Parser("a.txt", "<p>年度 </p>\t<p> 19</p>\t x<p>\n</p>")
    assert [row.cells for row in parser.rows] == [["年度", "19", "x"], [""]]
    assert [row.line for row in parser.rows] == [1, 2]


@pytest.mark.parametrize(
    "cell",
    [
        *(
            "年度",
            "绩效 目标 完成 情况",
            "年度绩效目标完成情况",
            "\u3000年度 ",
            "情况情况",
            " ",
            "",
        ),
        *("1", "年度绩效目标1", "绩效目标完成情况说明", "完成了年度目标", "年 度x"),
    ],
)
def test_a_block_label_fragment_is_its_characters_and_whitespace(cell: str) -> None:
    text = compact(cell)
    assert _is_block_label(cell) is (bool(text) and set(text) <= set("年度绩效目标完成情况"))


@pytest.mark.parametrize(
    ("label", "number"),
    [
        *(("绩效目标3", 3), ("绩效 目标 12", 12), (" 绩效目标1 ", 1), ("目标3", None)),
        *(("考核绩效目标3", None), ("绩效目标", None), ("现场核查数量", None), ("", None)),
    ],
)
def test_a_goal_label_and_its_number(label: str, number: int | None) -> None:
    assert goal_number(label) == number


@pytest.mark.parametrize(
    "cells",
    [
        ["绩效目标1", "产出指标", "数量指标", "数量", "≥1家", "1家", "0.55", "0.55", "", ""],
        ["", "", "甲", "1", "2", "3", "4", "说明"],  # three pairs: the rightmost
        ["甲", "1", "2"],  # the pair needs two cells before it
        ["甲", "乙", "1", "2"],
        ["甲", "乙", "丙", "1", "2"],
        ["甲", "乙", "丙", "-1.5", "", "2", "x"],  # not side by side
        ["甲", "乙", "丙", "1.", "2", "3"],  # 1. is not a number
        ["甲", "乙", "丙", "１", "２"],  # any decimal digits, as the pattern's \\d
        ["1", "2"],
        [],
    ],
)
def test_the_anchor_is_the_rightmost_pair_of_numbers(cells: list[str]) -> None:
    pairs = [
        i
        for i in range(2, len(cells) - 1)
        if _DECIMAL.match(cells[i]) and _DECIMAL.match(cells[i + 1])
    ]
    assert _anchor(cells) == (pairs[-1] if pairs else None)

"""The target-table text split into tables and cells (seed_target_tables.split_sections): title
lines found by one search of the file, each cell with the lines it was read from; the text helpers
the reader uses on its cells."""

from __future__ import annotations

import pytest

from jixiao.ingest.errors import ReadError
from jixiao.ingest.seed_target_tables import READER, split_sections
from jixiao.ingest.text import clean, cleaned, is_label

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
            [
                [(s.texts[c], s.lines[c], s.more.get(c, ())) for c in range(start, end)]
                for start, end in zip(s.starts, [*s.starts[1:], len(s.texts)], strict=True)
            ],
            [(s.texts[c], s.lines[c]) for c in range(len(s.texts))],
            s.cell_lines(2) if len(s.texts) > 2 else None,
        )
        for s in split_sections("t.txt", text)
    ]


def test_tables_cells_and_their_lines() -> None:
    assert _shape(TEXT) == [
        (1, "2025年甲项目绩效目标表", 2, [
            [("单位：万元", 3, ()), ("项目名称", 4, ()),
             ("甲项目 [bookmark:\n  续行一\n续行二", 5, (6, 8))],
            [("预算数", 9, ())],  # the blank line ended the block
        ], [("单位：万元", 3), ("项目名称", 4), ("甲项目 [bookmark:\n  续行一\n续行二", 5),
            ("预算数", 9)],
         [("甲项目 [bookmark:", 5), ("  续行一", 6), ("续行二", 8)]),
        (None, "[bookmark: c] 2．乙项目绩效目标表", 10, [[("乙", 11, ())], [("丙", 14, ())]],
         [("乙", 11), ("丙", 14)], None),
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


def test_cells_cleaned_at_once_are_each_cleaned() -> None:
    texts = [
        "",
        "≥95%",
        "  数据中心 \u3000 运维\t率 ",  # folded: spaces, ideographic space, a tab
        " \u3000 ",
        "第一行 \n\n  第二  行\n ",  # lines stripped, the empty ones dropped
        "\n",
    ]
    assert cleaned(texts) == [clean(text) for text in texts]
    assert cleaned(texts)[2:5] == ["数据中心 运维 率", "", "第一行\n第二 行"]


_TABLE = (
    "[bookmark: a]1.2025年甲项目绩效目标表\n"
    "\t100101 甲单位\n\t单位：万元\n\n\t项目名称\n\t甲项目\n\n"
    "\t预算数\n\t10\n\t其中：财政资金\n\t10\n\t其他资金\n\t\n\n\t绩效目标\n\t1.完成甲。\n\n"
    "\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n"  # line 18
    "\t产出指标\n\t数量指标\n\t甲数\n\t\n\t≥2个\n"  # line 23: no blank line after the header
    "\n\t\n\t\n\t乙数\n\n\t乙\n\t=1次\n"  # line 29: a row split by a blank line
)


def test_rows_start_inside_the_headers_block() -> None:
    [table] = READER.read("t.txt", _TABLE.encode())
    rows = [(i.level1, i.level2, i.level3, i.description, i.target.raw) for i in table.indicators]
    assert rows == [
        ("产出指标", "数量指标", "甲数", None, "≥2个"),
        ("产出指标", "数量指标", "乙数", "乙", "=1次"),
    ]
    assert [i.source.line for i in table.indicators] == [23, 29]

"""The target-table seeds (000, 003, 004) parse completely: every table, goal, budget and row."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.demo import SEEDS
from jixiao.domain import levels
from jixiao.domain.model import TargetTable
from jixiao.ingest import read_path

DATA = Path(__file__).parent / "data"

EXPECTED = json.loads((DATA / "seed_target_tables.json").read_text(encoding="utf-8"))
CASES = [(name, table) for name, tables in EXPECTED.items() for table in tables]


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[TargetTable]]:
    return {name: read_path(SEEDS / name) for name in EXPECTED}  # type: ignore[misc]


def test_table_counts(parsed: dict[str, list[TargetTable]]) -> None:
    counts = {name[:3]: len(tables) for name, tables in parsed.items()}
    assert counts == {"000": 34, "003": 5, "004": 4}


def test_indicator_totals(parsed: dict[str, list[TargetTable]]) -> None:
    totals = {name[:3]: sum(len(t.indicators) for t in tables) for name, tables in parsed.items()}
    assert totals == {"000": 276, "003": 35, "004": 30}


@pytest.mark.parametrize(
    ("name", "expected"), CASES, ids=[f"{n[:3]}-{t['number']}" for n, t in CASES]
)
def test_table(
    parsed: dict[str, list[TargetTable]], name: str, expected: dict[str, object]
) -> None:
    table = parsed[name][int(str(expected["number"])) - 1]
    assert table.number == expected["number"]
    assert table.title == expected["title"]
    assert table.year == expected["year"]
    assert [table.department.code, table.department.name] == expected["department"]
    assert table.project.name == expected["project"]
    budget = [table.budget.total, table.budget.fiscal, table.budget.other]
    assert budget == [Decimal(str(x)) if x is not None else None for x in expected["budget"]]  # type: ignore[attr-defined]
    assert len(table.goals) == expected["goals"]
    assert table.goals[0] == expected["first_goal"]
    assert len(table.indicators) == expected["indicators"]
    for row, indicator in (
        (expected["first_row"], table.indicators[0]),
        (expected["last_row"], table.indicators[-1]),
    ):
        assert [
            indicator.source.line,
            indicator.level1,
            indicator.level2,
            indicator.level3,
            indicator.description,
            indicator.target.raw,
        ] == row


def test_every_row_is_complete(parsed: dict[str, list[TargetTable]]) -> None:
    for tables in parsed.values():
        for table in tables:
            assert table.purpose and table.goals and table.budget.total is not None
            for indicator in table.indicators:
                assert levels.is_level1(indicator.level1), indicator
                assert levels.parent_of(indicator.level2) == indicator.level1, indicator
                assert indicator.level3 and indicator.target.raw
                assert indicator.source.file.endswith(".txt") and indicator.source.line


def test_multi_line_cells_are_kept(parsed: dict[str, list[TargetTable]]) -> None:
    table5 = parsed["000_c59c10b86de5a10a.txt"][4]
    standards = [i for i in table5.indicators if i.target.kind == "standard"]
    assert [i.target.raw for i in standards] == [
        "《危险废物焚烧污染控制标准》（GB18484-2020）\n《天津市污水综合排放标准》（DB12/356-2018）"
    ]
    assert len(standards[0].target.parts) == 2
    purpose = parsed["004_5a0f60c6186e32fd.txt"][2].purpose
    assert purpose == (
        "（1）开展环境风险隐患排查抽查。\n（2）开展京津冀联合环境隐患排查和突发水环境事件联合应急演练。\n"
        "（3）陆海统筹开展天津市突发环境事件应急演练。"
    )


def test_row_split_by_blank_lines(parsed: dict[str, list[TargetTable]]) -> None:
    """003 表4: the last row's cells are separated by blank lines."""
    last = parsed["003_88a8ef7fc06e4953.txt"][3].indicators[-1]
    assert (last.level1, last.level2, last.level3, last.description, last.target.raw) == (
        "满意度指标",
        "服务对象满意度指标",
        "服务对象满意度",
        "服务对象满意度",
        "≥90%",
    )


def test_level1_carries_down(parsed: dict[str, list[TargetTable]]) -> None:
    first = parsed["000_c59c10b86de5a10a.txt"][0]
    assert [i.level1 for i in first.indicators] == ["产出指标"] * 4 + ["效益指标"] * 2 + [
        "满意度指标"
    ]


def test_budget_year_is_the_files(parsed: dict[str, list[TargetTable]]) -> None:
    """000 表1 is titled 2024 but belongs to the 2025 budget like the rest of its file."""
    tables = parsed["000_c59c10b86de5a10a.txt"]
    assert tables[0].title.startswith("2024年") and tables[0].year == 2025
    assert {t.year for t in parsed["003_88a8ef7fc06e4953.txt"]} == {2024}

"""Nothing is silently dropped: every non-empty cell of a recognised table is read or skipped."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jixiao.ingest.grid import Grid
from jixiao.ingest.layout import segments
from jixiao.ingest.report import FileReport

Read = Callable[[str], FileReport]
Grids = Callable[[str], list[Grid]]

FIXTURES = ["split_target.xlsx", "self_evaluation.xlsx", "stacked.xlsx", "side_by_side.xlsx",
            "legacy.xls", "department.docx", "many_forms.docx", "ruled.pdf"]  # fmt: skip


@pytest.mark.parametrize("filename", FIXTURES)
def test_every_cell_of_a_recognised_table_is_used_or_skipped(
    filename: str, office_report: Read, office_grids: Grids
) -> None:
    result = office_report(filename)
    skipped = {s.where for s in result.skipped}
    assert not skipped & result.used, "a cell is both read and skipped"
    grids = office_grids(filename)
    recognised = [s for g in grids for s in segments(g) if s.header and s.kind != "score_sheet"]
    assert recognised
    for segment in recognised:
        for row in segment.grid.rows[segment.start : segment.end]:
            for cell in row:
                if cell.text.strip():
                    assert cell.origin in result.used | skipped, cell.address


@pytest.mark.parametrize("filename", FIXTURES)
def test_every_indicator_points_at_the_cell_of_its_name(
    filename: str, office_report: Read, office_grids: Grids
) -> None:
    result = office_report(filename)
    cells = {c.address: c.text for g in office_grids(filename) for c in g.cells()}
    for document in result.documents:
        for indicator in document.indicators:
            assert indicator.source.file == filename
            assert indicator.source.cell in cells
            named_by_column = indicator.level3 == indicator.level2  # horizontal layout, bare value
            assert indicator.level3 in cells[indicator.source.cell] or named_by_column

"""Nothing is silently dropped: every non-empty cell of a recognised table is read or skipped."""

from __future__ import annotations

import pytest
from office_helpers import MODULES, OFFICE, report

from jixiao.ingest.layout import segments

FIXTURES = ["split_target.xlsx", "self_evaluation.xlsx", "stacked.xlsx", "side_by_side.xlsx",
            "legacy.xls", "department.docx", "many_forms.docx", "ruled.pdf"]  # fmt: skip


@pytest.mark.parametrize("filename", FIXTURES)
def test_every_cell_of_a_recognised_table_is_used_or_skipped(filename: str) -> None:
    path = OFFICE / filename
    result = report(filename)
    skipped = {s.where for s in result.skipped}
    assert not skipped & result.used, "a cell is both read and skipped"
    grids = MODULES[path.suffix].grids(filename, path.read_bytes())
    recognised = [s for g in grids for s in segments(g) if s.header and s.kind != "score_sheet"]
    assert recognised
    for segment in recognised:
        for row in segment.grid.rows[segment.start : segment.end]:
            for cell in row:
                if cell.text.strip():
                    assert cell.origin in result.used | skipped, cell.address


@pytest.mark.parametrize("filename", FIXTURES)
def test_every_indicator_points_at_the_cell_of_its_name(filename: str) -> None:
    path = OFFICE / filename
    result = report(filename)
    cells = {
        c.address: c.text
        for g in MODULES[path.suffix].grids(filename, path.read_bytes())
        for c in g.cells()
    }
    for document in result.documents:
        for indicator in document.indicators:
            assert indicator.source.file == filename
            assert indicator.source.cell in cells
            named_by_column = indicator.level3 == indicator.level2  # horizontal layout, bare value
            assert indicator.level3 in cells[indicator.source.cell] or named_by_column

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
            "legacy.xls", "department.docx", "many_forms.docx", "ruled.pdf",
            # the shapes of issues 11 and 12 (tests/data/shapes.py)
            "headers.xlsx", "headers.xls", "headers.docx", "application.xlsx", "application.xls",
            "application.docx", "shenzhen.xlsx", "shenzhen.xls", "department_application.xlsx",
            "department_application.xls", "department_application.docx", "completion.xlsx",
            "completion.xls", "completion.docx", "grouped.xlsx", "grouped.xls", "grouped.docx",
            "disclosure.xlsx", "disclosure.xls", "disclosure.docx", "long_format.xlsx",
            "long_format.xls", "pdf_projects.pdf", "pdf_projects.xlsx", "pdf_projects.docx",
            "pdf_packed.pdf", "pdf_packed.xlsx", "pdf_packed.docx", "headers_print.pdf",
            "application_print.pdf", "grouped_print.pdf", "completion_print.pdf",
            "department_application_print.pdf"]  # fmt: skip


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


@pytest.mark.parametrize("filename", FIXTURES)
def test_every_cell_of_the_file_is_used_skipped_or_in_a_skipped_table(
    filename: str, office_report: Read, office_grids: Grids
) -> None:
    """Tables that are not read (financial tables, covers, score sheets) are skipped as a whole
    with their reason; every other non-empty cell is read or skipped on its own."""
    result = office_report(filename)
    accounted = result.used | {s.where for s in result.skipped}
    for grid in office_grids(filename):
        for segment in segments(grid):
            rows = segment.grid.rows[segment.start : segment.end]
            cells = [c for row in rows for c in row if c.text.strip()]
            if not cells or any(
                s.where.startswith(cells[0].address + "..") for s in result.skipped
            ):
                continue
            for cell in cells:
                assert cell.origin in accounted, cell.address

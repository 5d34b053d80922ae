"""``describe``: the report of the reader that recognises a file, through the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.demo import seed_paths
from jixiao.ingest import ReadError, describe, read_bytes

OFFICE_FILES = (
    "split_target.xlsx",
    "stacked.xlsx",
    "self_evaluation.xlsx",
    "legacy.xls",
    "department.docx",
    "many_forms.docx",
    "ruled.pdf",
)


@pytest.mark.parametrize("filename", OFFICE_FILES)
def test_office_files_are_described_by_their_reader(office: Path, filename: str) -> None:
    data = (office / filename).read_bytes()
    report = describe(filename, data)
    assert report is not None
    assert report.file == filename
    assert report.tables and all(t.rows > 0 for t in report.tables if t.supported)
    assert report.documents == read_bytes(filename, data)


def test_the_report_names_the_reader_and_the_skipped_cells(office: Path) -> None:
    report = describe("side_by_side.xlsx", (office / "side_by_side.xlsx").read_bytes())
    assert report is not None
    assert report.reader == "Excel workbook (.xlsx)"
    assert report.skipped and all(s.reason for s in report.skipped)
    assert "side_by_side.xlsx (Excel workbook (.xlsx))" in report.summary()


def test_a_seed_text_file_has_no_report() -> None:
    path = seed_paths()[0]
    assert describe(path.name, path.read_bytes()) is None


def test_an_unknown_file_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="not a recognised performance table"):
        describe("notes.html", b"<html>hello</html>")


def test_a_broken_office_file_is_a_read_error(office: Path) -> None:
    with pytest.raises(ReadError, match="password-protected"):
        describe("encrypted.xlsx", (office / "encrypted.xlsx").read_bytes())

"""Shared by the office reader tests: the fixture folder and a reader chosen by suffix."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from jixiao.ingest import docx, pdf, xls, xlsx
from jixiao.ingest.report import FileReport

OFFICE = Path(__file__).parent.parent / "data" / "office"
MODULES: dict[str, ModuleType] = {".xlsx": xlsx, ".xls": xls, ".docx": docx, ".pdf": pdf}


def report(filename: str) -> FileReport:
    path = OFFICE / filename
    module = MODULES[path.suffix]
    result: FileReport = module.report(filename, path.read_bytes())
    return result


def reasons(result: FileReport) -> dict[str, str]:
    """Skipped address → reason."""
    return {s.where: s.reason for s in result.skipped}

"""Fixtures of the office reader tests: the fixture folder, a report and the grids of a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from jixiao.ingest import docx, pdf, xls, xlsx
from jixiao.ingest.grid import Grid
from jixiao.ingest.report import FileReport

OFFICE = Path(__file__).parent.parent / "data" / "office"
_MODULES: dict[str, ModuleType] = {".xlsx": xlsx, ".xls": xls, ".docx": docx, ".pdf": pdf}


@pytest.fixture(scope="session")
def office() -> Path:
    return OFFICE


@pytest.fixture(scope="session")
def office_report() -> Callable[[str], FileReport]:
    """The report of a fixture file, read by the module of its suffix."""

    def read(filename: str) -> FileReport:
        path = OFFICE / filename
        result: FileReport = _MODULES[path.suffix].report(filename, path.read_bytes())
        return result

    return read


@pytest.fixture(scope="session")
def office_grids() -> Callable[[str], list[Grid]]:
    def read(filename: str) -> list[Grid]:
        path = OFFICE / filename
        result: list[Grid] = _MODULES[path.suffix].grids(filename, path.read_bytes())
        return result

    return read

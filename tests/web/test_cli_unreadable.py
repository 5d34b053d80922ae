"""``jixiao parse`` and ``jixiao import`` exit 2 with the reader's message on a damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

CRASHERS = sorted((Path(__file__).parent.parent / "data" / "crashers").iterdir())
ONE_PER_FORMAT = [
    next(p for p in CRASHERS if p.suffix == s) for s in (".xlsx", ".xls", ".docx", ".pdf")
]


@pytest.mark.parametrize("command", [["parse"], ["parse", "--report"], ["import", "--dry-run"]])
def test_an_unreadable_file_exits_2_naming_it(command: list[str], db) -> None:
    paths = [str(p) for p in ONE_PER_FORMAT]
    result = CliRunner().invoke(app, [*command, *paths])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for path in paths:
        assert f"error: {path}" in result.stderr

"""Everything a user sets or types is documented: each environment variable jixiao reads and each
command of the ``jixiao`` CLI is named in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from jixiao.cli import app

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
READS = re.compile(r"""environ(?:\.get\(|\[)\s*["'](JIXIAO_[A-Z0-9_]+|DATABASE_URL)["']""")


def _variables() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "jixiao").rglob("*.py"):
        found.update(READS.findall(path.read_text(encoding="utf-8")))
    return found


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_the_variables_and_commands_are_found() -> None:
    assert {"JIXIAO_DATA_DIR", "DATABASE_URL", "JIXIAO_UPLOAD_HOURS"} <= _variables()
    assert {"parse", "import", "serve", "users"} <= set(_commands())


@pytest.mark.parametrize("variable", sorted(_variables()))
def test_every_environment_variable_is_in_the_readme(variable: str) -> None:
    assert f"`{variable}`" in README


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"jixiao {command}" in README

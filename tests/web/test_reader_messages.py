"""Every message the readers (ingest/) can give reaches the pages in Chinese: the readers write
English for logs and the CLI and :mod:`jixiao.web.read_errors` says it by pattern, so a message
reworded in ingest/ without its pattern would show in English. This test reads the source of
ingest/ and finds every message template where it is given — the message of a ``ReadError``, a
skip reason (``skip``, ``close``, ``Skipped``), a normalisation note's reason (``note``, ``Note``),
a reader's ``error`` helper, what ``office.damaged`` names — and renders each with sample values in its placeholders: each must
come out translated (or be written in Chinese already). A message passed on in a variable is
followed to where it is made (the call sites above); the few that pass one through are listed
in ``PASSED_ON`` with where their text comes from."""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

import jixiao.ingest
from jixiao.ingest import errors
from jixiao.web.read_errors import message

#: the same whatever DATABASE_URL names: CI's PostgreSQL pass leaves it to make test
pytestmark = pytest.mark.ignores_database_url

INGEST = Path(jixiao.ingest.__file__).parent

#: call → the position of its message argument
SINKS = {
    **{"ReadError": 1, "error": 0},  # errors (a reader's error helper)
    **{"skip": 1, "close": 1, "Skipped": 2, "note": 2, "Note": 3},  # skip reasons, notes
    "damaged": 1,  # office.damaged(name, what): what is damaged, said inside the message
}
#: messages passed on in a variable: where (file: the argument) → where the text is made
PASSED_ON = {
    "__init__.py: exc.strerror or str(exc)": "the operating system's message for a path",
    "build.py: UNJOINED": "a constant of build.py, checked below",
    "build.py: _why_not(segment)": "the reasons _why_not returns, literals found here",
    "errors.py: message": "ReadError's own rebuild after pickling",
    "indicators.py: reason": "skip_row(…, reason): its callers' literals are found here",
    "interchange_json.py: _first_error(exc)": "pydantic's message, kept as it says",
    "ledger.py: reason": "Ledger.skip/close: their callers' literals are found here",
    "ledger.py: why": "Ledger.note: its callers' literals are found here",
    "sandbox.py: OVER_BUDGET": "written in Chinese (ingest.errors)",
    "sandbox.py: _CANCELLED": "a constant of sandbox.py written in Chinese (已取消)",
    "seed_self_evaluation.py: message": "its error(): the callers' literals are found here",
    "seed_target_tables.py: message": "its error(): the callers' literals are found here",
}
SAMPLES = ("1", "甲", "a.xlsx")  # values tried in each placeholder
#: Latin words a Chinese message may keep: names of formats and programs
NAMES = {"Word", "Excel", "PDF", "JSON", "CSV", "LibreOffice", "xlsx", "docx", "doc", "xls"}
LATIN = re.compile(r"[A-Za-z]{2,}")


def _chinese(text: str) -> bool:
    """True when ``text`` has no Latin words but names (不是可读取的 Word 文档)."""
    return set(LATIN.findall(text.replace("a.xlsx", ""))) <= NAMES


def _calls() -> Iterator[tuple[str, ast.expr]]:
    """(file: line, message argument) of every call that gives a reader's message."""
    for path in sorted(INGEST.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            position = SINKS.get(name or "")
            if position is not None and len(node.args) > position:
                yield f"{path.relative_to(INGEST)}:{node.lineno}", node.args[position]


def _texts(argument: ast.expr) -> list[str] | None:
    """The message's possible texts with sample placeholders (None: passed on in a variable)."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.IfExp):
        both = [_texts(argument.body), _texts(argument.orelse)]
        return None if None in both else [t for texts in both for t in texts or []]
    if not isinstance(argument, ast.JoinedStr):
        return None
    parts = [_constant(v) for v in argument.values]
    holes = parts.count(None)
    return [
        "".join(p if p is not None else next(fill) for p in parts)
        for values in itertools.product(SAMPLES, repeat=holes)
        if (fill := iter(values))
    ]


def _constant(part: ast.expr) -> str | None:
    """A part of an f-string as written: its text, or a constant of ingest.errors (OVER_BUDGET);
    None for a placeholder."""
    if isinstance(part, ast.Constant):
        return str(part.value)
    value = part.value if isinstance(part, ast.FormattedValue) else part
    return getattr(errors, value.id, None) if isinstance(value, ast.Name) else None


TEMPLATES = [(where, texts) for where, arg in _calls() if (texts := _texts(arg)) is not None]
PASSED = sorted(
    {f"{where.split(':')[0]}: {ast.unparse(arg)}" for where, arg in _calls() if _texts(arg) is None}
)


def test_every_message_passed_on_in_a_variable_is_accounted_for() -> None:
    assert sorted(PASSED_ON) == PASSED


def test_the_readers_give_many_messages() -> None:
    assert len(TEMPLATES) > 80  # the scan finds the call sites (a rename of SINKS would not)


@pytest.mark.parametrize(("where", "texts"), TEMPLATES, ids=[w for w, _ in TEMPLATES])
def test_each_reader_message_is_said_in_chinese(where: str, texts: list[str]) -> None:
    if all(_chinese(t) for t in texts):
        return  # written in Chinese
    with translation.override("zh-hans"):
        said = [message(t) for t in texts]
    assert any(s != t for s, t in zip(said, texts, strict=True)), texts[0]

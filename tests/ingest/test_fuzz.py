"""Damaged files (seeded mutations of every fixture) and the crashers found so far: ReadError only.

The mutations are in ``tests/fuzzing.py``, which also runs on its own for longer hunts (thousands
of cases per fixture). Here the fixtures share ``JIXIAO_FUZZ_SECONDS`` (default 20: the whole
test stays under 30 s); each file under ``tests/data/crashers/`` once made a reader raise
something else than a ReadError.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

import pytest

from fuzzing import CRASHERS, FIXTURES, fuzz
from jixiao.ingest import ReadError, read_described

SECONDS = float(os.environ.get("JIXIAO_FUZZ_SECONDS", "20")) / len(FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_mutations_of_a_fixture_give_read_errors_only(fixture: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl and pdfminer warn about what they repair
        outcome = fuzz(fixture, SECONDS, seed=0)
    print(f"{fixture.name}: {outcome.cases} cases, {len(outcome.guarded)} caught by the guard")
    assert outcome.cases >= 1  # a busy machine reads few here; `python tests/fuzzing.py` more
    assert not outcome.escaped, list(outcome.escaped)


@pytest.mark.parametrize(
    "crasher", sorted(CRASHERS.iterdir()), ids=lambda p: p.name if isinstance(p, Path) else p
)
def test_a_crasher_gets_a_read_error_of_its_reader(
    crasher: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Not only a ReadError: the reader's own (the registry's guard, which logs, is not needed)."""
    with warnings.catch_warnings(), caplog.at_level(logging.ERROR, logger="jixiao.ingest"):
        warnings.simplefilter("ignore")
        with pytest.raises(ReadError) as error:
            read_described(crasher.name, crasher.read_bytes())
    assert error.value.file == crasher.name
    assert "damaged" in error.value.message or "not an Excel" in error.value.message
    assert not caplog.records, caplog.text

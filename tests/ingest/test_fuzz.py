"""Damaged files (seeded mutations of every fixture) and the crashers found so far: ReadError only.

The mutations are in ``tests/fuzzing.py``, which also runs on its own for longer hunts. Here each
fixture gets a fixed number of mutations (:data:`fuzzing.CASES` by format, × ``JIXIAO_FUZZ_SCALE``),
read in this process under a per-read timer. The seed is new on every run (so the runs together
cover ever more cases) and printed in every failure: ``JIXIAO_FUZZ_SEED=<seed>`` replays a run.
A case that crashes a reader is saved under ``tests/data/crashers/`` and fails the test; each file
there once made a reader raise something else than its own ReadError.
"""

from __future__ import annotations

import logging
import os
import random
import warnings
from pathlib import Path

import pytest

from fuzzing import CASES, CRASHERS, FIXTURES, fuzz, save
from jixiao.ingest import ReadError, read_described

SEED = int(os.environ.get("JIXIAO_FUZZ_SEED") or random.SystemRandom().randrange(10**9))
SCALE = float(os.environ.get("JIXIAO_FUZZ_SCALE", "1"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_mutations_of_a_fixture_give_read_errors_only(fixture: Path) -> None:
    wanted = max(1, round(CASES[fixture.suffix] * SCALE))
    outcome = fuzz(fixture, wanted, seed=SEED)
    print(
        f"{fixture.name}: seed {SEED}, {outcome.cases} cases ({outcome.rate:.0f}/s), "
        f"{outcome.refused} refused, {outcome.slow} over the per-read timer"
    )
    assert outcome.cases == wanted
    crashed = {**outcome.guarded, **outcome.escaped}
    kept = [save(fixture, data, CRASHERS).name for data in crashed.values()]
    assert not crashed, f"JIXIAO_FUZZ_SEED={SEED}: {list(crashed)}; saved as {kept}"


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


def test_a_zip_an_earlier_mutation_flagged_as_encrypted_is_mutated_as_bytes() -> None:
    """zipfile refuses to read a member whose encryption flag a mutation set (RuntimeError):
    the structural mutator falls back to byte mutations instead of stopping the fuzzing run."""
    import io
    import zipfile

    from fuzzing import rezip

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_rels/.rels", "<Relationships/>" * 40)
    data = bytearray(packed.getvalue())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # set bit 0 (encrypted) of both flag fields
        at = data.index(header) + (6 if header == b"PK\x03\x04" else 8)
        data[at] |= 1
    with pytest.raises(RuntimeError), zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        archive.read("_rels/.rels")
    mutated = rezip(random.Random(1), bytes(data))
    assert isinstance(mutated, bytes) and mutated != bytes(data)


def test_a_budget_sentence_with_an_unreadable_amount_is_left_to_the_labels(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A mutation of application_print.pdf turned 年度资金总额 into “.5万元” (a number without a
    digit before its point): the form reader took it as money and raised ValueError, which only
    the registry's guard caught (fuzzing seed 618905524). The cell is now read as labels."""
    found = (
        Path(__file__).parent.parent / "data" / "fuzzed" / "application_print-9a726371133e0146.pdf"
    )
    with warnings.catch_warnings(), caplog.at_level(logging.ERROR, logger="jixiao.ingest"):
        warnings.simplefilter("ignore")
        documents, _report = read_described(found.name, found.read_bytes())
    assert len(documents) == 1
    assert not caplog.records, caplog.text

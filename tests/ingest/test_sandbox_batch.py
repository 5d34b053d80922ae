"""A batch's files are read by long-lived sandbox workers: each keeps every file's budget, a bad
file costs only its own worker, and workers are recycled and end with the batch."""

from __future__ import annotations

import gc
import pickle
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hostile import (
    BusyReader,
    CollectorReader,
    CrashingReader,
    HoardingReader,
    HungryReader,
    Patient,
    PidReader,
    SleepyReader,
    reader_pid,
    ruled_grid_pdf,
)
from jixiao.demo import SEEDS
from jixiao.ingest import READERS, ReadError, read_described, register, sandbox
from jixiao.ingest.answers import Documents
from jixiao.ingest.sandbox import OVER_BUDGET, Batch, Limits, load

OFFICE = Path(__file__).parent.parent / "data" / "office"
HONEST = [
    ("stacked.xlsx", (OFFICE / "stacked.xlsx").read_bytes()),
    ("application.docx", (OFFICE / "application.docx").read_bytes()),
    ("seed.txt", sorted(SEEDS.glob("*.txt"))[0].read_bytes()),
]


@pytest.fixture
def hostile_readers() -> Iterator[None]:
    hostile = (HungryReader(), CrashingReader(), SleepyReader(), PidReader())
    readers = [register(r) for r in (*hostile, BusyReader(), HoardingReader())]
    yield
    for reader in readers:
        READERS.remove(reader)


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


def _error(batch: Batch, name: str, data: bytes) -> ReadError:
    with pytest.raises(ReadError) as info:
        batch.read(name, data)
    assert info.value.file == name
    return info.value


def _pid(batch: Batch, name: str = "who.txt") -> int:
    return reader_pid(_error(batch, name, b"PID"))


def test_bad_files_between_honest_ones_cost_only_their_own_worker(hostile_readers: None) -> None:
    """One worker: the honest files before and after each bad one read as in process; the bad
    file gets its ReadError and the next file a fresh worker."""
    honest = [(name, data, read_described(name, data)) for name, data in HONEST]
    limits = Patient(seconds=1, memory_mb=512, workers=1, queue=0)

    def check_honest(batch: Batch) -> None:
        for name, data, expected in honest:
            documents, report = batch.read(name, data)
            assert documents == expected[0] and documents
            assert (report and report.summary()) == (expected[1] and expected[1].summary())

    with Batch(limits) as batch:
        check_honest(batch)
        first = _pid(batch)
        assert batch.pids == [first]  # the honest files and this one: the same worker
        assert _error(batch, "grid.pdf", ruled_grid_pdf()).message == OVER_BUDGET  # CPU
        check_honest(batch)
        second = _pid(batch)
        assert OVER_BUDGET in _error(batch, "hungry.txt", b"HUNGRY").message  # memory
        check_honest(batch)
        third = _pid(batch)
        assert "crashed" in _error(batch, "crash.txt", b"CRASH").message
        check_honest(batch)
        fourth = _pid(batch)
        assert batch.pids == [first, second, third, fourth]
        assert len(set(batch.pids)) == 4
        assert _gone(first) and _gone(second) and _gone(third)
        assert not _gone(fourth)
    assert _gone(fourth), "a worker outlived its batch"
    assert load() == (0, 0)


def test_a_file_over_the_wall_clock_deadline_is_refused_and_its_worker_killed(
    hostile_readers: None,
) -> None:
    limits = Limits(seconds=0.1, workers=1)
    with Batch(limits) as batch:
        first = _pid(batch)
        error = _error(batch, "sleepy.txt", b"SLEEPY")
        assert error.message == f"{OVER_BUDGET}（超过 {limits.deadline:g} 秒）"
        assert _gone(first)
        assert _pid(batch) not in (first, 0)
        name, data = HONEST[2]
        assert batch.read(name, data)[0] == read_described(name, data)[0]


def test_thirty_files_are_read_by_no_more_processes_than_workers(hostile_readers: None) -> None:
    """Read from as many threads as workers, as the import preview does."""
    limits = Limits(workers=2, queue=30)
    with Batch(limits) as batch, ThreadPoolExecutor(limits.workers) as pool:
        pids = list(pool.map(lambda i: _pid(batch, f"{i}.txt"), range(30)))
        assert set(pids) == set(batch.pids)
        assert 1 <= len(batch.pids) <= limits.workers
    assert all(_gone(pid) for pid in batch.pids)


def test_a_worker_is_recycled_after_its_files(hostile_readers: None) -> None:
    with Batch(Limits(workers=1, files_per_worker=3)) as batch:
        pids = [_pid(batch) for _ in range(7)]
    first, second, third = batch.pids
    assert pids == [first] * 3 + [second] * 3 + [third]
    assert all(_gone(pid) for pid in batch.pids)


def test_each_file_has_its_own_cpu_budget_in_a_worker_that_read_others(
    hostile_readers: None,
) -> None:
    """Three files of 0.6 s of CPU each, budget 1 s: together over it, each within its own."""
    with Batch(Patient(seconds=1, workers=1)) as batch:
        pids = [reader_pid(_error(batch, f"{i}.txt", b"BUSY 0.6")) for i in range(3)]
    assert pids == batch.pids * 3


def test_a_worker_whose_memory_grew_past_the_slack_is_retired(hostile_readers: None) -> None:
    """What a file left behind (80 MB kept by a leaking reader, more than the 64 MB slack of a
    512 MB budget) is never there for the next file: that goes to a fresh worker."""
    limits = Limits(memory_mb=512, workers=1)
    assert limits.slack_bytes == 64 * 1024 * 1024
    with Batch(limits) as batch:
        small = reader_pid(_error(batch, "small.txt", b"HOARD 1"))
        assert reader_pid(_error(batch, "big.txt", b"HOARD 80")) == small  # kept after 1 MB
        after = _pid(batch)
    assert after != small and batch.pids == [small, after]


def test_each_file_is_read_with_the_registry_as_it_was_sent() -> None:
    """A reader registered after the worker started is used; once removed, it is not."""
    name, data = HONEST[2]
    with Batch(Limits(workers=1)) as batch:
        assert batch.read(name, data)[0] == read_described(name, data)[0]
        reader = register(PidReader())
        try:
            assert _pid(batch) == batch.pids[0]
        finally:
            READERS.remove(reader)
        assert "not a recognised" in _error(batch, "who.txt", b"PID").message
        assert len(batch.pids) == 1


def test_a_worker_collects_its_youngest_objects_less_often() -> None:
    """The collector stays on in the worker (cyclic garbage is collected), its youngest
    generation after ``_YOUNGEST`` new objects instead of Python's 700; the caller's own
    settings are not changed."""
    before = gc.get_threshold()
    reader = register(CollectorReader())
    try:
        with Batch(Limits(workers=1)) as batch:
            message = _error(batch, "gc.txt", b"GC").message
    finally:
        READERS.remove(reader)
    assert message == f"gc True {sandbox._YOUNGEST} {before[1]} {before[2]}"
    assert before[0] < sandbox._YOUNGEST
    assert gc.get_threshold() == before


def test_a_batch_cancelled_while_a_file_is_read_kills_its_worker() -> None:
    cancel = threading.Event()
    with Batch(Limits(seconds=30, workers=1), cancel.is_set) as batch:
        name, data = HONEST[0]
        batch.read(name, data)
        threading.Timer(0.5, cancel.set).start()
        assert _error(batch, "grid.pdf", ruled_grid_pdf()).message == "已取消（客户端已断开）"
        assert len(batch.pids) == 1 and _gone(batch.pids[0])
        assert _error(batch, name, data).message == "已取消（客户端已断开）"
        assert len(batch.pids) == 1  # no worker is started for a cancelled batch


def test_a_worker_reviews_what_it_read_by_the_single_document_rules() -> None:
    """``read_reviewed``: the documents as :meth:`Batch.read` gives them and, for each, the
    findings of the rules that read one document (as in process) as the rows that store them,
    what the import stores of it (its row values, its JSON text among them) and its digest, also
    as ``read_pickled`` gives them still pickled; no document's model crosses (their JSON text
    does); a file over its budget is refused as by ``read`` (the review is part of the file's
    budget)."""
    from jixiao.domain.cards import card
    from jixiao.domain.model import MonitoringReport
    from jixiao.domain.review import finding_row, load_profile
    from jixiao.domain.review.digest import digest_of
    from jixiao.domain.review.engine import review_alone
    from jixiao.domain.row_values import row_values

    profile = load_profile("tianjin")
    with Batch(Limits(workers=1)) as batch:
        for name, data in HONEST:
            reviewed = batch.read_reviewed(name, data, profile)
            findings, values, digests = reviewed.findings, reviewed.values, reviewed.digests
            assert findings is not None
            documents, report = list(reviewed.documents), reviewed.report
            assert (documents, report) == batch.read(name, data) == read_described(name, data)
            assert report is None or report.documents is reviewed.documents.made()
            assert reviewed.cards == [card(d) for d in documents]
            assert values == [
                None if isinstance(d, MonitoringReport) else row_values(d, scaled=True)
                for d in documents
            ]
            assert digests == [digest_of(d) for d in documents]
            alone = review_alone(documents, profile)
            assert findings == [
                finding_row.rows(f, d.indicators) for d, f in zip(documents, alone, strict=True)
            ]
            assert all(type(row) is tuple for found in findings for row in found)
            pickled = batch.read_pickled(name, data, profile)  # the same, unpickled by the caller
            assert isinstance(pickled.blob, bytes)
            assert b"jixiao.domain.model" not in pickled.blob
            again = pickled.loads()
            assert isinstance(again.documents, Documents) and again.documents.texts
            assert again.cards == reviewed.cards and again.values == values
            assert (again.findings, again.digests) == (findings, digests)
            assert list(again.documents) == documents and again.report == report
            assert findings and len(findings) == len(documents)
        assert any(found for found in findings)


def test_a_worker_sends_digests_instead_of_documents_when_asked() -> None:
    """``read_digested``: for each document its digest (of it read in context, as the review
    makes it) and the rows of its single-document findings, as ``read_reviewed`` gives them; no
    document crosses (nor its JSON text), and the answer is smaller."""
    from jixiao.domain.review import load_profile
    from jixiao.domain.review.digest import Digest, digest_of

    profile = load_profile("tianjin")
    with Batch(Limits(workers=1)) as batch:
        for name, data in HONEST:
            reviewed = batch.read_reviewed(name, data, profile)
            documents, findings = list(reviewed.documents), reviewed.findings
            pickled = batch.read_digested(name, data, profile)
            assert pickled.digested(profile) == ([digest_of(d) for d in documents], findings)
            assert b"jixiao.domain.model" not in pickled.blob  # no document's model crossed
            assert all(type(d) is Digest for d in pickled.digested(profile).digests)
            assert len(pickled.blob) < len(batch.read_pickled(name, data, profile).blob)


def test_a_worker_that_cannot_review_sends_the_documents_to_digest_here() -> None:
    """A rule the worker does not have (see below): ``read_digested``'s answer is worked out by
    the caller from the documents the worker sent, the same as a worker's."""
    from jixiao.domain.review import RULES, load_profile
    from jixiao.domain.review.registry import Rule

    extra = Rule("CMP-98", "完整性", "info", "测试", "测试", "测试", "无", "无", ("target_table",), lambda d, c: ())  # fmt: skip
    name, data = HONEST[2]
    profile = load_profile("tianjin")
    with Batch(Limits(workers=1)) as batch:
        expected = batch.read_digested(name, data, profile).digested(profile)
        RULES[extra.code] = extra
        try:
            pickled = batch.read_digested(name, data, profile)
            unreviewed = pickle.loads(pickled.blob)  # the documents' texts, without findings
            assert unreviewed.texts and unreviewed.findings is None is unreviewed.digests
            assert pickled.digested(profile) == expected
        finally:
            del RULES[extra.code]


def test_a_rule_the_workers_do_not_have_leaves_the_review_to_the_caller() -> None:
    """A rule registered after the workers' server started (a plug-in, a test): the worker does
    not review (None), so the caller reviews with the whole catalogue."""
    from jixiao.domain.review import RULES, load_profile
    from jixiao.domain.review.registry import Rule

    extra = Rule("CMP-98", "完整性", "info", "测试", "测试", "测试", "无", "无", ("target_table",), lambda d, c: ())  # fmt: skip
    name, data = HONEST[2]
    with Batch(Limits(workers=1)) as batch:
        batch.read(name, data)  # the worker starts with the catalogue as it is
        RULES[extra.code] = extra
        try:
            documents, _report, findings, values, digests, cards = batch.read_reviewed(
                name, data, load_profile("tianjin")
            )
        finally:
            del RULES[extra.code]
        assert documents and values and cards and findings is None is digests
        assert batch.read_reviewed(name, data, load_profile("tianjin"))[2] is not None


def test_a_worker_identifies_the_documents_by_the_digest_it_is_sent() -> None:
    """``read_reviewed(…, sha256)``: the SHA-256 crosses with the file and the worker names the
    documents by it (the caller's digest of the bytes it sent; the worker does not hash them
    again); without one, by the file's own."""
    import hashlib

    from jixiao.domain.model import document_id
    from jixiao.domain.review import load_profile

    path = sorted(SEEDS.glob("*.txt"))[0]
    data, sent = path.read_bytes(), "cd" * 32
    with Batch(Limits(workers=1)) as batch:
        documents = batch.read_reviewed(path.name, data, load_profile("tianjin"), sent)[0]
        assert [d.id for d in documents] == [document_id(sent, i) for i in range(len(documents))]
        own = hashlib.sha256(data).hexdigest()
        documents = batch.read_reviewed(path.name, data, load_profile("tianjin"))[0]
        assert [d.id for d in documents] == [document_id(own, i) for i in range(len(documents))]

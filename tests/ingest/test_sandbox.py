"""The sandbox: untrusted files are read in a worker process with a CPU and memory budget."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile import CrashingReader, HungryReader, Patient, ruled_grid_pdf
from jixiao.ingest import READERS, ReadError, describe, read_bytes, register
from jixiao.ingest.sandbox import OVER_BUDGET, Limits, load, read_untrusted

OFFICE = Path(__file__).parent.parent / "data" / "office"
SMALL = Patient(seconds=1, memory_mb=512, workers=1, queue=0)


@pytest.fixture
def hostile_readers() -> Iterator[None]:
    readers = [register(HungryReader()), register(CrashingReader())]
    yield
    for reader in readers:
        READERS.remove(reader)


def _error(data: bytes, limits: Limits = SMALL, name: str = "hostile.pdf") -> ReadError:
    with pytest.raises(ReadError) as info:
        read_untrusted(name, data, limits)
    assert info.value.file == name
    return info.value


def test_documents_and_report_in_one_read_as_the_registry_gives_them() -> None:
    data = (OFFICE / "stacked.xlsx").read_bytes()
    documents, report = read_untrusted("stacked.xlsx", data, Limits())
    assert documents == read_bytes("stacked.xlsx", data)
    assert all(d.id for d in documents)
    assert report is not None and report.summary() == describe("stacked.xlsx", data).summary()


def test_a_reader_error_comes_back_as_it_was_raised() -> None:
    error = _error(b"\x89PNG\r\n\x1a\n" * 20, name="picture.png")
    assert "not a recognised" in error.message


def test_a_file_over_the_cpu_budget_is_refused_and_the_worker_killed() -> None:
    started = time.monotonic()
    error = _error(ruled_grid_pdf())
    assert error.message == OVER_BUDGET
    assert time.monotonic() - started < SMALL.deadline
    assert load() == (0, 0)


def test_a_reader_over_the_memory_budget(hostile_readers: None) -> None:
    assert OVER_BUDGET in _error(b"HUNGRY", name="hungry.txt").message


def test_a_crashing_reader_is_a_read_error(hostile_readers: None) -> None:
    assert "crashed" in _error(b"CRASH", name="crash.txt").message


def test_the_caller_giving_up_kills_the_worker() -> None:
    started = time.monotonic()
    with pytest.raises(ReadError, match="已取消"):
        read_untrusted(
            "grid.pdf", ruled_grid_pdf(), Limits(seconds=30), lambda: time.monotonic() > started + 1
        )
    assert time.monotonic() - started < 10


def test_files_beyond_the_workers_wait_and_beyond_the_queue_are_refused() -> None:
    """One worker, one place in the queue: the second file waits (排队中), the third is refused."""
    limits = Limits(seconds=30, workers=1, queue=1)
    done = threading.Event()
    errors: list[ReadError] = []

    def read() -> None:
        try:
            read_untrusted("grid.pdf", ruled_grid_pdf(), limits, done.is_set)
        except ReadError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.2)
    assert load() == (1, 1)
    with pytest.raises(ReadError, match="排队中的文件已满"):
        read_untrusted("third.pdf", ruled_grid_pdf(), limits)
    done.set()
    for thread in threads:
        thread.join()
    assert [e.message for e in errors] == ["已取消（客户端已断开）"] * 2
    assert load() == (0, 0)


def test_the_server_started_early_is_the_one_the_workers_come_from(tmp_path: Path) -> None:
    """``start`` starts the workers' server once (without waiting for it); the workers of
    the reads after it are forked from that server (their parent), none started again. In a
    fresh interpreter: this one's may be running already."""
    code = (
        "import os, sys\n"
        "from multiprocessing import forkserver\n"
        "from jixiao.ingest import sandbox\n"
        "if __name__ == '__main__':\n"
        "    sandbox.start()\n"
        "    server = forkserver._forkserver._forkserver_pid\n"
        "    sandbox.start()\n"
        "    assert forkserver._forkserver._forkserver_pid == server\n"
        "    with sandbox.Batch(sandbox.Limits(workers=1)) as batch:\n"
        "        try:\n"
        "            batch.read('a.txt', b'x')\n"
        "        except sandbox.ReadError:\n"
        "            pass\n"
        "        parent = open(f'/proc/{batch.pids[0]}/stat').read().rsplit(')', 1)[1].split()[1]\n"
        "    print(server == os.getpid() or server is None, int(parent) == server)\n"
    )
    script = tmp_path / "early.py"
    script.write_text(code)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "True"]

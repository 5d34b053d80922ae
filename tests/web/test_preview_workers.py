"""The import preview reads a batch's files with the sandbox's long-lived workers: no more worker
processes than ``JIXIAO_PARSE_WORKERS`` for 30 files, gone when the preview is done."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile import PidReader, reader_pid
from jixiao.demo import SEEDS
from jixiao.ingest import READERS, read_described, register
from jixiao.web import importing


@pytest.fixture
def pid_reader() -> Iterator[None]:
    reader = register(PidReader())
    yield
    READERS.remove(reader)


@pytest.mark.django_db
def test_thirty_files_are_read_by_at_most_the_workers(settings, pid_reader: None) -> None:
    settings.JIXIAO_PARSE_WORKERS = 2
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    uploads = [importing.Upload(f"{i}.txt", b"PID %d" % i) for i in range(27)]
    uploads[5:5] = [importing.Upload(p.name, p.read_bytes()) for p in seeds]  # honest ones
    preview = importing.preview(uploads)
    assert len(preview.files) == 30
    pids = {reader_pid(f.error) for f in preview.files if f.error}
    assert len(preview.errors) == 27
    assert 1 <= len(pids) <= 2, pids
    assert all(not Path(f"/proc/{pid}").exists() for pid in pids), "workers outlived the preview"
    honest = [f for f in preview.files if f.error is None]
    assert [f.name for f in honest] == [p.name for p in seeds]
    for result, path in zip(honest, seeds, strict=True):
        assert result.documents == read_described(path.name, path.read_bytes())[0]

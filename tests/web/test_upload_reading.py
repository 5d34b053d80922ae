"""An office file is read once per import: the confirm commits what the preview read.

The reads are counted where the sandbox hands a file to a worker process (``_Worker.read``,
wrapped to count and call through: the real reading runs)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from jixiao.demo import seed_paths
from jixiao.ingest import read_described, sandbox
from jixiao.web import actions, engines, importing, models, readings, untrusted

OFFICE = Path(__file__).parents[1] / "data" / "office"
FILES = [
    seed_paths()[2],
    OFFICE / "application.xlsx",
    OFFICE / "completion.docx",
    OFFICE / "self_evaluation.xlsx",
]


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the files the sandbox hands to its workers, in order."""
    sent: list[str] = []
    real = sandbox._Worker.read

    def counted(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        sent.append(name)
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(sandbox._Worker, "read", counted)
    return sent


def _files() -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(p.name, p.read_bytes()) for p in FILES]


def _upload(client_in) -> str:
    preview = client_in.post("/import/", {"files": _files()})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    token: str = preview.context["token"]
    assert token
    return token


STORED = (
    models.Department,
    models.ImportedFile,
    models.Project,
    models.Indicator,
    models.SelfEvaluation,
    models.Finding,
)


def _stored() -> list[list[str]]:
    """Every stored row of the records an import writes, each column's value (the stored JSON of
    documents and findings among them), without row ids and times, in a stable order."""
    return [
        sorted(
            repr(sorted((k, v) for k, v in row.items() if not _incidental(k, v)))
            for row in model.objects.values()
        )
        for model in STORED
    ]


def _incidental(column: str, value: object) -> bool:
    return column == "id" or column.endswith("_id") or isinstance(value, datetime)


def test_confirm_reads_no_file_again(client_in, reads) -> None:
    token = _upload(client_in)
    assert sorted(reads) == sorted(p.name for p in FILES)  # the preview read each file once
    kept = [json.loads(f.reading) for f in models.PendingFile.objects.all()]
    made = readings.stamp(engines.review_profile_of(()))
    assert all(k["findings"] is not None and k["stamp"] == made for k in kept)  # used again
    confirmed = client_in.post("/import/confirm/", {"token": token})
    assert confirmed.status_code == 302
    assert len(reads) == len(FILES)  # and the confirm none again
    assert models.ImportBatch.objects.get().files.count() == len(FILES)


def test_an_upload_stashed_without_its_reading_still_confirms(client_in, reads) -> None:
    token = _upload(client_in)
    models.PendingFile.objects.update(reading="")  # as older code stashed it
    confirmed = client_in.post("/import/confirm/", {"token": token})
    assert confirmed.status_code == 302
    assert len(reads) == 2 * len(FILES)  # read at the preview and again at the confirm
    assert models.ImportBatch.objects.get().files.count() == len(FILES)


def test_a_reading_that_no_longer_fits_is_read_again(client_in, reads) -> None:
    token = _upload(client_in)
    models.PendingFile.objects.update(reading='{"documents": [{"kind": "gone"}]}')
    assert client_in.post("/import/confirm/", {"token": token}).status_code == 302
    assert len(reads) == 2 * len(FILES)


def test_confirm_stores_what_a_direct_import_stores(client_in) -> None:
    with transaction.atomic():
        token = _upload(client_in)
        assert client_in.post("/import/confirm/", {"token": token}).status_code == 302
        confirmed = _stored()
        transaction.set_rollback(True)
    assert models.Project.objects.count() == 0
    uploads = [importing.Upload.from_path(p) for p in FILES]
    actions.import_batch(importing.preview(uploads), actions.Actor(None, "cli"))
    assert confirmed == _stored()
    assert all(confirmed)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_reading_comes_back_exactly(db, path: Path) -> None:
    documents, report = read_described(path.name, path.read_bytes())
    made = readings.stamp(engines.review_profile_of(()))
    reviewed = untrusted.Reviewed(documents, report, [[]] * len(documents))
    answer = readings.loads(readings.dumps(reviewed, made), made)
    assert answer is not None
    again, report_again, findings, values, digests, cards = answer.result()
    assert values is None is digests is cards  # a kept reading: made again by the preview
    assert repr(again) == repr(documents)  # Decimal exponents, dates and sources included
    assert report_again == report
    if (
        report is not None
    ):  # a set (``used``) has no order of its own: the rest, character by character
        assert report_again is not None and report_again.used == report.used
        assert repr(replace(report_again, used=set())) == repr(replace(report, used=set()))
    assert findings == [[]] * len(documents)
    unreviewed = untrusted.Reviewed(documents, report, [])
    assert readings.loads(readings.dumps(unreviewed, made), "other") is not None
    assert readings.loads(readings.dumps(unreviewed, made), "x").result()[2] is None


def test_a_read_error_comes_back_exactly() -> None:
    from jixiao.ingest import ReadError

    error = ReadError("a.xlsx", "无法读取", line=3, cell="B4", table="表1")
    answer = readings.loads(readings.dumps(error, ""), "")
    assert answer is not None
    with pytest.raises(ReadError) as raised:
        answer.result()
    assert str(raised.value) == str(error)
    assert (raised.value.line, raised.value.cell, raised.value.table) == (3, "B4", "表1")

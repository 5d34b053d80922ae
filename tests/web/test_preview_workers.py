"""The import preview reads a batch's files with the sandbox's long-lived workers: no more worker
processes than ``JIXIAO_PARSE_WORKERS`` for 30 files, gone when the preview is done."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile import PidReader, reader_pid
from jixiao.demo import SEEDS
from jixiao.domain.model import document_id
from jixiao.domain.review import finding_row
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
        assert list(result.documents) == read_described(path.name, path.read_bytes())[0]


@pytest.mark.django_db
@pytest.mark.parametrize("region", ["天津市", "深圳市"])
def test_the_findings_are_those_of_the_batch_reviewed_here(settings, region: str) -> None:
    """The workers review what they read by the single-document rules of the profile expected
    (the setting, else the default); the preview adds the cross-document ones. A batch whose
    documents call for another profile (深圳: shenzhen) is reviewed here instead. Either way the
    findings are those of the whole batch reviewed in this process."""
    from jixiao.web import engines

    settings.JIXIAO_PARSE_WORKERS = 2
    uploads = [
        importing.Upload(p.name, p.read_text(encoding="utf-8").replace("天津市", region).encode())
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    preview = importing.preview(uploads)
    assert not preview.errors
    assert preview.review_profile == ("tianjin" if region == "天津市" else "shenzhen")
    documents = [d for f in preview.files for d in f.documents]
    expected = engines.review_per_document(documents, preview.review_profile)
    assert [x for f in preview.files for x in f.findings] == [
        finding_row.rows(found, d.indicators) for d, found in zip(documents, expected, strict=True)
    ]
    assert any(f.rule == "APP-02" for found in expected for f in found)
    assert all(f.alone is not None for f in preview.files)  # reviewed by the workers


@pytest.mark.django_db
def test_a_kept_reading_previews_as_the_sandbox_reads(readings, member) -> None:
    """The fixtures' kept readings (tests/web/conftest.py ``readings``) give the preview the
    documents, findings and plans of its own reading, also once a new version of the review
    profile is in force (kept by profile: the workers review each file by its rules)."""
    import jixiao
    from jixiao.web import actions

    uploads = [importing.Upload.from_path(p) for p in sorted(SEEDS.glob("*.txt"))[1:3]]

    def same() -> list[list[list[finding_row.Row]]]:
        own, kept = importing.preview(uploads), importing.preview(uploads, read=readings)
        assert [list(f.documents) for f in kept.files] == [list(f.documents) for f in own.files]
        assert kept.cards == own.cards and kept.plans == own.plans
        assert [f.findings for f in kept.files] == [f.findings for f in own.files]
        assert kept.review_profile == own.review_profile == "tianjin"
        return [f.findings for f in kept.files]

    found = dict(
        m for per_file in same() for per_doc in per_file for m in finding_row.marks(per_doc)
    )
    text = (Path(jixiao.__file__).parent / "profiles" / "review" / "tianjin.toml").read_text(
        encoding="utf-8"
    )
    rule = next(r for r, level in sorted(found.items()) if level != "info" and r not in text)
    user = member("finance_reviewer")
    actions.save_profile(
        actions.Actor(user, "test"), "tianjin", f'{text}\n[rules.{rule}]\nseverity = "info"\n'
    )
    again = dict(
        m for per_file in same() for per_doc in per_file for m in finding_row.marks(per_doc)
    )
    assert again[rule] == "info"


@pytest.mark.django_db
def test_each_file_is_identified_by_the_digest_of_its_own_bytes() -> None:
    """The preview hashes each upload once (``Upload.sha256``, kept) and sends that digest with
    the file to its worker: every document's identity derives from the SHA-256 of the bytes of
    the file it was read from."""
    uploads = [importing.Upload.from_path(p) for p in sorted(SEEDS.glob("*.txt"))[:4]]
    assert uploads[0].sha256 is uploads[0].sha256  # worked out once
    preview = importing.preview(uploads)
    for upload, result in zip(uploads, preview.files, strict=True):
        own = hashlib.sha256(upload.data).hexdigest()
        assert result.sha256 == own
        assert [d.id for d in result.documents] == [
            document_id(own, i) for i in range(len(result.documents))
        ]
    assert sum(len(f.documents) for f in preview.files) > len(uploads)

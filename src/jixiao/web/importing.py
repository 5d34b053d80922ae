"""导入: read uploaded files into a preview, then commit a whole batch in one transaction.

The same service backs the upload page, ``POST /api/import``, ``jixiao import`` and the demo data.
Readers are reached only through :func:`jixiao.ingest.read_bytes` and
:func:`jixiao.ingest.describe` (what each file's reader recognised and skipped, for the preview);
files are identified by their SHA-256, so a file already imported is reported and never stored
twice.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import transaction

from jixiao.domain.model import Document, MonitoringReport
from jixiao.ingest import MAX_BYTES, ReadError
from jixiao.ingest.report import FileReport
from jixiao.web import engines, models, storage, untrusted
from jixiao.web.engines import Finding

__all__ = ["FileResult", "ImportRefused", "Preview", "Upload", "commit", "preview"]


@dataclass(frozen=True)
class Upload:
    """A file to import: its name and content."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @classmethod
    def from_stream(cls, name: str, stream: IO[bytes]) -> Upload:
        """Read at most one byte past the size limit, so an oversized file is refused cheaply."""
        return cls(name=name, data=stream.read(MAX_BYTES + 1))

    @classmethod
    def from_path(cls, path: Path, name: str | None = None) -> Upload:
        with path.open("rb") as stream:
            return cls.from_stream(name or path.name, stream)


@dataclass
class FileResult:
    """What one file holds: its documents, or the error that stops it, or its earlier import.

    ``report`` says what the reader recognised and skipped (None for readers without a report).
    """

    name: str
    sha256: str
    size: int
    documents: list[Document] = field(default_factory=list)
    error: ReadError | None = None
    duplicate_of: models.ImportedFile | None = None
    findings: list[list[Finding]] = field(default_factory=list)  # per document
    report: FileReport | None = None

    @property
    def importable(self) -> bool:
        return self.error is None and self.duplicate_of is None


@dataclass
class Preview:
    """The preview of a batch: nothing is written until :func:`commit`."""

    files: list[FileResult]

    @property
    def errors(self) -> list[ReadError]:
        return [f.error for f in self.files if f.error]

    @property
    def documents(self) -> list[Document]:
        return [d for f in self.files if f.importable for d in f.documents]

    @property
    def committable(self) -> bool:
        """True when no file has an error and at least one file is new."""
        return not self.errors and bool(self.documents)

    def summary(self) -> str:
        kinds = Counter(d.kind for d in self.documents)
        indicators = sum(len(d.indicators) for d in self.documents)
        findings = sum(len(x) for f in self.files if f.importable for x in f.findings)
        return (
            f"{len([f for f in self.files if f.importable])} files, "
            f"{kinds['target_table']} target tables, {kinds['self_evaluation']} self-evaluations, "
            f"{indicators} indicators, {findings} findings"
        )


class ImportRefused(Exception):
    """The batch cannot be committed; ``preview`` says why (errors, or nothing new)."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        reasons = [str(e) for e in preview.errors] or ["every file was imported before"]
        super().__init__("; ".join(reasons))


def preview(uploads: Iterable[Upload], progress: Callable[[str], None] | None = None) -> Preview:
    """Read every upload (without writing anything) and find the files imported before."""
    results = []
    seen: set[str] = set()
    for upload in uploads:
        if progress:
            progress(upload.name)
        results.append(_read(upload, seen))
    _review([r for r in results if r.importable])
    return Preview(files=results)


def _review(results: list[FileResult]) -> None:
    """Review the documents of all new files together and hand each file its findings."""
    documents = [d for r in results for d in r.documents]
    findings = iter(engines.review_per_document(documents))
    for result in results:
        result.findings = [next(findings) for _ in result.documents]


def _read(upload: Upload, seen: set[str]) -> FileResult:
    digest = upload.sha256
    result = FileResult(name=upload.name, sha256=digest, size=len(upload.data))
    result.duplicate_of = (
        models.ImportedFile.objects.select_related("batch").filter(sha256=digest).first()
    )
    if result.duplicate_of is None and digest in seen:
        result.error = ReadError(upload.name, "the same file is in this batch twice")
    seen.add(digest)
    if result.importable:
        try:
            documents, result.report = untrusted.read(upload.name, upload.data)
            result.documents = _storable(upload.name, documents)
        except ReadError as exc:
            result.error = exc
    return result


def _storable(name: str, documents: list[Document]) -> list[Document]:
    """The documents, if the web app can store them all (monitoring reports come in part 2)."""
    for document in documents:
        if isinstance(document, MonitoringReport):
            raise ReadError(
                name,
                "monitoring reports (绩效运行监控) cannot be stored yet",
                line=document.source.line,
            )
    return documents


def commit(batch_preview: Preview, *, user: object | None, via: str) -> models.ImportBatch:
    """Write the whole batch in one transaction; ImportRefused (and nothing written) otherwise."""
    if not batch_preview.committable:
        raise ImportRefused(batch_preview)
    with transaction.atomic():
        batch = models.ImportBatch.objects.create(
            user=user if getattr(user, "is_authenticated", False) else None,
            via=via,
            outcome=batch_preview.summary(),
        )
        for result in batch_preview.files:
            if result.importable:
                _store(result, batch)
    return batch


def _store(result: FileResult, batch: models.ImportBatch) -> None:
    models.ImportedFile.objects.create(
        batch=batch,
        name=result.name,
        sha256=result.sha256,
        size=result.size,
        documents=len(result.documents),
    )
    for document, findings in zip(result.documents, result.findings, strict=True):
        storage.save(document, batch, findings)

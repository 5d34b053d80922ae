"""导入: read uploaded files into a preview that says what committing them would do.

The same service backs the upload page, ``POST /api/import``, ``jixiao import`` and the demo data;
the batch is committed by :func:`jixiao.web.actions.import_batch`. Each document is planned as a
new record, a new version of a stored record (with the changes, field by field) or unchanged
(:mod:`jixiao.web.planning`).
Readers are reached only through :mod:`jixiao.web.untrusted` (the sandbox: the documents and
what the reader recognised and skipped, from one read in a worker process with a budget; the
files of a batch are read by the batch's long-lived workers, as many at once as the sandbox has);
files are identified by their SHA-256, so a file already imported is reported and never stored
twice.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from jixiao.domain.cards import Card, card
from jixiao.domain.model import Department, Document
from jixiao.domain.records import department_key
from jixiao.domain.review.digest import Digest
from jixiao.domain.review.finding_row import Row
from jixiao.domain.review.profile import Profile
from jixiao.domain.row_values import RowValues
from jixiao.ingest import MAX_BYTES, ReadError
from jixiao.ingest.report import FileReport
from jixiao.web import engines, models, storage, untrusted
from jixiao.web.directory import Directory
from jixiao.web.planning import Plan, plan

__all__ = [
    "FileResult",
    "ImportRefused",
    "Preview",
    "Reader",
    "Upload",
    "documents_at",
    "preview",
]

#: a reading of an upload started elsewhere (:mod:`jixiao.web.pipeline` reads the next batch's
#: files while one is written) or done before (the reading a pending upload kept,
#: :mod:`jixiao.web.readings`): the sandbox's answer for that upload, when it is done; None when
#: there is none (the preview reads the file itself)
Reader = Callable[["Upload"], "Future[untrusted.Reviewed] | None"]


@dataclass(frozen=True)
class Upload:
    """A file to import: its name and content."""

    name: str
    data: bytes

    @cached_property
    def sha256(self) -> str:
        """The content's SHA-256 (hex), worked out once: the preview looks up the files imported
        before by it, and the sandbox's worker that reads the file is given it."""
        return hashlib.sha256(self.data).hexdigest()

    @classmethod
    def from_stream(cls, name: str, stream: IO[bytes]) -> Upload:
        """Read at most one byte past the size limit, so an oversized file is refused cheaply."""
        return cls(name=name, data=stream.read(MAX_BYTES + 1))

    @classmethod
    def from_path(cls, path: Path, name: str | None = None) -> Upload:
        with path.open("rb") as stream:
            return cls.from_stream(name or path.name, stream)


def documents_at(results: Sequence[FileResult]) -> Callable[[int], Document]:
    """The document at a position of the batch ``results`` hold, made when asked for
    (:class:`~jixiao.ingest.answers.Documents`)."""
    at = [(r.documents, n) for r in results for n in range(len(r.cards))]
    return lambda position: at[position][0][at[position][1]]


@dataclass
class FileResult:
    """What one file holds: its documents (made when asked for, :class:`~jixiao.ingest.answers.
    Documents`) with their cards (what the import plans and counts of them,
    :mod:`jixiao.domain.cards`), or the error that stops it, or its earlier import."""

    name: str
    sha256: str
    size: int
    documents: Sequence[Document] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)  # per document
    error: ReadError | None = None
    duplicate_of: models.ImportedFile | None = None
    #: per document, its findings as the rows that store them (no finding model is made for
    #: them, :mod:`jixiao.domain.review.finding_row`; a page that shows them makes them)
    findings: list[list[Row]] = field(default_factory=list)
    #: per document, the rows of the findings of the single-document rules under the profile the
    #: batch was read for (the sandbox worker reviewed them as it read the file; see :func:`_review`)
    alone: list[list[Row]] | None = field(default=None, repr=False, compare=False)
    plans: list[Plan] = field(default_factory=list)  # per document
    #: per document, as the sandbox worker made them (None when it did not, see
    #: :class:`~jixiao.ingest.answers.Reviewed`): what the import stores of it (its row values,
    #: :mod:`jixiao.domain.row_values`) and its digest, which the review's cross-document rules
    #: read (:func:`_review`)
    values: list[RowValues | None] | None = field(default=None, repr=False, compare=False)
    digests: list[Digest] | None = field(default=None, repr=False, compare=False)
    #: the sandbox's answer as it came (None when the file was not read: imported before, or
    #: twice in the batch), kept for the confirm of a pending upload (:mod:`jixiao.web.readings`)
    reading: untrusted.Reviewed | ReadError | None = field(default=None, repr=False, compare=False)

    @property
    def importable(self) -> bool:
        return self.error is None and self.duplicate_of is None

    @property
    def report(self) -> FileReport | None:
        """What the reader recognised and skipped (None for readers without a report, or a file
        not read)."""
        reading = self.reading
        return reading.report if isinstance(reading, untrusted.Reviewed) else None


@dataclass
class Preview:
    """The preview of a batch: nothing is written until it is committed
    (:func:`jixiao.web.actions.import_batch`). ``review_profile`` made its findings;
    ``read_profile`` is the one the sandbox's workers reviewed each file by as they read it."""

    files: list[FileResult]
    review_profile: str = ""
    read_profile: str = ""

    @property
    def errors(self) -> list[ReadError]:
        return [f.error for f in self.files if f.error]

    @property
    def cards(self) -> list[Card]:
        return [c for f in self.files if f.importable for c in f.cards]

    @property
    def plans(self) -> list[Plan]:
        return [p for f in self.files if f.importable for p in f.plans]

    @property
    def new_departments(self) -> list[Department]:
        """The departments the import would create (将新建单位), each once, in file order."""
        new: dict[str, Department] = {}
        for each in self.cards:
            dept = storage.named(each.department)
            if department_key(dept) not in new and storage.find_department(dept) is None:
                new[department_key(dept)] = dept
        return list(new.values())

    @property
    def committable(self) -> bool:
        """True when no file has an error and some document is new or changed."""
        return not self.errors and any(p.status != "unchanged" for p in self.plans)

    def summary(self) -> str:
        kinds = Counter(c.kind for c in self.cards)
        status = Counter(p.status for p in self.plans)
        indicators = sum(c.indicators for c in self.cards)
        findings = sum(len(x) for f in self.files if f.importable for x in f.findings)
        return _(
            "%(files)s files: %(tables)s target tables, %(evaluations)s self-evaluations "
            "(%(new)s new, %(versions)s new versions, %(unchanged)s unchanged), "
            "%(indicators)s indicators, %(findings)s findings"
        ) % {
            "files": len([f for f in self.files if f.importable]),
            "tables": kinds["target_table"],
            "evaluations": kinds["self_evaluation"],
            "new": status["new"],
            "versions": status["version"],
            "unchanged": status["unchanged"],
            "indicators": indicators,
            "findings": findings,
        }


class ImportRefused(Exception):
    """The batch cannot be committed; ``preview`` says why (errors, or nothing new)."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        reasons = [str(e) for e in preview.errors] or [
            _("nothing new: every file or table was imported before")
        ]
        super().__init__("; ".join(reasons))


@engines.profiles_fixed()
def preview(
    uploads: Iterable[Upload],
    progress: Callable[[str], None] | None = None,
    *,
    read: Reader | None = None,
) -> Preview:
    """Read every upload (without writing anything) and find the files imported before.

    ``read`` gives the readings of uploads started earlier (the same sandbox reading, done ahead
    of time, or kept from an earlier preview: only what depends on the stored rows — files
    imported before, review, plan — is worked out here); without it (or where it gives None) the
    preview reads the files itself."""
    results = []
    seen: set[str] = set()
    expected = engines.review_profile_of(())  # the setting, else the default (see _review)
    with _kept() as settle:
        reviewing = (expected, engines.in_force(expected))
        for result in _read_all(uploads, seen, progress, reviewing, read):
            results.append(result)
            settle()
        profile = _review([r for r in results if r.importable], expected)
        _plan([r for r in results if r.importable])
    return Preview(files=results, review_profile=profile, read_profile=expected)


@contextmanager
def _kept() -> Iterator[Callable[[], None]]:
    """The documents of a batch live until it is committed: after each file they are moved out of
    the garbage collector's sight (``gc.freeze``), so that its collections do not scan every
    document read so far again and again (45% of the parse time of 5,000 tables held in memory);
    they are handed back to it at the end."""
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def _read_all(
    uploads: Iterable[Upload],
    seen: set[str],
    progress: Callable[[str], None] | None,
    profile: tuple[str, Profile],
    read: Reader | None = None,
) -> Iterator[FileResult]:
    """The result of each upload, in order. The files are read by the sandbox's workers for this
    batch (long-lived processes, as many as it has workers: one per core by default, each reading
    file after file), so a batch uses every core without a process per file; at most two files
    per worker are held at a time, so memory stays flat in the number of files. Each worker also
    reviews the documents it read by the single-document rules of ``profile`` (name, profile in
    force), so only the cross-document rules are left for this process. ``read``: the readings
    started ahead (:mod:`jixiao.web.pipeline`, with the same profile)."""
    pending: deque[tuple[FileResult, Upload, Future[untrusted.Reviewed] | None]] = deque()
    uploads = list(uploads)
    digests = [upload.sha256 for upload in uploads]
    before = _imported_before(digests)
    with (
        untrusted.batch() as sandbox,
        ThreadPoolExecutor(sandbox.limits.workers, thread_name_prefix="jixiao-read") as pool,
    ):
        for upload, digest in zip(uploads, digests, strict=True):
            if progress:
                progress(upload.name)
            result = _identify(upload, digest, seen, before)
            reading = None
            if result.importable:
                reading = read(upload) if read else None
                if reading is None:
                    reading = pool.submit(
                        sandbox.read_reviewed, upload.name, upload.data, profile[1], digest
                    )
            pending.append((result, upload, reading))
            if len(pending) > 2 * sandbox.limits.workers:
                yield _finish(*pending.popleft())
        while pending:
            yield _finish(*pending.popleft())


_CHUNK = 500  # files looked up per query


def _imported_before(digests: Sequence[str]) -> dict[str, models.ImportedFile]:
    """The stored files among ``digests``, by SHA-256 (one query per batch, not one per file)."""
    found: dict[str, models.ImportedFile] = {}
    for start in range(0, len(digests), _CHUNK):
        stored = models.ImportedFile.objects.select_related("batch").filter(
            sha256__in=digests[start : start + _CHUNK]
        )
        found.update((f.sha256, f) for f in stored)
    return found


def _identify(
    upload: Upload, digest: str, seen: set[str], before: dict[str, models.ImportedFile]
) -> FileResult:
    """The file's result before reading: its digest, and its earlier import or twin in the batch."""
    result = FileResult(name=upload.name, sha256=digest, size=len(upload.data))
    result.duplicate_of = before.get(digest)
    if result.duplicate_of is None and digest in seen:
        result.error = ReadError(upload.name, "the same file is in this batch twice")
    seen.add(digest)
    return result


def _finish(
    result: FileResult, upload: Upload, reading: Future[untrusted.Reviewed] | None
) -> FileResult:
    """``result`` with the documents and report of its reading (or the error that stopped it)."""
    if reading is None:
        return result
    try:
        result.reading = read = reading.result()
    except ReadError as exc:
        result.reading = result.error = exc
        return result
    result.alone = read.findings
    result.values, result.digests = read.values, read.digests
    cards = read.cards if read.cards is not None else [card(d) for d in read.documents]
    try:
        result.cards = _storable(upload.name, cards)
    except ReadError as exc:
        result.error = exc
    else:
        result.documents = read.documents
    return result


def _plan(results: list[FileResult]) -> None:
    """Plan every document of the batch, in order."""
    cards = [c for r in results for c in r.cards]
    plans = iter(plan(cards, documents_at(results), Directory(c.department for c in cards)))
    for result in results:
        result.plans = [next(plans) for _ in result.cards]


def _review(results: list[FileResult], expected: str) -> str:
    """Review the documents of all new files together, hand each file its findings, and say
    which review profile was used.

    The batch's profile depends on its documents (the setting, else the one they agree on, else
    the default); when it is the ``expected`` one the workers reviewed them by (the common case),
    their single-document findings (rows) are used and only the cross-document rules run here,
    on the digests the workers sent (when every file's came); else (another profile detected, or
    a worker could not review) the batch is reviewed here. The findings are the same either way,
    as rows (the documents are made here only when the digests are not all there)."""
    profile = engines.review_profile_of(c.profile for r in results for c in r.cards)
    alone = None
    if profile == expected and all(r.alone is not None for r in results):
        alone = [found for r in results for found in r.alone or ()]
    if alone is not None and all(r.digests is not None for r in results):
        digests = [digest for r in results for digest in r.digests or ()]
        rows = engines.review_digests(digests, profile, alone)
    else:
        rows = engines.review_rows([d for r in results for d in r.documents], profile, alone)
    findings = iter(rows)
    for result in results:
        result.findings = [next(findings) for _ in result.cards]
    return profile


def _storable(name: str, cards: list[Card]) -> list[Card]:
    """The documents' cards, if a batch can store them all (a monitoring report joins its
    approved project's record on that project's monitoring page,
    :mod:`jixiao.web.views.monitoring`)."""
    for each in cards:
        if each.kind == "monitoring":
            raise ReadError(
                name,
                _(
                    "monitoring reports (绩效运行监控) are imported on the monitoring page of the approved project"
                ),
                line=each.line,
            )
    return cards

"""一次读取: the sandbox's reading of an uploaded file, kept with it until the upload is confirmed.

The upload page reads each file once, for the preview; the pending upload keeps, with each file's
bytes, what that read gave (the documents, the reader's :class:`~jixiao.ingest.report.FileReport`
of what it recognised and skipped, or the :class:`~jixiao.ingest.ReadError` that stopped it, and
the findings of the single-document rules the reader's worker made, as the rows the import stores:
:mod:`jixiao.domain.review.finding_row`) as pydantic JSON of the domain models, so the confirm plans and reviews the very documents the preview showed without
reading the file again. The JSON is exact: amounts and scores are Decimal strings, dates ISO
dates, every source kept.

The single-document findings are used again only under the :func:`stamp` they were made under
(the review profile's name and content hash, and the catalogue of rules); under another one the
confirm reviews the documents itself (the findings are the same either way, see
:func:`jixiao.web.importing.preview`).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from jixiao.domain.model import Document
from jixiao.domain.review.finding_row import Row
from jixiao.domain.review.registry import RULES
from jixiao.ingest import ReadError
from jixiao.ingest.report import FileReport
from jixiao.web import engines, untrusted

__all__ = ["Reading", "dumps", "loads", "stamp"]


class _Error(BaseModel):
    """A :class:`ReadError`: the file, the message and where."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    message: str
    line: int | None = None
    cell: str | None = None
    table: str | None = None


class Reading(BaseModel):
    """What one read of a file gave: its documents and report, or its error.

    ``documents`` is empty when they are the report's (the common case: an office reader's
    documents are its report's, ``in_report``), so they are stored once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    documents: list[Document] = []
    in_report: bool = False
    report: FileReport | None = None
    findings: list[list[Row]] | None = None  # per document, by the single-document rules
    stamp: str = ""  # how ``findings`` were made (:func:`stamp`)
    error: _Error | None = None


_READING: TypeAdapter[Reading] = TypeAdapter(Reading)


def stamp(profile: str) -> str:
    """The review profile ``profile`` in force (name and content hash) and the rules' catalogue."""
    rules = hashlib.sha256(",".join(RULES).encode()).hexdigest()[:16]
    return f"{profile}:{engines.profile_hash(profile)}:{rules}"


def dumps(reviewed: untrusted.Reviewed | ReadError, made: str) -> str:
    """The JSON of a reading (``made``: the :func:`stamp` of its findings)."""
    if isinstance(reviewed, ReadError):
        error = _Error(
            file=reviewed.file,
            message=reviewed.message,
            line=reviewed.line,
            cell=reviewed.cell,
            table=reviewed.table,
        )
        return Reading(error=error).model_dump_json()
    documents, report, findings = list(reviewed.documents), reviewed.report, reviewed.findings
    shared = report is not None and _same(documents, report.documents)
    reading = Reading(
        documents=[] if shared else documents,
        in_report=shared,
        report=report,
        findings=findings,
        stamp=made if findings is not None else "",
    )
    return reading.model_dump_json()


def loads(text: str, made: str) -> Future[untrusted.Reviewed] | None:
    """The reading ``text`` holds, as the sandbox answers (a done future: the documents, report
    and findings, the findings None unless made under ``made``; or the ReadError); None when
    ``text`` no longer fits the domain models (kept by other code: the file is read again)."""
    try:
        reading = _READING.validate_json(text)
    except ValidationError:
        return None
    answer: Future[untrusted.Reviewed] = Future()
    if reading.error is not None:
        e = reading.error
        answer.set_exception(ReadError(e.file, e.message, line=e.line, cell=e.cell, table=e.table))
        return answer
    documents = reading.documents
    if reading.in_report and reading.report is not None:
        documents = list(reading.report.documents)
    findings = reading.findings if reading.stamp == made else None
    answer.set_result(untrusted.Reviewed(documents, reading.report, findings))
    return answer


def _same(documents: list[Document], others: list[Document]) -> bool:
    return len(documents) == len(others) and all(
        a is b for a, b in zip(documents, others, strict=True)
    )

"""A reader worker's answer (读取结果) for one file: what the sandbox's worker makes of it and how it crosses.

The sandbox (:mod:`jixiao.ingest.sandbox`) runs :func:`answered` in its worker process for each
file: the file is read (:func:`jixiao.ingest.read_described`) and, when the caller asks, its
documents reviewed by the single-document rules of a review profile; the answer is pickled there
into one bytes blob and crosses the pipe as it is. The caller gets it as :class:`Pickled` and
unpickles it where it is used: :meth:`Pickled.loads` gives the documents, the reader's report and
the findings as the plain rows the import stores (:data:`Reviewed`,
:mod:`jixiao.domain.review.finding_row`); :meth:`Pickled.digested` gives, for a caller that
stores nothing, each document's digest (what the cross-document rules read of it,
:mod:`jixiao.domain.review.digest`) with its finding rows (:class:`Digested`) — the worker sends
that instead of the documents when asked. A worker that cannot review (a rule it lacks, a
failure outside the rules) sends the documents without findings, and the caller reviews them.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from jixiao.domain.model import Document
from jixiao.domain.review import finding_row
from jixiao.domain.review.digest import Digest
from jixiao.domain.review.engine import review_alone, review_digested
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.registry import RULES
from jixiao.ingest import read_described
from jixiao.ingest.errors import ReadError
from jixiao.ingest.report import FileReport

__all__ = ["Digested", "Pickled", "Reviewed", "answered", "digested"]

#: a file's documents, its reader's report, and the findings of the single-document review rules
#: for each document (:func:`jixiao.domain.review.engine.review_alone`) as the rows that store
#: them (:func:`jixiao.domain.review.finding_row.rows`); None when the review failed in the
#: worker: the caller reviews those documents itself
Reviewed = tuple[list[Document], FileReport | None, list[list[finding_row.Row]] | None]

logger = logging.getLogger(__name__)


class Digested(NamedTuple):
    """A file's answer without its documents (:meth:`jixiao.ingest.sandbox.Batch.read_digested`):
    for each document its digest (what the cross-document rules read of it) and the rows of its
    findings by the single-document rules (no reader's report: it holds the documents)."""

    digests: list[Digest]
    findings: list[list[finding_row.Row]]


@dataclass(frozen=True)
class Pickled:
    """A worker's answer as it came back (:meth:`jixiao.ingest.sandbox.Batch.read_pickled`): one
    bytes blob, unpickled by :meth:`loads` in whichever thread uses it."""

    blob: bytes

    def loads(self) -> Reviewed:
        reviewed: Reviewed = pickle.loads(self.blob)
        return reviewed

    def digested(self, profile: Profile) -> Digested:
        """The :class:`Digested` answer of :meth:`jixiao.ingest.sandbox.Batch.read_digested`
        (for ``profile``); when the worker could not review (it sent the documents), worked out
        here."""
        answer: Digested | Reviewed = pickle.loads(self.blob)
        if isinstance(answer, Digested):
            return answer
        return digested(answer[0], profile)


def answered(
    name: str, data: bytes, review: tuple[Profile, tuple[str, ...]] | None, digests: bool = False
) -> bytes | ReadError:
    """The file's :data:`Reviewed` pickled into one blob (the findings when ``review`` asks for
    them; its :class:`Digested` instead when ``digests`` does too), or the error that stopped its
    reading. No findings (None) when the review itself fails (out of memory, a bug outside the
    rules: the caller reviews the documents; a failing rule gives its own internal finding, see
    the engine) or when the caller's catalogue of rules is not the one the worker has (a rule
    registered after the forkserver started)."""
    try:
        documents, report = read_described(name, data)
    except ReadError as exc:
        return exc
    profile = None if review is None or tuple(RULES) != review[1] else review[0]
    if profile is not None and digests:
        answer = _safely(lambda: digested(documents, profile), len(documents))
        if answer is not None:
            return pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
    findings = None
    if profile is not None:
        findings = _safely(lambda: _reviewed(documents, profile), len(documents))
    return pickle.dumps((documents, report, findings), pickle.HIGHEST_PROTOCOL)


_T = TypeVar("_T")


def _safely(work: Callable[[], _T], documents: int) -> _T | None:
    """What ``work`` (a review of that many documents) gives, or None when it fails."""
    try:
        return work()
    except Exception:
        logger.exception("review of %d documents failed in the reader process", documents)
        return None


def digested(documents: list[Document], profile: Profile) -> Digested:
    """The :class:`Digested` answer of a file read: each document's digest and its findings by
    the single-document rules of ``profile`` as rows
    (:func:`jixiao.domain.review.engine.review_digested`)."""
    pairs = review_digested(documents, profile)
    return Digested(
        [digest for digest, _ in pairs],
        [finding_row.rows(f, d.indicators) for d, (_, f) in zip(documents, pairs, strict=True)],
    )


def _reviewed(documents: list[Document], profile: Profile) -> list[list[finding_row.Row]]:
    """The single-document findings of ``documents`` as their rows."""
    found = review_alone(documents, profile)
    return [finding_row.rows(f, d.indicators) for d, f in zip(documents, found, strict=True)]

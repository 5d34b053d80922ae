"""A reader worker's answer (读取结果) for one file: what the sandbox's worker makes of it and how it crosses.

The sandbox (:mod:`jixiao.ingest.sandbox`) runs :func:`answered` in its worker process for each
file: the file is read (:func:`jixiao.ingest.read_described`) and, when the caller asks, its
documents reviewed by the single-document rules of a review profile; the answer is pickled there
into one bytes blob and crosses the pipe as it is. The caller gets it as :class:`Pickled` and
unpickles it where it is used: :meth:`Pickled.loads` gives the documents, the reader's report and
the findings as the plain rows the import stores (:class:`Reviewed`,
:mod:`jixiao.domain.review.finding_row`), with what the import stores and reviews of each document
as the worker made it: its row values (:mod:`jixiao.domain.row_values`, its JSON text among them),
its digest and its card (:mod:`jixiao.domain.cards`); :meth:`Pickled.digested` gives, for a caller that
stores nothing, each document's digest (what the cross-document rules read of it,
:mod:`jixiao.domain.review.digest`) with its finding rows (:class:`Digested`) — the worker sends
that instead of the documents when asked. A worker that cannot review (a rule it lacks, a
failure outside the rules) sends the documents without findings, and the caller reviews them.
What crosses is made cheap to pickle: the documents as their JSON text (:class:`_Texts`), made
models again only when asked for (:class:`Documents`), the digests and cards as plain tuples,
made named tuples again on arrival (:func:`_flat`, :func:`_digest`, :func:`_flat_card`,
:func:`_card`), the row values' amounts as whole numbers of millionths (plain ints, not
decimals pickled by reduction), pickled by one pickler kept for the worker (:class:`_Dumps`).
"""

from __future__ import annotations

import io
import logging
import operator
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar, overload

from pydantic import TypeAdapter

from jixiao.domain.cards import Card, card
from jixiao.domain.model import Department, Document, SelfEvaluation, TargetTable
from jixiao.domain.records import RecordKey
from jixiao.domain.review import finding_row
from jixiao.domain.review.digest import Digest, Row, Value
from jixiao.domain.review.engine import review_digested
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.registry import RULES
from jixiao.domain.row_values import RowValues, row_values
from jixiao.domain.targets import Direction
from jixiao.ingest import read_described
from jixiao.ingest.errors import ReadError
from jixiao.ingest.report import FileReport

__all__ = ["Digested", "Documents", "Pickled", "Reviewed", "answered", "digested"]

#: a digest as it crosses (:func:`_flat`): its values, each row and the row's values plain tuples
_FlatValue = tuple[Decimal | None, str | None, Direction | None, str]
_FlatRow = tuple[
    int, str, str, str | None, _FlatValue, _FlatValue | None, str, int | None, str | None
]
_FlatDigest = tuple[
    str | None, str | None, int | None, str | None, str, str,
    tuple[str, int | None, str | None], list[_FlatRow], int,
]  # fmt: skip

#: a card as it crosses (:func:`_flat_card`): its department and record key plain tuples
_FlatCard = tuple[
    str, tuple[str | None, str], tuple[Any, ...], str, str, int | None, int, str | None
]

logger = logging.getLogger(__name__)
_new = tuple.__new__
_DOCUMENT: TypeAdapter[Document] = TypeAdapter(Document)


class Reviewed(NamedTuple):
    """A file's documents, its reader's report, and the findings of the single-document review
    rules for each document (:func:`jixiao.domain.review.engine.review_alone`) as the rows that
    store them (:func:`jixiao.domain.review.engine.review_rows`); None when the review failed in
    the worker: the caller reviews those documents itself. With them, as the worker made them
    (None when the answer did not come from a worker; the digests None without findings): what
    the import stores of each document (its :class:`~jixiao.domain.row_values.RowValues`, its
    JSON text among them, its amounts and points as millionths — ``scaled``, for the bulk writer;
    None for a kind the import does not store, a monitoring report) and
    its digest (what the cross-document rules read of it, :mod:`jixiao.domain.review.digest`),
    and its card (what the import plans and counts of it, :mod:`jixiao.domain.cards`). A worker's
    documents are :class:`Documents`: made models only when asked for. ``sent``: the report as it
    came (without its documents when they are its own); :attr:`report` gives it with them."""

    documents: Sequence[Document]
    sent: FileReport | None
    findings: list[list[finding_row.Row]] | None
    values: list[RowValues | None] | None = None
    digests: list[Digest] | None = None
    cards: list[Card] | None = None

    @property
    def report(self) -> FileReport | None:
        """The reader's report, with its documents (made now when the worker sent them apart)."""
        if isinstance(self.documents, Documents) and self.documents.report is not None:
            self.documents.made()
        return self.sent


class Documents(Sequence[Document]):
    """A worker's documents as their JSON texts, made models again (validated by pydantic's core,
    as a stored document is read back, :func:`jixiao.web.storage.load`: the same values) the
    first time one is asked for — the import stores the texts and plans by the cards, so it makes
    them only for a page that shows them or a plan that compares a version with another.
    ``report``: the reader's report the worker sent without them (its own), given them back
    when they are made."""

    def __init__(self, texts: list[bytes], report: FileReport | None) -> None:
        self.texts = texts
        self.report = report
        self._made: list[Document] | None = None

    def made(self) -> list[Document]:
        """The documents, made once."""
        if self._made is None:
            self._made = [_DOCUMENT.validate_json(text) for text in self.texts]
            if self.report is not None:
                self.report.documents = self._made
        return self._made

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> list[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | list[Document]:
        return self.made()[index]

    def __iter__(self) -> Iterator[Document]:
        return iter(self.made())


class Digested(NamedTuple):
    """A file's answer without its documents (:meth:`jixiao.ingest.sandbox.Batch.read_digested`):
    for each document its digest (what the cross-document rules read of it) and the rows of its
    findings by the single-document rules (no reader's report: it holds the documents)."""

    digests: list[Digest]
    findings: list[list[finding_row.Row]]


class _Flat(NamedTuple):
    """:class:`Digested` as a worker sends it: each digest flat (:func:`_flat`)."""

    digests: list[_FlatDigest]
    findings: list[list[finding_row.Row]]


class _Texts(NamedTuple):
    """:class:`Reviewed` as a worker sends it: each document as its JSON text (pydantic's
    serializer writes it in one call, where pickle makes a Python call per model: ≈ a quarter less
    of the worker's CPU for them, and the import stores that very text), the report without the
    documents when they are its own (``shared``: given back to it on arrival), the digests flat
    and the row values and cards as plain tuples (made named tuples again on arrival)."""

    texts: list[bytes]
    report: FileReport | None
    shared: bool
    findings: list[list[finding_row.Row]] | None
    digests: list[_FlatDigest] | None
    values: list[tuple[Any, ...] | None]
    cards: list[_FlatCard]


@dataclass(frozen=True)
class Pickled:
    """A worker's answer as it came back (:meth:`jixiao.ingest.sandbox.Batch.read_pickled`): one
    bytes blob, unpickled by :meth:`loads` in whichever thread uses it."""

    blob: bytes

    def loads(self) -> Reviewed:
        return _reviewed(pickle.loads(self.blob))

    def digested(self, profile: Profile) -> Digested:
        """The :class:`Digested` answer of :meth:`jixiao.ingest.sandbox.Batch.read_digested`
        (for ``profile``); when the worker could not review (it sent the documents), worked out
        here."""
        answer: _Flat | _Texts = pickle.loads(self.blob)
        if isinstance(answer, _Flat):
            return Digested([_digest(d) for d in answer.digests], answer.findings)
        return digested(list(_reviewed(answer).documents), profile)


def answered(
    name: str,
    data: bytes,
    review: tuple[Profile, tuple[str, ...]] | None,
    digests: bool = False,
    sha256: str | None = None,
) -> bytes | ReadError:
    """The file's :data:`Reviewed` pickled into one blob (the findings when ``review`` asks for
    them; its :class:`Digested` instead when ``digests`` does too), or the error that stopped its
    reading. No findings (None) when the review itself fails (out of memory, a bug outside the
    rules: the caller reviews the documents; a failing rule gives its own internal finding, see
    the engine) or when the caller's catalogue of rules is not the one the worker has (a rule
    registered after the forkserver started). ``sha256``: the file's, when the caller sent it
    (the documents' identities derive from it, :func:`jixiao.ingest.identified`)."""
    try:
        documents, report = read_described(name, data, sha256)
    except ReadError as exc:
        return exc
    profile = None if review is None or tuple(RULES) != review[1] else review[0]
    answer = None
    if profile is not None:
        answer = _safely(lambda: digested(documents, profile), len(documents))
    if answer is None:
        return _dumps(_texts(documents, report, None))
    flat = [_flat(d) for d in answer.digests]
    if digests:
        return _dumps(_Flat(flat, answer.findings))
    return _dumps(_texts(documents, report, (answer.findings, flat)))


def _texts(
    documents: list[Document],
    report: FileReport | None,
    reviewed: tuple[list[list[finding_row.Row]], list[_FlatDigest]] | None,
) -> _Texts:
    """The :class:`_Texts` a worker sends of ``documents`` (``reviewed``: their findings and
    flat digests, when it reviewed them)."""
    texts = [d.__pydantic_serializer__.to_json(d) for d in documents]
    values = [
        (*row_values(d, text, scaled=True),)
        if isinstance(d, TargetTable | SelfEvaluation)
        else None
        for d, text in zip(documents, texts, strict=True)
    ]
    shared = report is not None and _same(report.documents, documents)
    if report is not None and shared:
        report = replace(report, documents=[])
    findings, flat = reviewed or (None, None)
    cards = [_flat_card(card(d)) for d in documents]
    return _Texts(texts, report, shared, findings, flat, values, cards)


def _same(these: list[Document], those: list[Document]) -> bool:
    return len(these) == len(those) and all(map(operator.is_, these, those))


def _reviewed(answer: _Texts) -> Reviewed:
    """The :class:`Reviewed` a worker sent as ``answer``: its documents made again from their
    JSON texts when asked for (:class:`Documents`)."""
    documents = Documents(answer.texts, answer.report if answer.shared else None)
    digests = None if answer.digests is None else [_digest(d) for d in answer.digests]
    values: list[RowValues | None] = [
        None if v is None else _new(RowValues, v) for v in answer.values
    ]
    cards = [_card(c) for c in answer.cards]
    return Reviewed(documents, answer.report, answer.findings, values, digests, cards)


class _Dumps:
    """``pickle.dumps`` (the same bytes) by one pickler kept for the process: its memo table
    keeps its size from file to file instead of growing again for each answer (≈ −10 % of the
    pickling). The memo is cleared after each answer, so no answer is held between files."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        self._pickler = pickle.Pickler(self._buffer, pickle.HIGHEST_PROTOCOL)
        self._lock = threading.Lock()  # one answer at a time (a worker has one thread)

    def __call__(self, answer: object) -> bytes:
        with self._lock:
            self._buffer.seek(0)
            self._buffer.truncate()
            try:
                self._pickler.dump(answer)
            finally:
                self._pickler.clear_memo()
            return self._buffer.getvalue()


_dumps = _Dumps()


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
    return Digested([digest for digest, _ in pairs], [rows for _, rows in pairs])


def _flat(digest: Digest) -> _FlatDigest:
    """``digest`` as it crosses: pickle writes a plain tuple by itself, but a named tuple by its
    reduction (a call, a new tuple, the class), which cost ≈ half the pickling of a file's
    digests and a Python ``__new__`` per tuple to unpickle; :func:`_digest` makes it again."""
    rows = [
        (position, level2, level3, described, (*target,), actual and (*actual,), file, line, cell)
        for position, level2, level3, described, target, actual, file, line, cell in digest.rows
    ]
    return (*digest[:7], rows, digest.indicators)


def _digest(flat: _FlatDigest) -> Digest:
    """The :class:`Digest` that :func:`_flat` made ``flat`` of (each named tuple made by
    ``tuple.__new__``, no Python ``__new__``)."""
    rows = tuple(
        [
            _new(Row, (p, l2, l3, d, _new(Value, t), a and _new(Value, a), f, line, cell))
            for p, l2, l3, d, t, a, f, line, cell in flat[7]
        ]
    )
    return _new(Digest, (*flat[:7], rows, flat[8]))


def _flat_card(card: Card) -> _FlatCard:
    """``card`` as it crosses: no model or dataclass (pickled by a Python call each, and named by
    their module in the blob); :func:`_card` makes it again."""
    department, key = card.department, card.key
    return (
        card.kind,
        (department.code, department.name),
        (key.kind, key.scope, key.department, key.year, key.name),
        *card[3:],
    )


def _card(flat: _FlatCard) -> Card:
    """The :class:`Card` that :func:`_flat_card` made ``flat`` of."""
    code, name = flat[1]
    department = Department.model_construct(code=code, name=name)
    return _new(Card, (flat[0], department, RecordKey(*flat[2]), *flat[3:]))

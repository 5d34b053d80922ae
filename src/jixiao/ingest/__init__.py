"""Readers: documents in → domain objects out, each element with its source (file, line/cell).

Readers register themselves in :data:`READERS`. A reader has a ``name``, a ``sniff(name, head)``
that says whether it recognises the start of a document, and a ``read(name, data)`` that returns
the documents in it or raises :class:`ReadError`. Callers use :func:`read_bytes` or
:func:`read_path` and never name a reader, so new formats plug in without touching them.

A reader may also have a ``report(name, data)`` returning a :class:`FileReport` (what it
recognised and skipped, and why: the import preview); :func:`describe` asks for it, and
:func:`read_described` gives the documents and the report of one read.

Whatever a reader raises comes out of the registry as a ReadError: an unexpected exception (a
parser library's IndexError on a damaged file, say) becomes one naming the file and the reader,
and its traceback is logged for developers (logger ``jixiao.ingest``). Untrusted files (uploads)
are read through :mod:`jixiao.ingest.sandbox`, in a worker process with a CPU and memory budget.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

from jixiao.domain.frozen import replaced
from jixiao.domain.model import Document, document_id
from jixiao.ingest.errors import OVER_BUDGET, ReadError
from jixiao.ingest.office import documents
from jixiao.ingest.report import FileReport
from jixiao.ingest.text import blank

__all__ = [
    "READERS",
    "ReadError",
    "Reader",
    "Reporting",
    "describe",
    "read_bytes",
    "read_described",
    "read_path",
    "register",
]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

#: the largest document a reader accepts (bytes); larger uploads are refused before parsing
MAX_BYTES = 50 * 1024 * 1024


class Reader(Protocol):
    name: str

    def sniff(self, name: str, head: bytes) -> bool: ...

    def read(self, name: str, data: bytes) -> list[Document]: ...


@runtime_checkable
class Reporting(Protocol):
    """The optional part of a reader: what it recognised in a file and what it skipped."""

    def report(self, name: str, data: bytes) -> FileReport: ...


READERS: list[Reader] = []


def register(reader: Reader) -> Reader:
    READERS.append(reader)
    return reader


def read_bytes(name: str, data: bytes) -> list[Document]:
    """The documents in ``data`` (a file called ``name``). ReadError when none can be read.

    Each document gets its identity (:func:`~jixiao.domain.model.document_id`: the file's SHA-256
    and its position in the file) unless the reader already gave it one (interchange JSON).
    """
    return _read(_reader_for(name, data), name, data)


def _read(reader: Reader, name: str, data: bytes, sha256: str | None = None) -> list[Document]:
    documents = _guarded(reader, name, lambda: reader.read(name, data))
    if not documents:
        raise ReadError(name, f"no table found ({reader.name})")
    return identified(documents, data, sha256)


def identified(documents: list[Document], data: bytes, sha256: str | None = None) -> list[Document]:
    """The documents read from ``data``, each with its identity (kept where it has one).
    ``sha256``: the SHA-256 (hex) of ``data`` when the caller has it already (the importing
    process sends it with the file to the sandbox's worker), else ``data`` is hashed here."""
    digest = sha256 or hashlib.sha256(data).hexdigest()
    return [
        d if d.id else replaced(d, "id", document_id(digest, i)) for i, d in enumerate(documents)
    ]


def describe(name: str, data: bytes) -> FileReport | None:
    """What the reader of ``data`` recognised and skipped, or None if its reader gives no report.

    ReadError as :func:`read_bytes` when no reader recognises the file or the file is broken.
    """
    reader = _reader_for(name, data)
    if not isinstance(reader, Reporting):
        return None
    return _described(reader, name, data)


def read_described(
    name: str, data: bytes, sha256: str | None = None
) -> tuple[list[Document], FileReport | None]:
    """The documents of ``data`` and its reader's report (None without one), from one read
    (``sha256``: of ``data``, when known, as :func:`identified` takes it).

    ReadError as :func:`read_bytes`; for a reporting reader, one naming what the file holds
    instead when it has no document.
    """
    reader = _reader_for(name, data)
    if not isinstance(reader, Reporting):
        return _read(reader, name, data, sha256), None  # the reader found once
    report = _described(reader, name, data, sha256)
    return documents(report), report


def _described(reader: Reporting, name: str, data: bytes, sha256: str | None = None) -> FileReport:
    report = _guarded(reader, name, lambda: reader.report(name, data))
    report.documents = identified(report.documents, data, sha256)
    return report


def _guarded(reader: object, name: str, read: Callable[[], _T]) -> _T:
    """``read()``; any exception but a ReadError becomes one naming the file and the reader."""
    label = getattr(reader, "name", type(reader).__name__)
    try:
        return read()
    except ReadError:
        raise
    except MemoryError as exc:
        raise ReadError(name, f"{OVER_BUDGET} (out of memory, {label})") from exc
    except RecursionError as exc:
        raise ReadError(name, f"the file is nested too deeply to be read ({label})") from exc
    except Exception as exc:
        _log.exception("%s: unexpected error in the reader %s", name, label)
        raise ReadError(
            name,
            f"the file is damaged or not as the {label} reader expects "
            f"({type(exc).__name__}: {str(exc)[:100]})",
        ) from exc


def _reader_for(name: str, data: bytes) -> Reader:
    """The first reader that recognises ``data``; ReadError when it is empty, too big or unknown."""
    if blank(data):
        raise ReadError(name, "the file is empty")
    if len(data) > MAX_BYTES:
        raise ReadError(name, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    head = data[:65536]
    for reader in READERS:
        if reader.sniff(name, head):
            return reader
    raise ReadError(name, "not a recognised performance table (target table or self-evaluation)")


def read_path(path: str | Path) -> list[Document]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(str(path), f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), exc.strerror or str(exc)) from exc
    return read_bytes(str(path), data)


def _register_builtin() -> None:
    from jixiao.ingest import (
        csv_,
        doc,
        docx,
        interchange_json,
        pdf,
        seed_self_evaluation,
        seed_target_tables,
        xls,
        xlsx,
    )

    register(csv_.READER)
    register(interchange_json.READER)
    register(seed_target_tables.READER)
    register(seed_self_evaluation.READER)
    for office in (xlsx, xls, docx, doc, pdf):
        register(office.READER)


_register_builtin()

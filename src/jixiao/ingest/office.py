"""What every office reader shares: the documents of a report, or a ReadError saying why none;
the exceptions parser libraries raise on damaged files, turned into ReadErrors naming the place."""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from jixiao.domain.model import Document
from jixiao.ingest.errors import ReadError
from jixiao.ingest.report import FileReport

_log = logging.getLogger(__name__)
_SHOWN = 10  # skipped tables named in the error

#: what parser libraries (openpyxl, xlrd, python-docx, lxml, pdfminer) raise on a damaged file
DAMAGED: tuple[type[Exception], ...] = (
    ArithmeticError, AssertionError, AttributeError, EOFError, LookupError, RuntimeError,
    SyntaxError, TypeError, ValueError, struct.error, zipfile.BadZipFile, zlib.error,
)  # fmt: skip


def documents(report: FileReport) -> list[Document]:
    """The documents of ``report``; ReadError naming each table found instead (up to ten) and why
    it was skipped, when there are none."""
    if report.documents:
        return list(report.documents)
    reasons = [f"{s.where} 「{s.text[:20]}」: {s.reason}" for s in report.skipped[:_SHOWN]]
    if len(report.skipped) > _SHOWN:
        reasons.append(f"and {len(report.skipped) - _SHOWN} more")
    found = "; ".join(reasons) or "the file has no tables"
    raise ReadError(report.file, f"no supported performance table ({found})")


@contextmanager
def damaged(
    name: str, what: str, *more: type[Exception], table: str | None = None
) -> Iterator[None]:
    """Around a parser library's work on ``what`` (a part, sheet, table or page): what it raises
    on a damaged file (:data:`DAMAGED` and ``more``) becomes a ReadError naming ``what``."""
    try:
        yield
    except ReadError:
        raise
    except (*DAMAGED, *more) as exc:
        _log.debug("%s: %s is damaged", name, what, exc_info=True)
        detail = f"{type(exc).__name__}: {str(exc)[:80]}" if str(exc) else type(exc).__name__
        raise ReadError(name, f"{what} is damaged or truncated ({detail})", table=table) from exc

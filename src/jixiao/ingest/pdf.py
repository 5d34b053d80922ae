"""PDF files: ruled tables extracted with pdfplumber; pages without one are read as text lines.

A table that continues at the top of the next page (same number of columns) is joined to the
one before, so a form broken by a page (with or without its header repeated) is read as one.
Addresses are ``page 3 row 4 cell 2`` (the row within the page's table; ``page 3 table 2 row 4
cell 2`` for a second table on a page); text lines are ``page 3 line 7``.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from jixiao.domain.model import Document
from jixiao.ingest.build import read_grids
from jixiao.ingest.errors import ReadError
from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.normalise import display
from jixiao.ingest.office import damaged, documents
from jixiao.ingest.pdf_inflate import install as _linear_inflate
from jixiao.ingest.report import FileReport
from jixiao.ingest.safety import MAX_PAGES, check_pdf_streams, check_rows

_COLUMNS = re.compile(r"\s{2,}")
_ENUMERATED = re.compile(r"^\s*(?:\d{1,2}[.、．)）]|[（(]\d{1,2}[)）]|[①-⑳])")
_SENTENCE_END = ("。", "；", ";")


#: what pdfminer and pdfplumber raise on a damaged PDF (MalformedPDFException: a page's box
#: with a coordinate that is no number)
_PDFMINER = (PDFException, PSException, PdfminerException, MalformedPDFException)
_linear_inflate()  # pdfminer's retry of a damaged stream is quadratic (pdf_inflate.py)


class PdfReader:
    name = "PDF"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.lstrip().startswith(b"%PDF")

    def read(self, name: str, data: bytes) -> list[Document]:
        return documents(report(name, data))

    def report(self, name: str, data: bytes) -> FileReport:
        return report(name, data)


def report(name: str, data: bytes) -> FileReport:
    return read_grids(name, PdfReader.name, grids(name, data))


def grids(name: str, data: bytes) -> list[Grid]:
    check_pdf_streams(name, data)
    try:
        with damaged(name, "the PDF", *_PDFMINER), pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = list(pdf.pages)
            if len(pages) > MAX_PAGES:
                raise ReadError(name, f"the PDF has {len(pages)} pages (more than {MAX_PAGES})")
            return _grids(name, pages)
    except ReadError as error:
        if _password(error):
            raise ReadError(name, "the PDF is password-protected") from error
        raise


def _password(error: ReadError) -> bool:
    """True when pdfminer (perhaps wrapped by pdfplumber) refused the PDF for its password."""
    cause = error.__cause__
    inner = cause.args[0] if isinstance(cause, PdfminerException) and cause.args else cause
    return isinstance(inner, PDFPasswordIncorrect)


def _grids(name: str, pages: list[Any]) -> list[Grid]:
    grids: list[Grid] = []
    previous = 0  # the page the last grid's rows come from
    for number, page in enumerate(pages, start=1):
        with damaged(name, f"page {number}", *_PDFMINER):
            tables = [(t.extract(), _above(page, t.bbox)) for t in page.find_tables()]
            text = "" if tables else page.extract_text(layout=True) or ""
        if not tables:
            grids.append(_text_grid(number, text))
        for index, (cells, above) in enumerate(tables):
            where = f"page {number}" + (f" table {index + 1}" if index else "")
            rows = [_row(where, r, row) for r, row in enumerate(cells, start=1)]
            last = grids[-1] if grids else None
            continued = index == 0 and previous == number - 1
            if continued and last is not None and last.rows and rows:
                continued = len(last.rows[0]) == len(rows[0])
            if continued and last is not None:
                last.rows.extend(rows)
            else:
                grids.append(Grid(where, rows, above))
            previous = number
            check_rows(name, grids[-1].name, len(grids[-1].rows))
    return grids


def _above(page: Any, bbox: tuple[float, float, float, float]) -> tuple[str, ...]:
    """The text lines above a table on its page (the form's title), nearest last."""
    if bbox[1] <= 1:
        return ()
    text = page.crop((0, 0, page.width, bbox[1])).extract_text() or ""
    return tuple(line.strip() for line in text.splitlines() if line.strip())[-3:]


def _row(where: str, r: int, values: list[str | None]) -> list[Cell]:
    return [
        Cell(unwrap(display(value)), f"{where} row {r} cell {c}", value)
        for c, value in enumerate(values, start=1)
    ]


def unwrap(text: str) -> str:
    """A cell's text with the lines the PDF wrapped joined again: a line break is kept only
    before an enumerator (``2.``, ``（2）``, ``②``) or after a sentence end (``。；;``)."""
    lines = text.split("\n")
    joined = lines[0]
    for line in lines[1:]:
        keep = _ENUMERATED.match(line) or joined.endswith(_SENTENCE_END)
        joined += ("\n" if keep else "") + line
    return joined


def _text_grid(page: int, text: str) -> Grid:
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        parts = [p for p in _COLUMNS.split(line.strip()) if p]
        rows.append([Cell(p, f"page {page} line {n} part {i}", p) for i, p in enumerate(parts, 1)])
    width = max((len(r) for r in rows), default=0)
    for n, row in enumerate(rows, start=1):
        row.extend(
            Cell("", f"page {page} line {n} part {i}") for i in range(len(row) + 1, width + 1)
        )
    return Grid(f"page {page}", rows)


READER = PdfReader()

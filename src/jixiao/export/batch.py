"""Batch export: many documents in one file, with progress.

``xlsx`` is one workbook with a sheet per document, ``docx`` one document with a page break
(a new section) per document, ``pdf`` a zip of one PDF per document (LibreOffice converts them
in one run); JSON and CSV are single files anyway. ``progress(done, total)`` is called as each
document is laid out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from jixiao.domain.model import Document
from jixiao.export import WRITERS, docx_, pdf, write

Progress = Callable[[int, int], None]
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def suffix(format: str) -> str:
    """The file suffix of a batch in ``format`` (``.zip`` for PDF: one file per document)."""
    return ".zip" if format == "pdf" else WRITERS[format].suffix


def media_type(format: str) -> str:
    return "application/zip" if format == "pdf" else WRITERS[format].media_type


def export(documents: Sequence[Document], format: str, progress: Progress | None = None) -> bytes:
    """The batch file of ``documents`` in ``format``."""
    tracked = Tracked(documents, progress)
    if format == "pdf":
        return pdf_zip(tracked)
    return write(tracked, format)


def pdf_zip(documents: Sequence[Document]) -> bytes:
    """A zip of one PDF per document, named ``001-项目名称.pdf``."""
    names = [f"{i:03d}-{file_stem(d)}.docx" for i, d in enumerate(documents, start=1)]
    files = {name: docx_.write([d]) for name, d in zip(names, documents, strict=True)}
    converted = pdf.convert(files) if files else {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            stem = name.removesuffix(".docx")
            archive.writestr(f"{stem}.pdf", converted[f"{stem}.pdf"])
    return out.getvalue()


def file_stem(document: Document) -> str:
    """A file name for ``document``: its project (or title), without characters files refuse."""
    project = document.project.name if document.project is not None else ""
    return _UNSAFE.sub("_", project or document.title or "document")[:60]


class Tracked(Sequence[Document]):
    """``documents`` that report progress as a writer walks through them."""

    def __init__(self, documents: Sequence[Document], progress: Progress | None) -> None:
        self.documents = documents
        self.progress = progress

    def __len__(self) -> int:
        return len(self.documents)

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | Sequence[Document]:
        return self.documents[index]

    def __iter__(self) -> Iterator[Document]:
        for done, document in enumerate(self.documents, start=1):
            yield document
            if self.progress is not None:
                self.progress(done, len(self.documents))

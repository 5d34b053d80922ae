"""Writers: domain documents in → official documents out (JSON, CSV, .xlsx, .docx, PDF).

The mirror of :mod:`jixiao.ingest`. Writers register themselves in :data:`WRITERS` under their
format name; callers use :func:`write` and never name a writer. Every writer's output is read
back by jixiao's own readers into the same documents (docs/export.md says which fields each
format cannot carry).
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.domain.model import Document
from jixiao.export.writer import DocumentWriter, Writer, pick

__all__ = ["FORMATS", "WRITERS", "Writer", "register", "write"]


WRITERS: dict[str, DocumentWriter] = {}


def register(writer: DocumentWriter) -> DocumentWriter:
    WRITERS[writer.name] = writer
    return writer


def write(documents: Sequence[Document], format: str) -> bytes:
    """The file of ``documents`` in ``format`` (one of :data:`FORMATS`); ValueError if unknown."""
    return pick(WRITERS, format, "export").write(documents)


def _register_builtin() -> None:
    from jixiao.export import csv_, docx_, json_, pdf, xlsx

    for module in (json_, csv_, xlsx, docx_, pdf):
        register(module.WRITER)


_register_builtin()
FORMATS = tuple(WRITERS)

"""Interchange JSON (UTF-8, Chinese as is, never ``\\uXXXX``): what ``jixiao parse`` prints."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.domain import interchange
from jixiao.domain.model import Document
from jixiao.export.writer import Writer


def write(documents: Sequence[Document]) -> bytes:
    return interchange.dumps(documents).encode("utf-8")


WRITER = Writer("json", ".json", "application/json; charset=utf-8", write)

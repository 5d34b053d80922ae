"""Reader for the interchange JSON (what ``jixiao parse`` prints), so it can be read back.

``{"format": "jixiao-interchange", "version": "1", "documents": [...]}`` becomes the same
documents, with the identities (文档标识) they carry. Any JSON object is claimed by this reader, so
a JSON file that is not interchange JSON gets a clear error instead of "not recognised".
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from jixiao.domain import interchange
from jixiao.domain.model import Document
from jixiao.ingest.errors import ReadError
from jixiao.ingest.text import decode, sniff_text


class InterchangeReader:
    name = "interchange JSON"

    def sniff(self, name: str, head: bytes) -> bool:
        return sniff_text(head).lstrip().startswith("{")

    def read(self, name: str, data: bytes) -> list[Document]:
        text = decode(name, data)
        try:
            envelope = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReadError(name, f"not valid JSON: {exc.msg}", line=exc.lineno) from exc
        if not isinstance(envelope, dict) or envelope.get("format") != "jixiao-interchange":
            raise ReadError(name, 'not interchange JSON (no "format": "jixiao-interchange")')
        try:
            return list(interchange.loads(text))
        except ValidationError as exc:
            raise ReadError(name, _first_error(exc)) from exc


def _first_error(exc: ValidationError) -> str:
    """The first problem of the document, named by its path (documents.0.indicators.2.target)."""
    error = exc.errors()[0]
    path = ".".join(str(part) for part in error["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{path}: {error['msg']}{more}"


READER = InterchangeReader()

"""The interchange format: a versioned JSON envelope around a list of documents.

``{"format": "jixiao-interchange", "version": "1", "documents": [...]}``. The JSON Schema is
generated from the model (:func:`json_schema`) and checked into ``src/jixiao/schema/``; a test
fails when the checked-in copy is stale (regenerate with ``jixiao schema --write``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter

from jixiao.domain.model import Document, Record

VERSION: Literal["1"] = "1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / f"interchange-v{VERSION}.json"


class Interchange(Record):
    """What ``jixiao parse`` prints and what every reader and writer exchanges."""

    format: Literal["jixiao-interchange"] = "jixiao-interchange"
    version: Literal["1"] = VERSION
    documents: tuple[Document, ...]


_DOCUMENTS: TypeAdapter[tuple[Document, ...]] = TypeAdapter(tuple[Document, ...])


def dumps(documents: Iterable[Document], *, indent: int | None = 2) -> str:
    """The interchange JSON of these documents (decimals as strings, nulls kept)."""
    return Interchange(documents=tuple(documents)).model_dump_json(indent=indent)


def loads(text: str | bytes) -> tuple[Document, ...]:
    """Read interchange JSON back into documents (validating it against the model)."""
    return Interchange.model_validate_json(text).documents


def json_schema() -> dict[str, Any]:
    schema = Interchange.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://jixiao.dev/schema/interchange-v{VERSION}.json"
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

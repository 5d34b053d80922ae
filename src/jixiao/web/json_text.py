"""JSON 列的存储文本: the text every JSON column of the models stores.

Compact UTF-8 JSON — no spaces after ``,`` and ``:``, characters outside ASCII written as they are
(``{"名称":"培训"}``), not Django's default ``json.dumps`` (``{"名称": "培训"}`` with every
Chinese character escaped as ``\\uXXXX``). The values are the same; a Chinese document's text is
about half as long and cheaper to write, and the bulk import writes the same text straight from a
domain object's serializer (pydantic's ``to_json``, :func:`dumps`), so the ORM and the bulk paths
store the same bytes (``tests/web/test_bulk_copy.py``).

Reading does not depend on the text's form: rows written before (escaped, with spaces) read back
the same values. On PostgreSQL the columns are ``jsonb``, which keeps the value, not the text.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

__all__ = ["Encoder", "dumps"]


class Encoder(json.JSONEncoder):
    """Django's ``JSONField(encoder=…)``: ``json.dumps`` then writes compact UTF-8 text."""

    def __init__(self, **options: Any) -> None:
        options.update(ensure_ascii=False, separators=(",", ":"))
        super().__init__(**options)


_encode = Encoder().encode


def dumps(value: Any) -> str:
    """The text a JSON column with :class:`Encoder` stores for ``value``: a domain object as its
    ``model_dump(mode="json")`` would be stored (its serializer's JSON, the same text), anything
    else through :class:`Encoder`."""
    if isinstance(value, BaseModel):
        return value.__pydantic_serializer__.to_json(value).decode()
    return _encode(value)

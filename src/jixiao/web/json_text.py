"""JSON 列的存储文本: the text every JSON column of the models stores.

Compact UTF-8 JSON — no spaces after ``,`` and ``:``, characters outside ASCII written as they are
(``{"名称":"培训"}``), not Django's default ``json.dumps`` (``{"名称": "培训"}`` with every
Chinese character escaped as ``\\uXXXX``). The values are the same; a Chinese document's text is
about half as long and cheaper to write, and the bulk import writes the same text straight from a
domain object's serializer (pydantic's ``to_json``, :func:`dumps`), so the ORM and the bulk paths
store the same bytes (``tests/web/test_bulk_copy.py``).

Reading does not depend on the text's form: rows written before (escaped, with spaces) read back
the same values. On PostgreSQL most columns are ``jsonb``, which keeps the value, not the text;
the columns written once and read whole are ``json`` (:mod:`jixiao.web.document_column`), which
keeps the text.
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from pydantic import BaseModel

__all__ = ["Encoder", "dumps", "encoded"]


class Encoder(json.JSONEncoder):
    """Django's ``JSONField(encoder=…)``: ``json.dumps`` then writes compact UTF-8 text."""

    def __init__(self, **options: Any) -> None:
        options.update(ensure_ascii=False, separators=(",", ":"))
        super().__init__(**options)


_ENCODER = Encoder()
#: :class:`Encoder`'s C encoder, made once: ``JSONEncoder.encode`` makes it again for every value
#: (≈ 2.5 of ≈ 4 µs for a finding's ``data``, ≈ 45,000 values per 5,000 tables). The same text;
#: made without the circular-reference check (a value that contains itself is no JSON of ours)
_chunks = c_make_encoder(
    None,
    _ENCODER.default,
    encode_basestring,
    _ENCODER.indent,
    _ENCODER.key_separator,
    _ENCODER.item_separator,
    _ENCODER.sort_keys,
    _ENCODER.skipkeys,
    _ENCODER.allow_nan,
)


def dumps(value: Any) -> str:
    """The text a JSON column with :class:`Encoder` stores for ``value``: a domain object as its
    ``model_dump(mode="json")`` would be stored (its serializer's JSON, the same text), bytes as
    the UTF-8 of that text made already (:func:`encoded`'s: no JSON value is bytes), anything
    else through :class:`Encoder`."""
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, BaseModel):
        return value.__pydantic_serializer__.to_json(value).decode()
    return "".join(_chunks(value, 0))


def encoded(value: Any) -> bytes:
    """:func:`dumps` as UTF-8 bytes (what a client sends of it): a domain object's straight from
    its serializer, not decoded to text to be encoded again (≈ 2 µs of ≈ 14 µs per KB of a
    document's JSON; 44 MB of documents per 5,000 tables); bytes, the text made already, as they
    are."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, BaseModel):
        return value.__pydantic_serializer__.to_json(value)
    return "".join(_chunks(value, 0)).encode()

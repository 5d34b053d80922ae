"""A file's text decoded once when its head is the whole file (jixiao.ingest.text)."""

from __future__ import annotations

import codecs

import pytest

from jixiao.ingest.errors import ReadError
from jixiao.ingest.text import _GARBAGE, blank, decode, readable, sniff_text

_TEXT = "[bookmark: _Toc1]1.2025年项目支出绩效目标表\n\t项目名称\r\n\t数据中心运维 ≥95%\n"
_LONG = "一" * 30_000  # 90,000 bytes in UTF-8: longer than a sniffed head


@pytest.mark.parametrize(
    "data",
    [
        _TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + _TEXT.encode("utf-8"),
        _TEXT.encode("gb18030"),
        (_TEXT + _LONG).encode("utf-8"),
        (_TEXT + _LONG).encode("gb18030"),
        _TEXT.encode("utf-8") + "一".encode()[:2],  # cut in a character
        _TEXT.encode("utf-8") + b"\xff\xff",  # neither UTF-8 nor GB18030
    ],
    ids=["utf-8", "bom", "gb18030", "long-utf-8", "long-gb18030", "cut", "undecodable"],
)
def test_a_file_sniffed_first_decodes_as_one_never_sniffed(data: bytes) -> None:
    fresh = _decoded(bytes(bytearray(data)))  # another object: never sniffed
    head = data[:65536]
    sniff_text(head)
    assert _decoded(data) == fresh
    assert "\r" not in fresh and fresh.startswith(("[bookmark:", "ReadError"))


def _decoded(data: bytes) -> str:
    try:
        return decode("a.txt", data)
    except ReadError as error:
        return f"ReadError {error}"


def test_the_text_sniffed_belongs_to_the_file_decoded() -> None:
    first = _TEXT.encode("utf-8")
    other = _TEXT.replace("运维", "维护").encode("utf-8")
    assert len(first) == len(other)
    sniff_text(first)
    assert "维护" in decode("b.txt", other)
    assert "运维" in decode("a.txt", first)


def test_a_sniffed_file_keeps_the_decoding_errors() -> None:
    for data in (b" \n ", b"\x00\x01binary"):
        sniff_text(data)
        with pytest.raises(ReadError):
            decode("c.txt", data)


_CHARACTERS = [chr(c) for c in range(0x250)] + [
    "\u3000", "\u00a0", "\u2028", "\u200b", "\ufeff", "\ufffd", "\ufffe", "\ud800", "一", "\U0001f600",
]  # fmt: skip


@pytest.mark.parametrize("context", ["", "a", "一", "预算\t数\n", "\r\n\u3000"])
def test_readable_is_no_control_character_nor_replacement_anywhere(context: str) -> None:
    for character in _CHARACTERS:
        for text in (character, context + character, character + context + "一" * 40):
            assert readable(text) == (_GARBAGE.search(text) is None), repr(text)


@pytest.mark.parametrize(
    "data",
    [b"", b" ", b"\t\n\r\x0b\x0c ", b"\x1c", b"\x00", b"\xa0", b"\xe3\x80\x80", b" a ", b"\n\n1"],
)
def test_blank_is_nothing_but_ascii_whitespace(data: bytes) -> None:
    assert blank(data) == (not data.strip())

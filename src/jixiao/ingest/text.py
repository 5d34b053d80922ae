"""Decoding text documents: UTF-8 with or without BOM, GB18030, any line ending."""

from __future__ import annotations

import codecs
import re

from jixiao.ingest.errors import ReadError

#: characters that never occur in a real table cell (controls other than tab/newline, U+FFFD)
_GARBAGE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
#: the ASCII characters that are not :data:`_GARBAGE` (what :func:`readable` deletes)
_ASCII_CLEAN = b"\t\n\r" + bytes(range(0x20, 0x7F))


def decode(name: str, data: bytes) -> str:
    """The text of a document, with ``\\n`` line endings; ReadError for binary or unknown encodings."""
    if blank(data):
        raise ReadError(name, "the file is empty")
    whole = data
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data[:8192]:
        raise ReadError(name, "this is a binary file, not a text document")
    sniffed = _sniffed[0]
    if sniffed is not None and sniffed[0] is whole and sniffed[2]:
        text = sniffed[1]  # the whole file was its head, already decoded as UTF-8
    else:
        text = _utf8_or_gb18030(name, data)
    if "\r" not in text:  # most files: one search instead of two replacements
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def blank(data: bytes) -> bool:
    """Whether ``data`` is empty or ASCII whitespace only (``not data.strip()``, without copying
    the file: stops at its first other byte)."""
    return not data or data.isspace()


def _utf8_or_gb18030(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise ReadError(
                name, "the text is neither UTF-8 nor GB18030", line=line
            ) from utf8_error


def sniff_text(head: bytes) -> str:
    """The start of a document as text, for recognising its format (never raises).

    The readers are asked one after the other about the same head: the text of the last head
    asked about (by identity) is kept, and :func:`decode` takes it when the head is the whole
    file (most text files are shorter than the head) and was UTF-8."""
    last = _sniffed[0]
    if last is not None and last[0] is head:
        return last[1]
    text, utf8 = _head_text(head)
    _sniffed[0] = (head, text, utf8)
    return text


#: the last head sniffed, its text, and whether that is its whole text as UTF-8
_sniffed: list[tuple[bytes, str, bool] | None] = [None]


def _head_text(head: bytes) -> tuple[str, bool]:
    head = head.removeprefix(codecs.BOM_UTF8)
    try:
        return head.decode("utf-8"), True
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:  # a character cut at the end of the head
            return head[: error.start].decode("utf-8", "ignore"), False
        return head.decode("gb18030", "ignore"), False


def readable(text: str) -> bool:
    """Whether ``text`` holds no control character nor undecodable byte anywhere: then no cell of
    it needs :func:`check_cell` (one search over the file instead of one per line).

    Every such character but U+FFFD is ASCII: the file's ASCII characters (its non-ASCII ones
    dropped by the encoder, a C loop) less the clean ones must be none — a fraction of the
    instructions of the pattern tried at every character of a mostly Chinese text."""
    if "\ufffd" in text:
        return False
    return not text.encode("ascii", "ignore").translate(None, _ASCII_CLEAN)


def check_cell(name: str, text: str, line: int, table: str | None = None) -> None:
    """ReadError when a cell holds control characters or undecodable bytes."""
    match = _GARBAGE.search(text)
    if match:
        raise ReadError(
            name,
            f"unreadable character U+{ord(match.group(0)):04X} in cell {text[:30]!r}",
            line=line,
            table=table,
        )


def clean(text: str) -> str:
    """Whitespace normalised: runs of spaces folded, each line stripped, empty lines dropped."""
    if "\n" not in text:  # most cells: one line (the same result, without a loop in Python)
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def cleaned(texts: list[str]) -> list[str]:
    """:func:`clean` of each text, for the many cells of a table: a one-line text (most) folded
    here without a call of its own."""
    return [" ".join(text.split()) if "\n" not in text else clean(text) for text in texts]


def compact(text: str) -> str:
    """The text with all whitespace removed (for matching labels such as 其中：财政    资金)."""
    return "".join(text.split())


def is_label(text: str, label: str) -> bool:
    """Whether ``text`` is ``label`` but for whitespace (its :func:`compact` text): only a text
    that holds the label's last character is compacted (most cells of a label search are values
    or other labels)."""
    return label[-1] in text and compact(text) == label

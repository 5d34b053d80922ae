"""Limits that make a hostile or broken office file fail fast with a clear ReadError.

Checked before any parser sees the file: the zip directory (member count, total uncompressed
size, compression ratio — a zip bomb is refused from its directory alone), XML parts (a DOCTYPE
or ENTITY declaration anywhere in a part, never present in real OOXML, is refused so that entity
expansion cannot happen), the deflated streams of a PDF (inflated and counted, never kept: the
same size and ratio limits as zip parts), encrypted OLE packages (password-protected workbooks
and documents), and while reading, the number of rows of a sheet or table and of its cells (a sheet padded to its
widest row: one stray cell far out must not make millions of empty ones).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from jixiao.ingest.errors import ReadError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, all members of a zip together
MAX_RATIO = 100  # uncompressed / compressed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5000
MAX_ROWS = 20_000  # rows of one sheet or table
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000  # rows × columns of one sheet or table, its empty cells counted
MAX_PAGES = 300
#: what zipfile raises on a damaged archive (RuntimeError: a member marked encrypted;
#: NotImplementedError, a RuntimeError too: an unknown version or compression method)
_BROKEN_ZIP = (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, zlib.error)
_CHUNK = 1024 * 1024  # bytes inflated at a time while checking
_DECLARATIONS = [
    word.encode(encoding)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
]
_OVERLAP = max(map(len, _DECLARATIONS))
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PDF_INPUT = 16 * 1024  # compressed bytes fed at a time
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def is_ole(data: bytes) -> bool:
    """True for an OLE compound file: legacy .xls/.doc, or an encrypted .xlsx/.docx."""
    return data.startswith(OLE_MAGIC)


def refuse_encrypted_package(name: str, data: bytes) -> None:
    """ReadError for a password-protected OOXML file (an OLE file holding EncryptedPackage)."""
    if is_ole(data) and _ENCRYPTED in data:
        raise ReadError(name, "the file is password-protected: remove the password and try again")


def open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    """The zip archive of an OOXML file, after checking its directory and its XML prologs."""
    refuse_encrypted_package(name, data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _BROKEN_ZIP as exc:
        raise ReadError(
            name, "the file is damaged or truncated (not a complete zip archive)"
        ) from exc
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReadError(name, f"the archive has {len(members)} parts (more than {MAX_MEMBERS})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise ReadError(
            name,
            f"the archive unpacks to {total // (1024 * 1024)} MB "
            f"(more than {MAX_UNCOMPRESSED // (1024 * 1024)} MB): refused as a possible zip bomb",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ReadError(
                name,
                f"part {member.filename} is compressed {ratio:.0f}:1 (more than {MAX_RATIO}:1): "
                "refused as a possible zip bomb",
            )
    _check_prologs(name, archive)
    return archive


def _check_prologs(name: str, archive: zipfile.ZipFile) -> None:
    """ReadError for an XML part that declares a DOCTYPE or entities anywhere (read in chunks)."""
    for member in archive.infolist():
        if not member.filename.endswith((".xml", ".rels")):
            continue
        if _declares(name, archive, member):
            raise ReadError(
                name,
                f"part {member.filename} declares a DOCTYPE or entities: refused "
                "(XML entity expansion)",
            )


def _declares(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                window = tail + chunk
                if any(word in window for word in _DECLARATIONS):
                    return True
                tail = window[-_OVERLAP:]
    except _BROKEN_ZIP as exc:
        raise ReadError(name, f"part {member.filename} is damaged or truncated") from exc
    return False


def check_pdf_streams(name: str, data: bytes) -> None:
    """ReadError for a PDF whose deflated streams unpack to more than the zip limits allow.

    Every ``stream`` keyword is tried as the start of zlib data (FlateDecode, the filter of
    nearly every PDF stream); the output is counted and dropped, and a stream is refused as
    soon as it passes :data:`MAX_RATIO` (above :data:`RATIO_FLOOR`) or all of them together
    pass :data:`MAX_UNCOMPRESSED` — a 500 MB stream in a 486 KB file stops after a few MB.
    """
    total = 0
    for match in _PDF_STREAM.finditer(data):
        total += _inflated_size(name, data, match.end(), MAX_UNCOMPRESSED - total)


def _inflated_size(name: str, data: bytes, start: int, allowed: int) -> int:
    """What the zlib stream at ``data[start:]`` inflates to (0 when it is no zlib stream)."""
    inflater = zlib.decompressobj()
    size = 0
    position = start
    try:
        while position < len(data) and not inflater.eof:
            pending = data[position : position + _PDF_INPUT]
            position += len(pending)
            while pending:
                size += len(inflater.decompress(pending, _CHUNK))
                _check_inflated(name, size, position - start, allowed)
                pending = inflater.unconsumed_tail
    except zlib.error:  # not deflated (an image, another filter) or damaged: the parser decides
        pass
    return size


def _check_inflated(name: str, size: int, compressed: int, allowed: int) -> None:
    if size > allowed:
        raise ReadError(
            name,
            f"the PDF's streams unpack to more than {MAX_UNCOMPRESSED // (1024 * 1024)} MB: "
            "refused as a possible decompression bomb",
        )
    if size > RATIO_FLOOR and size > MAX_RATIO * compressed:
        raise ReadError(
            name,
            f"a PDF stream is compressed more than {MAX_RATIO}:1: "
            "refused as a possible decompression bomb",
        )


def check_rows(name: str, where: str, count: int) -> None:
    if count > MAX_ROWS:
        raise ReadError(
            name, f"more than {MAX_ROWS} rows: too large for a performance table", table=where
        )


def check_cells(name: str, where: str, rows: int, columns: int) -> None:
    """ReadError for a sheet whose grid, padded to its widest row, would hold over MAX_CELLS."""
    if rows * columns > MAX_CELLS:
        raise ReadError(
            name,
            f"{rows} rows × {columns} columns (more than {MAX_CELLS} cells): "
            "too large for a performance table",
            table=where,
        )

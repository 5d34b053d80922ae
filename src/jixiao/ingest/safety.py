"""Limits that make a hostile or broken office file fail fast with a clear ReadError.

Checked before any parser sees the file: the zip directory (member count, total uncompressed
size, compression ratio — a zip bomb is refused from its directory alone), XML prologs (a
DOCTYPE or ENTITY declaration, never present in real OOXML, is refused so that entity expansion
cannot happen), encrypted OLE packages (password-protected workbooks and documents), and while
reading, the number of rows of a sheet or table.
"""

from __future__ import annotations

import io
import zipfile

from jixiao.ingest.errors import ReadError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, all members of a zip together
MAX_RATIO = 100  # uncompressed / compressed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5000
MAX_ROWS = 20_000  # rows of one sheet or table
MAX_COLUMNS = 200
MAX_PAGES = 300
_PROLOG = 4096
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
    except zipfile.BadZipFile as exc:
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
    for member in archive.infolist():
        if not member.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(member) as stream:
                prolog = stream.read(_PROLOG)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ReadError(name, f"part {member.filename} is damaged or truncated") from exc
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise ReadError(
                name,
                f"part {member.filename} declares a DOCTYPE or entities: refused "
                "(XML entity expansion)",
            )


def check_rows(name: str, where: str, count: int) -> None:
    if count > MAX_ROWS:
        raise ReadError(
            name, f"more than {MAX_ROWS} rows: too large for a performance table", table=where
        )

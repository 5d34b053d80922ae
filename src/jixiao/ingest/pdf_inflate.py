"""pdfminer's recovery of a damaged deflated stream (损坏的压缩流), in linear time.

When a FlateDecode stream fails to inflate (a bad checksum, a damaged byte), pdfminer retries
it one byte at a time and concatenates the output as it goes (``result += ...``): quadratic in
the stream's size — an 862 KB stream with a broken checksum took 49 s of CPU, a damaged byte in
a fixture's font stream 0.1 s. :func:`decompress_corrupted` gives the same result (the output
up to the damage, or zlib.error when the damage is before the last 3 bytes, the checksum) by
inflating in chunks and going byte by byte only through the chunk that fails; importing
:mod:`jixiao.ingest.pdf` installs it in place of pdfminer's.
"""

from __future__ import annotations

import zlib

from pdfminer import pdftypes

_CHUNK = 64 * 1024  # compressed bytes inflated at a time
_CHECKSUM = 3  # damage within the last bytes (the Adler-32 checksum) loses no data


def decompress_corrupted(data: bytes) -> bytes:
    """The inflated ``data`` up to its damage; zlib.error if the damage is before the checksum."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        before = inflater.copy()
        try:
            out.append(inflater.decompress(chunk))
        except zlib.error:
            out.append(_up_to_damage(before, chunk, start, len(data)))
            break
    return b"".join(out)


def _up_to_damage(inflater: zlib._Decompress, chunk: bytes, start: int, size: int) -> bytes:
    """The chunk inflated a byte at a time up to the damaged byte (pdfminer's own way)."""
    out: list[bytes] = []
    for offset in range(len(chunk)):
        try:
            out.append(inflater.decompress(chunk[offset : offset + 1]))
        except zlib.error:
            if start + offset < size - _CHECKSUM:
                raise
            pdftypes.logger.warning("Data-loss while decompressing corrupted data")
            break
    return b"".join(out)


def install() -> None:
    """Use :func:`decompress_corrupted` for every PDF stream pdfminer decodes."""
    pdftypes.decompress_corrupted = decompress_corrupted

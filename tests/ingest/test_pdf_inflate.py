"""A damaged deflated PDF stream: inflated up to the damage, as pdfminer does, in linear time."""

from __future__ import annotations

import random
import zlib

import pytest
from pdfminer import pdftypes

import jixiao.ingest.pdf  # noqa: F401  (installs it)
from jixiao.ingest.pdf_inflate import decompress_corrupted


def _byte_at_a_time(data: bytes) -> bytes:
    """pdfminer's definition: inflate one byte at a time; damage in the last 3 bytes is lost."""
    inflater, out = zlib.decompressobj(), []
    for i in range(len(data)):
        try:
            out.append(inflater.decompress(data[i : i + 1]))
        except zlib.error:
            if i < len(data) - 3:
                raise
            break
    return b"".join(out)


def _compressed(size: int) -> bytearray:
    rng = random.Random(size)
    return bytearray(zlib.compress(bytes(rng.choice(b"0123456789 TJ BT\n") for _ in range(size))))


def test_a_broken_checksum_loses_nothing() -> None:
    data = _compressed(300_000)
    data[-2] ^= 0xFF
    recovered = decompress_corrupted(bytes(data))
    assert recovered == _byte_at_a_time(bytes(data))
    assert len(recovered) == 300_000


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_damage_inside_the_stream_is_an_error_or_what_came_before(where: float) -> None:
    """Damage in the first or a later chunk of 64 KB; truncated there; junk after the end."""
    data = _compressed(300_000)
    assert len(data) > 2 * 64 * 1024  # three chunks
    data[int(len(data) * where)] ^= 0x55
    for case in (bytes(data), bytes(data[: int(len(data) * where)]), bytes(data) + b"junk"):
        try:
            expected = _byte_at_a_time(case)
        except zlib.error:
            with pytest.raises(zlib.error):
                decompress_corrupted(case)
        else:
            assert decompress_corrupted(case) == expected


def test_pdfminer_uses_it() -> None:
    assert pdftypes.decompress_corrupted is decompress_corrupted

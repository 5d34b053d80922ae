"""What a writer is: a format name, its file suffix and media type, and its write function."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from jixiao.domain.model import Document

In = TypeVar("In")


@dataclass(frozen=True)
class Writer(Generic[In]):
    """A format: its name (``xlsx``), file suffix, media type and the function that writes it.

    ``In`` is what it writes: documents (:data:`jixiao.export.WRITERS`) or project reviews
    (:data:`jixiao.export.review.REPORTS`)."""

    name: str
    suffix: str
    media_type: str
    write: Callable[[Sequence[In]], bytes]


DocumentWriter = Writer[Document]


def pick(writers: dict[str, Writer[In]], format: str, what: str) -> Writer[In]:
    """The writer of ``format`` in ``writers``; ValueError naming the known ones if none."""
    try:
        return writers[format]
    except KeyError:
        raise ValueError(
            f"unknown {what} format {format!r} (one of {', '.join(writers)})"
        ) from None

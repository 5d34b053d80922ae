"""What a writer is: a format name, its file suffix and media type, and its write function."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jixiao.domain.model import Document


@dataclass(frozen=True)
class Writer:
    """A format: its name (``xlsx``), file suffix, media type and the function that writes it."""

    name: str
    suffix: str
    media_type: str
    write: Callable[[Sequence[Document]], bytes]

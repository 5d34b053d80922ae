"""Long lists in pages (分页) inside one page, without JavaScript: the import preview of a
workbook with 300 tables shows each long list (tables found, documents, indicator rows, skipped
cells, normalised values) as pages of ``size`` entries, each a collapsed ``<details>`` of one
exclusive group (``name``): opening a page closes the one open before, so the screen stays as
tall as one page whatever the length of the list.

``{% for page in rows|pages:50 %}{% include "jixiao/_page_start.html" with group="rows" %}…``
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()

PAGE_SIZE = 20


@dataclass(frozen=True)
class Page:
    """Entries ``first``..``last`` (counted from 1) of a list of ``total``."""

    items: Sequence[Any]
    first: int
    last: int
    total: int

    @property
    def only(self) -> bool:
        """True when the list fits on one page (shown without a page heading)."""
        return self.first == 1 and self.last == self.total


@register.filter
def pages(items: Sequence[Any], size: int = PAGE_SIZE) -> list[Page]:
    """The pages of ``items``, ``size`` entries each (none for an empty list)."""
    total = len(items)
    return [
        Page(items[start : start + size], start + 1, min(start + size, total), total)
        for start in range(0, total, size)
    ]

"""分页 (paging) of the lists: counts from the kept totals, and deep pages as fast as the first.

A page's rows are found in two steps (a "late row lookup"): first their ids, in the list's order,
which the database reads from the ordering's index alone (no row fetched and no department
joined for the thousands of rows skipped before a deep page); then those 50 rows by primary key.
Page numbers stay usable links, whatever the sort (``?sort=``, :mod:`jixiao.web.listing`).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

__all__ = ["Counted"]


class Counted(Paginator):  # type: ignore[type-arg]
    """A paginator told its number of rows (from the kept totals) when it is known; with
    ``load`` (the rows a page shows, with what they need joined) it looks a page's rows up by id."""

    def __init__(
        self, rows: QuerySet[Any], per_page: int, count: int | None, load: QuerySet[Any] | None
    ) -> None:
        super().__init__(rows, per_page)
        self.rows = rows
        self.known = count
        self.load = load

    @cached_property
    def count(self) -> int:
        return super().count if self.known is None else self.known

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        if self.load is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.rows.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        found = self.load.in_bulk(ids)
        return Page([found[pk] for pk in ids if pk in found], number, self)

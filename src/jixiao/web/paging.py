"""分页 (paging) of the lists: counts from the kept totals, and deep pages as fast as the first.

A page's rows are found in two steps (a "late row lookup"): first their ids, in the list's order,
which the database reads from the ordering's index alone (no row fetched and no department
joined for the thousands of rows skipped before a deep page); then those 50 rows by primary key.
Page numbers stay usable links, whatever the sort (``?sort=``, :mod:`jixiao.web.listing`).

When the kept totals cannot count the rows (a search, a rule filter) the count comes with the
page's ids (``COUNT(*) OVER ()``): the rows are matched, ranked and counted in one pass instead
of a second query that matches them all again. Only a page past the end (no row to carry the
count) asks the database for the count on its own, to find the last page.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
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
        if self.known is None and "count" not in self.__dict__:
            number, ids = self._counted_ids(number)
        else:
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            window = self.rows.values_list("pk", flat=True)[bottom : bottom + self.per_page]
            ids = list(window) if self.count else []  # none: nothing to look for
        found = self.load.in_bulk(ids)
        return Page([found[pk] for pk in ids if pk in found], number, self)

    def _counted_ids(self, number: Any) -> tuple[int, list[Any]]:
        """Page ``number`` (validated) and its ids; the number of rows comes with them (cached as
        ``count``)."""
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1  # validate_number below refuses it as Django's paginator does
        bottom = (wanted - 1) * self.per_page
        counted = self.rows.annotate(rows_in_all=Window(Count("*"))).values_list(
            "pk", "rows_in_all"
        )
        found = list(counted[bottom : bottom + self.per_page])
        if found:
            self.__dict__["count"] = found[0][1]
        # past the end: counts on its own and raises EmptyPage (get_page then shows the last)
        return self.validate_number(number), [pk for pk, _ in found]

"""预算单位目录: the stored departments a batch names, fetched in one query and resolved in memory.

:class:`Directory` answers what :func:`jixiao.web.storage.find_department` answers — by budget
code when the document has one, else by normalised name, preferring a department with a code —
for every document of a batch without a query per document.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from jixiao.domain import model as domain
from jixiao.domain.records import department_key, normalise_name
from jixiao.web import models
from jixiao.web.storage import named

__all__ = ["Directory"]


class Directory:
    """The stored departments among those ``departments`` name (new ones are :meth:`add`-ed)."""

    def __init__(self, departments: Iterable[domain.Department]) -> None:
        wanted = [named(d) for d in departments]
        keys = {department_key(d) for d in wanted if (d.code or "").strip()}
        names = {normalise_name(d.name) for d in wanted}
        self._by_key: dict[str, models.Department] = {}
        self._by_name: dict[str, models.Department] = {}
        stored = models.Department.objects.filter(Q(key__in=keys) | Q(name_key__in=names))
        for row in stored.order_by("code", "id"):
            self.add(row)

    def add(self, row: models.Department) -> None:
        """Know ``row`` (a department just created) from now on."""
        self._by_key[row.key] = row
        best = self._by_name.get(row.name_key)
        if best is None or row.code >= best.code:
            self._by_name[row.name_key] = row

    def find(self, dept: domain.Department) -> models.Department | None:
        """The stored department of ``dept``, as :func:`~jixiao.web.storage.find_department`."""
        dept = named(dept)
        if dept.code and dept.code.strip():
            return self._by_key.get(department_key(dept))
        return self._by_name.get(normalise_name(dept.name))

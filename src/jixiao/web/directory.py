"""预算单位目录: the stored departments a batch names, fetched in one query and resolved in memory.

:class:`Directory` answers what :func:`jixiao.web.storage.find_department` answers — by budget
code when the document has one, else by normalised name, preferring a department with a code —
for every document of a batch without a query per document; :meth:`Directory.create` stores the
departments a batch names that are not stored yet, set-based.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from jixiao.domain import model as domain
from jixiao.domain.records import department_key, normalise_name
from jixiao.web import bulk, generations, models
from jixiao.web.storage import adopt, department_row, named

__all__ = ["Directory"]


class Directory:
    """The stored departments among those ``departments`` name (new ones are :meth:`add`-ed)."""

    def __init__(self, departments: Iterable[domain.Department]) -> None:
        wanted = [named(d) for d in departments]
        keys = {department_key(d) for d in wanted if (d.code or "").strip()}
        names = {normalise_name(name) for name in {d.name for d in wanted}}  # each name once
        self._by_key: dict[str, models.Department] = {}
        self._by_name: dict[str, models.Department] = {}
        self._created: set[int] = set()
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

    def created(self, pk: int) -> bool:
        """True when the department ``pk`` was stored by :meth:`create` (in the running
        transaction: no version of it is stored yet)."""
        return pk in self._created

    def create(
        self, departments: Iterable[domain.Department]
    ) -> list[tuple[models.Department, int | None]]:
        """Store those of ``departments`` not found here (each once, in order), set-based, as
        :func:`~jixiao.web.storage.new_department` would one after the other: each under the
        主管部门 stored or created before it, each new 主管部门 adopting the units of its prefix
        that had no parent before it. Gives each created row with the key of the parent it was
        created under (its audit row's; a unit created before its 主管部门 is adopted afterwards)."""
        rows = []
        for dept in departments:
            if self.find(dept) is None:
                rows.append(department_row(dept))
                self.add(rows[-1])
        if not rows:
            return []
        generations.bump(generations.DEPARTMENTS)  # the tree changes: read it again
        parents: dict[str, models.Department] = {}
        codes = {f"{row.code[:3]}101" for row in rows if row.code}
        for found in models.Department.objects.filter(code__in=codes).order_by("pk"):
            parents.setdefault(found.code, found)
        heads = []
        for row in rows:
            if row.code.endswith("101"):
                parents.setdefault(row.code, row)
                heads.append(row)
            elif row.code:
                row.parent = parents.get(f"{row.code[:3]}101")
        bulk.create(rows)  # the keys in order, as one INSERT after another would give them
        self._created.update(row.pk for row in rows)
        under_new = [row for row in rows if row.parent is not None and row.parent_id is None]
        for row in under_new:
            row.parent = row.parent  # its key, now that the parent has one
        models.Department.objects.bulk_update(under_new, ["parent"], batch_size=bulk.BATCH_SIZE)
        born = [row.parent_id for row in rows]
        for head in heads:  # in order: each adopts the units left without a parent before it
            adopt(head, before=head.pk)
        return list(zip(rows, born, strict=True))

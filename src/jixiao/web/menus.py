"""单位菜单: the department menus of the lists and the dashboard, rendered once per state of the
department tree.

Every list page and the dashboard offer all the departments a user reaches — 2,940 ``<option>``s
in a province's year. For the roles that reach every department the menu is the same for all of
them, so its HTML is kept in Django's cache framework under a key made of :func:`stamp`, a digest
of every department's id, code, name and parent computed by the database. Adding, renaming,
moving, merging or deleting a department — by an action, an import or by hand in SQL — changes
the stamp, so the next page renders the menu afresh: nothing is invalidated by hand, and several
app servers (each with its own local cache, or one shared cache) never show a stale menu. The
chosen department is marked ``selected`` in the cached HTML per request. Users who reach only
some departments get their (short) menu rendered each time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cached_property
from html import escape
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import connection

from jixiao.web import permissions

__all__ = ["DepartmentMenu", "Unit", "options", "stamp", "units"]

PREFIX = "jixiao.departments:"
TIMEOUT = 24 * 3600  # an entry of a stamp no longer current just ages out
_FIELD, _ROW = "\x1f", "\x1e"  # unit and record separators: no field runs into the next


class Unit(NamedTuple):
    """A department as the menus and the tree show it: plain values, not a model instance (a
    province has thousands of departments, and every list page offers them all)."""

    pk: int
    code: str
    name: str
    parent_id: int | None

    def __str__(self) -> str:  # as models.Department shows itself
        return f"{self.code} {self.name}".strip()


def units(user: Any) -> list[Unit]:
    """The departments ``user`` reaches, in the tree's order (code, name), as :class:`Unit`."""
    rows = permissions.visible_departments(user).values_list("pk", "code", "name", "parent_id")
    return list(map(Unit._make, rows))


def stamp() -> tuple[str, int]:
    """A digest of every department (id, code, name, parent), computed in the database, and
    how many there are."""
    table = "jixiao_department"
    if connection.vendor == "postgresql":
        text = "string_agg(concat_ws(%s, id, code, name, parent_id), %s ORDER BY id)"
        sql, params = f"SELECT md5({text}), count(*) FROM {table}", [_FIELD, _ROW]
    else:  # SQLite: group_concat follows the order of the rows of its subquery
        row = "id || %s || code || %s || name || %s || ifnull(parent_id, '')"
        sql = f"SELECT group_concat(r, %s), count(*) FROM (SELECT {row} AS r FROM {table} ORDER BY id)"
        params = [_ROW, _FIELD, _FIELD, _FIELD]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        digest, count = cursor.fetchone()
    return hashlib.sha256((digest or "").encode()).hexdigest()[:32], int(count)


def options(departments: Iterable[Any], names: bool = False) -> str:
    """The ``<option>`` of each department (its code and name, or only its name with
    ``names``), none selected; every text escaped, ids integers."""
    return "".join(
        f'<option value="{int(d.pk)}">{escape(d.name if names else str(d))}</option>'
        for d in departments
    )


class DepartmentMenu:
    """The departments ``user`` reaches, for a menu: :meth:`options` (cached for the roles that
    reach every department) and, when a page needs the rows themselves, :attr:`units`."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.everything = permissions.sees_all(user)

    @cached_property
    def units(self) -> list[Unit]:
        return units(self.user)

    def __iter__(self) -> Any:
        return iter(self.units)

    @cached_property
    def stamp(self) -> tuple[str, int]:
        return stamp()

    def __len__(self) -> int:
        """How many departments the menu offers (for every department: without reading them)."""
        return self.stamp[1] if self.everything else len(self.units)

    def options(self, names: bool = False) -> str:
        """The menu's ``<option>``s, none selected (:func:`options`)."""
        if not self.everything:
            return options(self.units, names)
        key = f"{PREFIX}{'names' if names else 'codes'}:{self.stamp[0]}"
        html: str | None = cache.get(key)
        if html is None:
            html = options(self.units, names)
            cache.set(key, html, TIMEOUT)
        return html

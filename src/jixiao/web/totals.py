"""合计 (maintained totals): counts of the current versions, their budget, open findings, and the
target tables (and self-evaluations) with an open finding of a rule or an indicator under a 指标
level, by department,
year, state and one key (grade, rule or 指标 level), kept in
:class:`~jixiao.web.models.Total` so that the dashboard and the list counts read a few small rows
instead of counting over joins of the whole year.

Every action that changes which versions are current, their state, grade or budget, or which
findings are open names the departments it changed (:func:`touch`); the action decorator
(:func:`collecting`) recounts those departments in the same transaction, just before it commits.
A recount is one GROUP BY per kind over the rows of those departments only, so a transition costs
a few milliseconds and a bulk import one pass over the departments it wrote. On PostgreSQL the
rows are reached from the departments through their current versions, by nested loops the
planner cannot reorder (:func:`_nested`): a recount costs what the departments' rows cost, not
what all stored rows do, whatever the statistics say while an import grows the tables. Outside
an action :func:`touch` recounts at once. :func:`recount` (no departments: everything) is the
truth the tests compare the kept totals with. The rows of the monitoring overview
(:mod:`jixiao.web.monitored`) are recounted with the totals of the same departments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

from django.apps import apps as installed
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL

from jixiao.web import generations, kept, monitored

__all__ = ["collecting", "recount", "refresh", "touch"]

#: departments changed by the running action (None outside an action)
_touched: ContextVar[set[int] | None] = ContextVar("totals_touched", default=None)


@dataclass(frozen=True)
class Source:
    """Where one kind of total is counted: its rows and the path from them to their version."""

    kind: str
    model: str
    via: str  # "" for a version itself, else the path to it ("project__")
    key: str | None = None  # the column of the key (None: no key)
    detail: str | None = None  # the column of the second key (None: none)
    amount: str | None = None  # the column summed (None: nothing summed)
    counted: str = "id"  # the rows counted, each value once ("project_id": the projects)
    #: which rows of a current version count (the open findings; Q(): all of them)
    open: Q = field(default_factory=Q)

    @property
    def rows(self) -> Q:
        """Which rows count: those of current versions (the versions themselves), and open."""
        return Q(**{f"{self.via}is_current": True}) & self.open


OPEN = Q(dismissed_at=None)  # a finding not dismissed

SOURCES = (
    Source("project", "Project", "", "grade", amount="budget_total"),
    Source("evaluation", "SelfEvaluation", ""),
    Source("project_finding", "Finding", "project__", "rule", open=OPEN),
    Source("evaluation_finding", "Finding", "evaluation__", "rule", open=OPEN),
    Source(  # by grade too: the list filtered by rule and grade counts from it
        "project_rule",
        "Finding",
        "project__",
        "rule",
        "project__grade",
        counted="project_id",
        open=OPEN,
    ),
    Source(
        "evaluation_rule", "Finding", "evaluation__", "rule", counted="evaluation_id", open=OPEN
    ),
    Source("indicator", "Indicator", "project__", "level1", "level2", counted="project_id"),
)


def touch(*departments: int | None) -> None:
    """Note that the totals of ``departments`` changed (recounted at the end of the action)."""
    ids = {d for d in departments if d is not None}
    touched = _touched.get()
    if touched is None:
        _recount(ids)
    else:
        touched.update(ids)


def _recount(departments: Iterable[int]) -> None:
    """The totals of ``departments`` and their rows of the monitoring overview, recounted."""
    ids = set(departments)
    refresh(ids)
    monitored.refresh(ids)


@contextmanager
def collecting() -> Iterator[None]:
    """Within an action: collect the touched departments, recount them when it ends well (an
    action inside another leaves the recount to the outer one)."""
    if _touched.get() is not None:
        yield
        return
    token = _touched.set(set())
    try:
        yield
        _recount(_touched.get() or ())
    finally:
        _touched.reset(token)


def refresh(departments: Iterable[int] | None = None, registry: Any = installed) -> None:
    """Replace the kept totals of ``departments`` (None: of every department) by a recount.

    ``registry`` is the app registry (a migration passes its historical one, whose totals are
    recounted through Python: :func:`recount`); the totals get a new token
    (:func:`jixiao.web.generations.bump`). With the installed models the recount stays in
    the database: one ``INSERT … SELECT … GROUP BY`` per kind (the same grouping as
    :func:`recount`), so no row of it travels to Python and back (an import of 1,000 tables
    recounts hundreds of departments)."""
    if departments is not None:
        departments = set(departments)
        if not departments:
            return  # nothing recounted, no new token
    generations.bump("totals", registry)  # what was computed from the totals is recomputed
    if registry is not installed:
        kept.replace("Total", recount, departments, registry)
        return
    total = installed.get_model("jixiao", "Total")
    if departments is None:
        total.objects.all().delete()
        _insert_grouped(None)
        return
    ids = sorted(set(departments))
    for start in range(0, len(ids), kept.CHUNK):
        chunk = ids[start : start + kept.CHUNK]
        total.objects.filter(department_id__in=chunk).delete()
        _insert_grouped(chunk)


def _insert_grouped(departments: list[int] | None) -> None:
    """Insert the totals of ``departments`` (None: all), counted in the database."""
    total = installed.get_model("jixiao", "Total")
    quote = connection.ops.quote_name
    column = {f.name: cast(str, f.column) for f in total._meta.concrete_fields}
    columns = ", ".join(
        quote(column[name])
        for name in ("kind", "department", "year", "state", "key", "detail", "count", "amount")
    )
    with connection.cursor() as cursor:
        for source in SOURCES:
            sql, params = _statement(source, departments)
            amount = "t_amount" if source.amount else "NULL"
            cursor.execute(
                f"INSERT INTO {quote(total._meta.db_table)} ({columns}) "
                "SELECT %s, t_department, t_year, t_state, COALESCE(t_key, ''), "
                f"COALESCE(t_detail, ''), t_count, {amount} FROM ({sql}) grouped",
                [source.kind, *params],
            )


def _statement(source: Source, departments: list[int] | None) -> tuple[str, list[Any]]:
    """The SQL (and parameters) of the grouping of ``source`` over ``departments``."""
    if departments is not None and connection.vendor == "postgresql":
        return _nested(source, departments)
    sql, params = _grouping(source, departments, installed.get_model).query.sql_with_params()
    return sql, list(params)


def _nested(source: Source, departments: list[int]) -> tuple[str, list[Any]]:
    """PostgreSQL: :func:`_grouping` of ``departments``, read from each department's versions
    (through the index of the versions' department) and from each version's rows (through the
    index of their foreign key): ``LATERAL`` subqueries with ``OFFSET 0``, which the planner
    cannot merge into a join of its choice, so the cost is that of the rows of ``departments``,
    whatever the statistics of the moment say. Which versions and rows count (current, open)
    is read with them and filtered outside the subqueries (``OFFSET 0`` keeps the filter out):
    filtered inside, a partial index of the current versions or of the open findings matched
    the filter, and with the statistics of an import in progress PostgreSQL read all of the
    open findings' ``(rule, project)`` index for each version (0.6 s a batch at 5,000 tables).
    Joined and filtered by the versions' department (:func:`_grouping`), it read every open
    finding through that index and hashed it against the departments' versions (an import's
    recounts grew with all stored before it)."""
    quote = connection.ops.quote_name
    columns = {  # the output's columns: the version's ("v") or the row's ("c") column, or none
        name: _side(source.via, column)
        for name, column in (
            ("t_department", f"{source.via}department_id"),
            ("t_year", f"{source.via}year"),
            ("t_state", f"{source.via}state"),
            ("t_key", source.key),
            ("t_detail", source.detail),
        )
    }
    if source.amount:
        columns["t_amount"] = _side(source.via, source.amount)
    wanted = {side: [c for s, c in columns.values() if s == side] for side in ("v", "c")}
    tables, arguments = _lateral(source, wanted["v"], wanted["c"])
    expressions = {
        name: f"{side}.{quote(column)}" if side else "NULL"
        for name, (side, column) in columns.items()
    }
    keys = [e for name, e in expressions.items() if name != "t_amount" and e != "NULL"]
    if "t_amount" in expressions:
        expressions["t_amount"] = f"SUM({expressions['t_amount']})"
    expressions["t_count"] = "COUNT(*)"
    select = ", ".join(f"{e} AS {name}" for name, e in expressions.items())
    return f"SELECT {select} FROM {tables} GROUP BY {', '.join(keys)}", [departments, *arguments]


def _lateral(source: Source, of_version: list[str], of_row: list[str]) -> tuple[str, list[Any]]:
    """The ``FROM … WHERE`` of :func:`_nested` (and its parameters after the departments'):
    the departments ``d`` (an array, each once), their versions ``v`` with the columns
    ``of_version``, and (for the rows of versions) their rows ``c`` with the columns ``of_row``;
    of them those that count."""
    rows = installed.get_model("jixiao", source.model)
    via = source.via.removesuffix("__")
    versions = rows._meta.get_field(via).related_model if via else rows
    sql, arguments = _outer_filtered(
        versions.objects.all(), "department_id", "d.id", ["id", "is_current", *of_version]
    )
    tables = f"unnest(%s::bigint[]) AS d (id) CROSS JOIN LATERAL ({sql} OFFSET 0) v"
    where = ["v.is_current"]
    if via:
        children = rows.objects.all()
        if source.open:  # whether a row counts, read with it
            children = children.annotate(t_open=ExpressionWrapper(source.open, BooleanField()))
            of_row, where = [*of_row, "t_open"], [*where, "c.t_open"]
        distinct = source.counted != "id"  # each version once per key: COUNT(*) counts them
        sql, params = _outer_filtered(children, f"{via}_id", "v.id", of_row, distinct)
        tables += f" CROSS JOIN LATERAL ({sql} OFFSET 0) c"
        arguments = [*arguments, *params]
    return f"{tables} WHERE {' AND '.join(where)}", list(arguments)


def _side(via: str, column: str | None) -> tuple[str, str]:
    """Whose ``column`` is (a path of :class:`Source`): the version's ``("v", name)``, the row's
    ``("c", name)``, or nobody's ``("", "")`` (None)."""
    if column is None:
        return "", ""
    if not via or column.startswith(via):
        return "v", column.removeprefix(via)
    return "c", column


def _outer_filtered(
    rows: Any, column: str, outer: str, wanted: list[str], distinct: bool = False
) -> tuple[str, Any]:
    """The SQL of ``rows`` whose ``column`` equals the outer query's ``outer``, with the columns
    ``wanted`` (deduplicated, in order; ``distinct``: each combination once)."""
    rows = rows.filter(**{column: RawSQL(outer, (), output_field=BigIntegerField())}).order_by()
    rows = rows.values(*dict.fromkeys(wanted))
    sql, params = (rows.distinct() if distinct else rows).query.sql_with_params()
    return str(sql), params


def recount(
    departments: list[int] | None = None,
    registry: Any = installed,
    kinds: Iterable[str] | None = None,
) -> list[Any]:
    """The totals of ``departments`` (None: all) counted from the stored rows (unsaved), of
    ``kinds`` (None: every kind; a migration adding a kind counts only it)."""
    total = registry.get_model("jixiao", "Total")
    wanted = None if kinds is None else set(kinds)
    return [
        total(kind=source.kind, **values)
        for source in SOURCES
        if wanted is None or source.kind in wanted
        for values in _grouped(source, departments, registry.get_model)
    ]


def _grouped(
    source: Source, departments: list[int] | None, model: Callable[[str, str], Any]
) -> Iterator[dict[str, Any]]:
    for row in _grouping(source, departments, model):
        yield {
            "department_id": row["t_department"],
            "year": row["t_year"],
            "state": row["t_state"],
            "key": row["t_key"] or "",
            "detail": row["t_detail"] or "",
            "count": row["t_count"],
            "amount": row.get("t_amount"),
        }


def _grouping(
    source: Source, departments: list[int] | None, model: Callable[[str, str], Any]
) -> Any:
    """The rows of ``source`` grouped by department, year, state and keys, with their count
    (``t_count``) and sum (``t_amount``) — a query of dictionaries."""
    rows = model("jixiao", source.model).objects.filter(source.rows)
    if departments is not None:
        rows = rows.filter(**{f"{source.via}department_id__in": departments})
    grouped = rows.values(
        t_department=F(f"{source.via}department_id"),
        t_year=F(f"{source.via}year"),
        t_state=F(f"{source.via}state"),
        t_key=_column(source.key),
        t_detail=_column(source.detail),
    ).order_by()
    sums: dict[str, Any] = {"t_count": Count(source.counted, distinct=source.counted != "id")}
    if source.amount:
        sums["t_amount"] = Sum(source.amount)
    return grouped.annotate(**sums)


def _column(name: str | None) -> Any:
    return F(name) if name else Value("", output_field=CharField())

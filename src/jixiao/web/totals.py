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
a few milliseconds and a bulk import one pass over the departments it wrote. Outside an action
:func:`touch` recounts at once. :func:`recount` (no departments: everything) is the truth the
tests compare the kept totals with. The rows of the monitoring overview
(:mod:`jixiao.web.monitored`) are recounted with the totals of the same departments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from django.apps import apps as installed
from django.db import connection
from django.db.models import CharField, Count, F, Q, Sum, Value

from jixiao.web import generations, kept, monitored

__all__ = ["collecting", "recount", "refresh", "touch"]

#: departments changed by the running action (None outside an action)
_touched: ContextVar[set[int] | None] = ContextVar("totals_touched", default=None)

#: departments recounted per statement (an IN list the databases take comfortably)


@dataclass(frozen=True)
class Source:
    """Where one kind of total is counted: its rows and the path from them to their version."""

    kind: str
    model: str
    rows: Q  # which rows count (current versions, open findings)
    via: str  # "" for a version itself, else the path to it ("project__")
    key: str | None = None  # the column of the key (None: no key)
    detail: str | None = None  # the column of the second key (None: none)
    amount: str | None = None  # the column summed (None: nothing summed)
    counted: str = "id"  # the rows counted, each value once ("project_id": the projects)


SOURCES = (
    Source("project", "Project", Q(is_current=True), "", "grade", amount="budget_total"),
    Source("evaluation", "SelfEvaluation", Q(is_current=True), ""),
    Source(
        "project_finding",
        "Finding",
        Q(dismissed_at=None, project__is_current=True),
        "project__",
        "rule",
    ),
    Source(
        "evaluation_finding",
        "Finding",
        Q(dismissed_at=None, evaluation__is_current=True),
        "evaluation__",
        "rule",
    ),
    Source(  # by grade too: the list filtered by rule and grade counts from it
        "project_rule",
        "Finding",
        Q(dismissed_at=None, project__is_current=True),
        "project__",
        "rule",
        "project__grade",
        counted="project_id",
    ),
    Source(
        "evaluation_rule",
        "Finding",
        Q(dismissed_at=None, evaluation__is_current=True),
        "evaluation__",
        "rule",
        counted="evaluation_id",
    ),
    Source(
        "indicator",
        "Indicator",
        Q(project__is_current=True),
        "project__",
        "level1",
        "level2",
        counted="project_id",
    ),
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
            sql, params = _grouping(
                source, departments, installed.get_model
            ).query.sql_with_params()
            amount = "t_amount" if source.amount else "NULL"
            cursor.execute(
                f"INSERT INTO {quote(total._meta.db_table)} ({columns}) "
                "SELECT %s, t_department, t_year, t_state, COALESCE(t_key, ''), "
                f"COALESCE(t_detail, ''), t_count, {amount} FROM ({sql}) grouped",
                [source.kind, *params],
            )


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

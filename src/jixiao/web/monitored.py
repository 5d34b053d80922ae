"""监控总览 kept (:class:`~jixiao.web.models.Monitored`): one row per approved project record with
its version in force and the risk, submission and execution rate of its current monitoring
report, so that the overview orders, pages and counts in the database (a province approves tens
of thousands of projects a year).

The rows of a department are recounted whenever its totals are (:mod:`jixiao.web.totals`: every
action that approves, publishes, adjusts, deletes or merges a table, and every monitoring save
and transition, names its department), in the same transaction, by one pass over the department's
versions in force and current reports. :func:`refresh` with no departments recounts everything
(the migration that added the rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps as installed

from jixiao.domain.workflow import IN_FORCE, State
from jixiao.web import generations, kept

__all__ = ["SUBMITTED", "recount", "refresh"]

#: the report states that count as submitted (the warnings list the projects without one)
SUBMITTED = frozenset({str(State.SUBMITTED), *(str(s) for s in IN_FORCE)})


def refresh(departments: Iterable[int] | None = None, registry: Any = installed) -> None:
    """Replace the kept rows of ``departments`` (None: of every department) by a recount (and
    give them a new token: :func:`jixiao.web.generations.bump`)."""
    if departments is not None:
        departments = set(departments)
        if not departments:
            return  # nothing recounted, no new token
    generations.bump("monitored", registry)
    kept.replace("Monitored", recount, departments, registry)


def recount(departments: list[int] | None = None, registry: Any = installed) -> list[Any]:
    """The rows of ``departments`` (None: all) from the stored versions and reports (unsaved)."""
    monitored = registry.get_model("jixiao", "Monitored")
    return [monitored(**values) for values in _rows(departments, registry)]


def _rows(departments: list[int] | None, registry: Any) -> Iterator[dict[str, Any]]:
    projects = registry.get_model("jixiao", "Project").objects.filter(
        state__in=[str(s) for s in IN_FORCE]
    )
    reports = registry.get_model("jixiao", "MonitoringReport").objects.filter(is_current=True)
    if departments is not None:
        projects = projects.filter(department_id__in=departments)
        reports = reports.filter(department_id__in=departments)
    latest: dict[tuple[int, int | None, str], tuple[int, str, str]] = {}
    for pk, department, year, key, name, state in projects.order_by("version").values_list(
        "pk", "department_id", "year", "key", "name", "state"
    ):
        latest[(department, year, key)] = (pk, name, state)  # the last version in force
    found = {
        (r["department_id"], r["year"], r["key"]): r
        for r in reports.order_by().values(
            "pk",
            "department_id",
            "year",
            "key",
            "state",
            "risk",
            "budget_rate",
            "month",
            "red",
            "budget_light",
        )
    }
    for (department, year, key), (pk, name, state) in latest.items():
        report = found.get((department, year, key))
        row = {"department_id": department, "year": year, "key": key, "project_id": pk}
        row |= {"name": name, "state": state}
        if report is not None:
            row |= {
                "report_id": report["pk"],
                "report_state": report["state"],
                "risk": report["risk"],
                "submitted": report["state"] in SUBMITTED,
                "rate": report["budget_rate"],
                "month": report["month"],
                "alarm": bool(report["red"]) or report["budget_light"] == "red",
            }
        yield row

"""绩效运行监控表 ↔ stored rows, and the project record a report joins.

A report is a version of its own record, keyed like the project's target table (department,
year, normalised project name), so it joins the project's record whether it was filled in the
form, imported from a 136号 .xlsx or put through the API. The row copies the pacing lights of the
last save (:func:`jixiao.web.engines.pace`); every save and transition recounts the overview's
row of the project (:mod:`jixiao.web.monitored`), which it orders, pages and filters by.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from jixiao.domain.model import MonitoringReport
from jixiao.domain.monitoring_watch import risk
from jixiao.domain.records import record_key
from jixiao.domain.scoring.monitoring import SEVERITY, PacingReport
from jixiao.domain.workflow import IN_FORCE, Action
from jixiao.domain.workflow.policy import Decision
from jixiao.web import drafts, engines, models, permissions, totals

__all__ = ["approved", "current", "load", "may_edit", "project_of", "rewrite", "store"]

_REPORT: TypeAdapter[MonitoringReport] = TypeAdapter(MonitoringReport)


def load(row: models.MonitoringReport) -> MonitoringReport:
    """The domain report a version row stores."""
    return _REPORT.validate_python(row.document)


def approved(project: models.Project) -> models.Project | None:
    """The version in force (已批复/已公开) of ``project``'s record, None before approval."""
    return project.versions().filter(state__in=[str(s) for s in IN_FORCE]).first()


def current(project: models.Project) -> models.MonitoringReport | None:
    """The current monitoring report of ``project``'s record, if any."""
    return models.MonitoringReport.objects.filter(
        department_id=project.department_id, year=project.year, key=project.key, is_current=True
    ).first()


def may_edit(user: Any, approved: models.Project) -> Decision:
    """Whether ``user`` may write the report of ``approved`` (its draft, or a new one)."""
    row = current(approved)
    if row is not None:
        return permissions.allowed(user, Action.EDIT_DRAFT, row)
    return drafts.may_create(user, approved.department, "monitoring")


def project_of(row: models.MonitoringReport) -> models.Project | None:
    """The approved target table the report monitors (its record's version in force)."""
    found = models.Project.objects.filter(
        department_id=row.department_id, year=row.year, key=row.key
    ).first()
    return approved(found) if found is not None else None


def _columns(report: MonitoringReport, pacing: PacingReport) -> dict[str, Any]:
    lights = [i.light for i in pacing.indicators]
    worst = max((light for light in lights if light), key=SEVERITY.__getitem__, default="")
    project = report.project.name if report.project else ""
    return {
        "key": record_key(report).name,
        "year": report.year,
        "title": f"{report.title}（{project}）" if project else report.title,
        "project_name": project,
        "month": report.month,
        "document": report.model_dump(mode="json"),
        "document_id": report.id or "",
        "budget_annual": report.budget.annual,
        "budget_executed": report.budget.executed,
        "budget_forecast": report.budget.forecast,
        "budget_rate": pacing.budget.rate,
        "budget_light": pacing.budget.light or "",
        "light": worst,
        "red": lights.count("red"),
        "yellow": lights.count("yellow"),
        "risk": risk(pacing),
        "source_file": report.source.file,
        "source_line": report.source.line,
    }


def store(
    report: MonitoringReport, *, department: models.Department, version: int, user: Any
) -> models.MonitoringReport:
    """Write one version of a report (the caller holds the transaction)."""
    row = models.MonitoringReport.objects.create(
        department=department,
        version=version,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **_columns(report, engines.pace(report)),
    )
    totals.touch(department.pk)  # the overview's row of the project (jixiao.web.monitored)
    return row


def rewrite(row: models.MonitoringReport, report: MonitoringReport) -> models.MonitoringReport:
    """Replace the content of a draft version in place (the caller holds the transaction)."""
    for name, value in _columns(report, engines.pace(report)).items():
        setattr(row, name, value)
    row.revision += 1
    row.save()
    totals.touch(row.department_id)
    return row

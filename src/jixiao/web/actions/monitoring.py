"""绩效运行监控: :func:`save_monitoring` keeps a report as a draft, :func:`submit_monitoring`
submits it once every light that needs an explanation has one.

A report joins the record of the approved target table it monitors (its department, year and
project name are the table's, whatever a file or the API said). The first save makes version 1
of the record, in 草稿; saving a draft or a returned report again makes its next revision in place
(refused when someone saved it since the form was opened). Accepting and returning are the
workflow's transitions (:mod:`jixiao.web.actions.workflow`).
"""

from __future__ import annotations

from jixiao.domain.model import MonitoringReport
from jixiao.domain.monitoring_form import missing_explanations
from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.web import drafts, engines, models, monitoring, permissions, storage
from jixiao.web.actions import workflow
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["save_monitoring", "submit_monitoring"]

Audit = models.AuditEntry.Action


def _joined(report: MonitoringReport, project: models.Project) -> MonitoringReport:
    """``report`` filed under the approved table's unit, year and project."""
    table = storage.target_table(project)
    return report.model_copy(
        update={"department": table.department, "project": table.project, "year": table.year}
    )


def _summary(row: models.MonitoringReport) -> dict[str, object]:
    return {
        "revision": row.revision,
        "version": row.version,
        "month": row.month,
        "budget_light": row.budget_light,
        "red": row.red,
        "yellow": row.yellow,
    }


@action
def save_monitoring(
    report: MonitoringReport,
    actor: Actor,
    *,
    project: models.Project,
    base_revision: int | None = None,
) -> models.MonitoringReport:
    """Save ``report`` as the draft monitoring report of ``project``'s record (its version in
    force must be approved). ``base_revision``: the revision the form was opened at (None: any)."""
    approved = monitoring.approved(project)
    if approved is None:
        raise Refused(Denied("项目的绩效目标表尚未批复，不能填报绩效运行监控表", "state"))
    report = _joined(report, approved)
    row = monitoring.current(approved)
    if row is None:
        decision = drafts.may_create(actor.user, approved.department, "monitoring")
        if isinstance(decision, Denied):
            raise Refused(decision)
        row = monitoring.store(
            report, department=approved.department, version=1, user=actor.account
        )
        row.revision = 1
        row.save(update_fields=["revision"])
        record(actor, Audit.SAVE_MONITORING, row, new=_summary(row))
        return row
    permissions.check(actor.user, Action.EDIT_DRAFT, row)
    locked = models.MonitoringReport.objects.select_for_update().get(pk=row.pk)
    if base_revision is not None and base_revision != locked.revision:
        raise Refused(
            Denied(
                f"监控表已被他人保存（第 {locked.revision} 次修订），请重新打开后再填写", "state"
            )
        )
    old = _summary(locked)
    monitoring.rewrite(locked, report)
    record(actor, Audit.SAVE_MONITORING, locked, old=old, new=_summary(locked))
    return locked


@action
def submit_monitoring(row: models.MonitoringReport, actor: Actor) -> models.MonitoringReport:
    """提交 the report, refused while a red or yellow row lacks its explanation."""
    permissions.check(actor.user, Action.SUBMIT, row)
    report = monitoring.load(row)
    problems = missing_explanations(report, engines.pace(report))
    if problems:
        raise Refused(Denied("；".join(problems), "reason"))
    result = workflow.submit(row, actor)
    assert isinstance(result, models.MonitoringReport)
    return result

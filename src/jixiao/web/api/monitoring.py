"""The API of 绩效运行监控: ``GET/PUT /api/projects/{id}/monitoring`` (token or login, scoped).

GET answers the current monitoring report of the project's record with its pacing lights (404
before the first save, 409 while the table is not approved). PUT writes the form's fields (the
rows in the order of the approved table's indicators) as the draft, checked like the form's
save; with ``submit`` it then submits, refused (422) while a red or yellow row lacks its
explanation. Both go through :mod:`jixiao.web.actions` like the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from jixiao.domain.model import MonitoringReport
from jixiao.domain.monitoring_form import ROW_TEXTS, ReportFields, RowFields, build
from jixiao.domain.scoring.monitoring import PacingReport
from jixiao.domain.workflow import Denied, Refused
from jixiao.web import actions, engines, models, monitoring, storage
from jixiao.web.api.common import REFUSALS, refusal, visible

router = Router(tags=["monitoring"])


class MonitoringBudgetIn(Schema):
    """项目资金 in 万元, as decimal strings (``"70.5"``)."""

    annual: str = ""
    executed: str = ""
    forecast: str = ""


class MonitoringRowIn(Schema):
    """One indicator row, in the order of the approved table's indicators."""

    progress: str = ""  # 1–7月执行情况
    forecast: str = ""  # 全年预计完成值
    likelihood: str = ""  # 确定能 / 有可能 / 完全不可能
    reasons: list[str] = []  # 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他
    note: str = ""  # 原因说明
    measures: str = ""  # 纠偏措施


class MonitoringIn(Schema):
    as_of: str  # 截至日期, ISO (2025-07-31)
    budget: MonitoringBudgetIn = MonitoringBudgetIn()
    indicators: list[MonitoringRowIn] = []
    base_revision: int | None = None  # the revision it was opened at (None: any)
    submit: bool = False


class MonitoringOut(Schema):
    id: int
    version: int
    revision: int
    state: str
    report: MonitoringReport
    pacing: PacingReport


def _out(row: models.MonitoringReport) -> dict[str, Any]:
    report = monitoring.load(row)
    return {"id": row.pk, "version": row.version, "revision": row.revision, "state": row.state,
            "report": report, "pacing": engines.pace(report)}  # fmt: skip


def _row(row: MonitoringRowIn) -> RowFields:
    texts = {name: getattr(row, name)[:2000] for name in ROW_TEXTS}
    return RowFields(**texts, reasons=tuple(r[:20] for r in row.reasons[:10]))


def _approved(request: HttpRequest, project_id: int) -> models.Project:
    approved = monitoring.approved(visible(request, models.Project, project_id))
    if approved is None:
        raise Refused(Denied("项目的绩效目标表尚未批复，不能填报绩效运行监控表", "state"))
    return approved


@router.get(
    "/projects/{project_id}/monitoring",
    response={200: MonitoringOut, **REFUSALS},
    operation_id="jixiao_web_api_monitoring_get_monitoring",  # its id from before the split
)
def get_monitoring(request: HttpRequest, project_id: int) -> Any:
    """The current 绩效运行监控表 of the project's record, with its pacing lights."""
    try:
        approved = _approved(request, project_id)
    except Refused as refused:
        return refusal(refused.denied)
    row = monitoring.current(approved)
    if row is None:
        return refusal(Denied("该项目尚未填报绩效运行监控表", "hidden"))
    return _out(visible(request, models.MonitoringReport, row.pk))


@router.put(
    "/projects/{project_id}/monitoring",
    response={200: MonitoringOut, **REFUSALS},
    operation_id="jixiao_web_api_monitoring_put_monitoring",
)
def put_monitoring(request: HttpRequest, project_id: int, body: MonitoringIn) -> Any:
    """Save the report as a draft (and submit it with ``submit``)."""
    actor = actions.Actor(request.user, "api")
    try:
        approved = _approved(request, project_id)
        decision = monitoring.may_edit(request.user, approved)
        if isinstance(decision, Denied):
            return refusal(decision)
        fields = ReportFields(
            as_of=body.as_of[:20],
            annual=body.budget.annual[:50],
            executed=body.budget.executed[:50],
            forecast=body.budget.forecast[:50],
            rows=tuple(_row(r) for r in body.indicators[:300]),
        )
        built = build(storage.target_table(approved), fields)
        if built.errors:
            return Status(422, {"detail": "；".join(built.errors.values()), "code": "invalid"})
        row = actions.save_monitoring(
            built.report, actor, project=approved, base_revision=body.base_revision
        )
        if body.submit:
            row = actions.submit_monitoring(row, actor)
    except Refused as refused:
        return refusal(refused.denied)
    return _out(row)

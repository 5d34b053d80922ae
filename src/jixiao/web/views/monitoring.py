"""绩效运行监控 in the browser: the form of a project's report, its live lights, its page and
transitions, and the reviewers' overview with the 预警 list.

- ``/projects/<id>/monitoring/``: the report of an approved project (GET the form; POST saves the
  draft, ``submit`` saves and submits it — refused, with the form kept, while a red or yellow row
  lacks its explanation). ``/projects/<id>/monitoring/live/`` (HTMX) recomputes the lights.
- ``/projects/<id>/monitoring/import/``: a 136号 table uploaded becomes the draft (导入监控表).
- ``/monitoring/<id>/``: a stored report with its lights and state panel; ``…/transitions/``.
- ``/monitoring/``: every approved project in the user's scope with its budget pacing and
  indicator lights, sortable by risk, the 预警 list and the execution-rate chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Round
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.domain.model import MonitoringReport, TargetTable
from jixiao.domain.monitoring_form import (
    LIKELIHOODS,
    REASONS,
    ROW_TEXTS,
    ReportFields,
    RowFields,
    aligned,
    build,
    fields_for,
    fields_of,
    missing_explanations,
)
from jixiao.domain.monitoring_watch import expected_pace, overdue
from jixiao.domain.records import normalise_name
from jixiao.domain.scoring.monitoring import PacingReport
from jixiao.domain.workflow import ACTIONS, STATE_LABELS, STATES, Action, Denied, Refused, State
from jixiao.domain.workflow.states import FAMILY_OF
from jixiao.ingest import ReadError
from jixiao.web import (
    actions,
    engines,
    generations,
    importing,
    menus,
    models,
    monitoring,
    permissions,
    storage,
    untrusted,
)
from jixiao.web.actions import workflow
from jixiao.web.fields import PLACES
from jixiao.web.monitored import SUBMITTED
from jixiao.web.paging import Counted
from jixiao.web.views import guard
from jixiao.web.views.browse import query_without_page
from jixiao.web.views.workflow import TRANSITIONS, history, stored_versions, versions_summary

SORTS = {"risk", "rate", "name"}
PAGE_SIZE = 50  # projects per page of the overview (a province approves tens of thousands)
MISSING_SHOWN = 50  # reports missing listed among the warnings; the rest are counted
ALARMS_SHOWN = 50  # reports with a red light listed among the warnings; the rest are counted


def read_fields(data: QueryDict, rows: int) -> ReportFields:
    """The form's fields from a POST (row fields named ``progress-0`` …, ``reasons-0`` repeated)."""
    return ReportFields(
        as_of=data.get("as_of", "")[:20],
        annual=data.get("annual", "")[:50],
        executed=data.get("executed", "")[:50],
        forecast=data.get("forecast", "")[:50],
        rows=tuple(
            RowFields(
                **{name: data.get(f"{name}-{i}", "")[:2000] for name in ROW_TEXTS},
                reasons=tuple(r[:20] for r in data.getlist(f"reasons-{i}")[:10]),
            )
            for i in range(rows)
        ),
    )


@dataclass(frozen=True)
class Opened:
    """The approved table a form belongs to, and its stored report (None before the first save)."""

    project: models.Project
    table: TargetTable
    row: models.MonitoringReport | None


def _open(request: HttpRequest, pk: int) -> Opened:
    project = guard.get(request, models.Project, pk, select=["department"])
    approved = monitoring.approved(project)
    if approved is None:
        raise Refused(Denied("项目的绩效目标表尚未批复，不能填报绩效运行监控表", "state"))
    return Opened(approved, storage.target_table(approved), monitoring.current(approved))


def _lights(report: MonitoringReport, pacing: PacingReport) -> dict[str, Any]:
    """The live part of the form: the budget light, each row's light, what blocks submission,
    and the month the as-of date closes (the labels' “1–N月”)."""
    return {
        "pacing": pacing,
        "month": report.month,  # the labels say 1–N月 for the as-of date
        "problems": missing_explanations(report, pacing),
    }


def _form(
    request: HttpRequest,
    opened: Opened,
    fields: ReportFields,
    *,
    errors: dict[str, str] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    report = build(opened.table, fields).report
    pacing = engines.pace(report)
    typed = fields.rows + tuple(RowFields() for _ in range(len(report.indicators)))
    rows = [
        {"index": i, "indicator": ind, "fields": f, "paced": p}
        for i, (ind, f, p) in enumerate(
            zip(opened.table.indicators, typed, pacing.indicators, strict=False)  # typed: padded
        )
    ]
    context = {
        "project": opened.project,
        "table": opened.table,
        "row": opened.row,
        "fields": fields,
        "rows": rows,
        "errors": errors or {},
        "refusal": refusal,
        "likelihoods": LIKELIHOODS,
        "reasons": REASONS,
        "base_revision": opened.row.revision if opened.row else 0,
        **_lights(report, pacing),
    }
    return render(request, "jixiao/monitoring_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@guard.guarded
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    """The monitoring report of the approved project ``pk``: the form, save and submit."""
    opened = _open(request, pk)
    decision = monitoring.may_edit(request.user, opened.project)
    if isinstance(decision, Denied):
        if request.method == "GET" and opened.row is not None:
            return redirect("monitoring", pk=opened.row.pk)  # read it instead
        return guard.refused(request, decision)
    if request.method == "GET":
        stored = monitoring.load(opened.row) if opened.row else None
        return _form(request, opened, fields_of(stored) if stored else fields_for(opened.table))
    fields = read_fields(request.POST, len(opened.table.indicators))
    built = build(opened.table, fields)
    if built.errors:
        return _form(request, opened, fields, errors=built.errors, status=422)
    base = request.POST.get("base_revision", "")
    actor = actions.Actor(request.user, "web")
    row = actions.save_monitoring(
        built.report,
        actor,
        project=opened.project,
        base_revision=int(base) if base.isdigit() else None,
    )
    if "submit" not in request.POST:
        messages.success(request, f"已保存监控表草稿（第 {row.revision} 次修订）")
        return redirect("monitoring-fill", pk=pk)
    try:
        actions.submit_monitoring(row, actor)
    except Refused as refused:
        saved = Opened(opened.project, opened.table, row)
        return _form(request, saved, fields, refusal=refused.denied.reason, status=422)
    messages.success(request, "监控表已提交，待主管部门审核")
    return redirect("monitoring", pk=row.pk)


@require_POST
@guard.guarded
def live(request: HttpRequest, pk: int) -> HttpResponse:
    """The lights of the form as it is now (HTMX)."""
    opened = _open(request, pk)
    report = build(opened.table, read_fields(request.POST, len(opened.table.indicators))).report
    context = {**_lights(report, engines.pace(report)), "oob": True}
    return render(request, "jixiao/_monitoring_live.html", context)


@require_POST
@guard.guarded
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """导入监控表: a 136号 table (.xlsx, .docx …) of this project becomes its draft report."""
    opened = _open(request, pk)
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, "请选择要导入的监控表文件")
        return redirect("monitoring-fill", pk=pk)
    decision = monitoring.may_edit(request.user, opened.project)
    if isinstance(decision, Denied):  # refused before the file is read
        return guard.refused(request, decision)
    try:
        report = _read(importing.Upload.from_stream(file.name or "监控表", file), opened)
    except (ReadError, ValueError) as exc:
        messages.error(request, f"未导入：{exc}")
        return redirect("monitoring-fill", pk=pk)
    row = actions.save_monitoring(
        report, actions.Actor(request.user, "web"), project=opened.project
    )
    messages.success(request, f"已导入监控表（第 {row.revision} 次修订）")
    return redirect("monitoring-fill", pk=pk)


def _read(upload: importing.Upload, opened: Opened) -> MonitoringReport:
    """The file's monitoring report of the opened project, on the approved table's rows."""
    documents, _ = untrusted.read(upload.name, upload.data)
    reports = [d for d in documents if isinstance(d, MonitoringReport)]
    if not reports:
        raise ValueError(f"{upload.name} 中没有绩效运行监控表")
    mine = [
        r for r in reports if r.project and normalise_name(r.project.name) == opened.project.key
    ]
    if not mine:
        names = "、".join(r.project.name if r.project else "（未填写项目名称）" for r in reports)
        raise ValueError(f"{upload.name} 中的监控表（{names}）不是项目“{opened.project.name}”的")
    return aligned(opened.table, mine[0])


@guard.guarded
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """A stored monitoring report with its lights, state, transitions and history."""
    row = guard.get(request, models.MonitoringReport, pk, select=["department"])
    document = monitoring.load(row)
    pacing = engines.pace(document)
    decided = permissions.decisions(request.user, [*TRANSITIONS, Action.EDIT_DRAFT], row)
    stored = stored_versions(row)
    context = {
        "row": row,
        "document": document,
        "rows": list(zip(document.indicators, pacing.indicators, strict=True)),
        "project": monitoring.project_of(row),
        "may_edit": bool(decided[Action.EDIT_DRAFT]),
        "state_label": STATE_LABELS[State(row.state)],
        "versions_summary": versions_summary(row, stored),
        "transitions": [
            {"name": str(a), "label": ACTIONS[a].label, "reason": ACTIONS[a].reason_required}
            for a in TRANSITIONS
            if decided[a]
        ],
        "history": history(row, [str(pk) for pk, _state, _adjusts in stored]),
        **_lights(document, pacing),
    }
    return render(request, "jixiao/monitoring_report.html", context)


@require_POST
@guard.guarded
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    """POST ``action`` and ``reason``: 提交 (with the explanation rule), 审核通过, 退回 …"""
    row = guard.get(request, models.MonitoringReport, pk)
    name = request.POST.get("action", "")[:30]
    actor = actions.Actor(request.user, "web")
    if name == str(Action.SUBMIT):
        result = actions.submit_monitoring(row, actor)
    else:
        taken = workflow.take(row, name, actor, request.POST.get("reason", "")[:2000])
        assert isinstance(taken, models.MonitoringReport)
        result = taken
    messages.success(request, f"{ACTIONS[Action(name)].label}：{STATE_LABELS[State(result.state)]}")
    return redirect("monitoring", pk=result.pk)


@dataclass(frozen=True)
class Approved:
    """What the overview shows of an approved project (its version in force)."""

    pk: int
    department_id: int
    key: str
    name: str
    department: str  # its code and name, as the pages print a department


def _seen(user: Any) -> list[str] | None:
    """The report states ``user`` may see (None: every one — each staff role sees every state
    of a report, the public only published ones)."""
    who = permissions.actor(user)
    states = permissions.visible_states(who, "monitoring") if who is not None else []
    return None if len(states) == len(STATES[FAMILY_OF["monitoring"]]) else states


def _ordered(
    rows: QuerySet[models.Monitored], sort: str, seen: list[str] | None, late: bool
) -> QuerySet[models.Monitored]:
    """``rows`` in the overview's order: by risk (worst first; then, after the deadline, the
    projects without a submitted report), by execution rate (lowest first, none last), by name.
    A report the user may not see counts as none."""
    risk, rate, submitted = "risk", "rate", "submitted"
    if seen is not None:  # the public: the stored values of the reports it sees
        shown = Q(report_state__in=seen)
        rows = rows.annotate(
            shown_risk=Case(When(shown, then=F("risk")), default=Value(0)),
            shown_rate=Case(When(shown, then=F("rate")), default=Value(None)),
            shown_submitted=Case(When(shown, then=F("submitted")), default=Value(False)),
        )
        risk, rate, submitted = "shown_risk", "shown_rate", "shown_submitted"
    if sort == "rate":
        return rows.order_by(F(rate).asc(nulls_last=True), "name", "id")
    if sort == "name":
        return rows.order_by("name", "id")
    return rows.order_by(f"-{risk}", *([submitted] if late else []), "name", "id")


@guard.guarded
def overview(request: HttpRequest) -> HttpResponse:
    """绩效运行监控总览: projects in scope with their lights, sorted; the 预警 list; the chart.
    The projects are the kept rows of :mod:`jixiao.web.monitored`, ordered and paged by the
    database (ids first, then the page's rows)."""
    years = permissions.visible(request.user, models.Project.objects.all())
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    year = year or years.exclude(year=None).order_by("-year").values_list("year", flat=True).first()
    sort = request.GET.get("sort", "risk")
    sort = sort if sort in SORTS else "risk"
    due, today = settings.JIXIAO_MONITORING_DEADLINE, date.today()
    late = overdue(year, due, today, False)  # a report not submitted is missing now
    seen = _seen(request.user)
    kept = permissions.visible_totals(  # the version in force, seen like the project itself
        request.user, models.Monitored.objects.filter(year=year), "target_table"
    )
    rows = _ordered(kept, sort, seen, late)
    summary = _summary(kept, rows, seen, late, sort)
    paged = Counted(rows, PAGE_SIZE, summary["rows"], _loaded(False))
    page = paged.get_page(request.GET.get("page"))
    context = {
        "year": year,
        "sort": sort,
        "deadline": due,
        "items": [_item(row, seen, late) for row in page.object_list],
        "page": page,
        "query": query_without_page(request),
        "warnings": mark_safe(summary["warnings"]),
        "chart": summary["chart"],
    }
    return render(request, "jixiao/monitoring_overview.html", context)


def _summary(
    kept: QuerySet[models.Monitored],
    rows: QuerySet[models.Monitored],
    seen: list[str] | None,
    late: bool,
    sort: str,
) -> dict[str, Any]:
    """How many rows the overview has, its warnings (rendered) and its chart: grouped, counted
    and rendered from the year's kept rows and the red lights' reports, so computed once per
    state of them (:func:`jixiao.web.generations.cached`) for the user's scope (``kept``), the
    states seen, whether reports are missing yet (the deadline passed), the order, the language,
    the profiles in force (the red lights' explanations) and the department tree (the warnings
    name departments)."""

    def compute() -> dict[str, Any]:
        return {
            "rows": kept.count(),
            "warnings": _warnings_html(rows, seen, late),
            "chart": _chart(kept, seen),
        }

    key = ("monitoring", generations.scope(kept), seen, late, sort, get_language())
    profiles = (settings.JIXIAO_REVIEW_PROFILE, settings.JIXIAO_SCORING_PROFILES)  # the lights
    return generations.cached("monitored", (*key, profiles, menus.stamp()[0]), compute)


def _warnings_html(rows: QuerySet[models.Monitored], seen: list[str] | None, late: bool) -> str:
    """预警 (:func:`_warnings`), with the count of the red lights and missing reports not listed."""
    alarms = rows.filter(_shown(seen), alarm=True, report__isnull=False)
    missing = rows.exclude(Q(submitted=True) & _shown(seen)) if late else rows.none()
    shown_alarms = _rows(alarms, ALARMS_SHOWN + 1, documents=True)
    shown_missing = _rows(missing, MISSING_SHOWN + 1)
    context = {
        "warnings": _warnings(
            shown_alarms[:ALARMS_SHOWN], shown_missing[:MISSING_SHOWN], seen, late
        ),
        "alarms_shown": ALARMS_SHOWN,
        "more_alarms": _rest(alarms, shown_alarms, ALARMS_SHOWN),
        "more_missing": _rest(missing, shown_missing, MISSING_SHOWN),
    }
    return render_to_string("jixiao/_monitoring_warnings.html", context)


def _rest(rows: QuerySet[models.Monitored], first: list[models.Monitored], shown: int) -> int:
    """How many of ``rows`` are not among the ``shown`` listed (counted only when some are not:
    ``first`` holds one more than is shown)."""
    return rows.count() - shown if len(first) > shown else 0


def _shown(seen: list[str] | None) -> Q:
    """The rows whose report the user may see (or that have none)."""
    return Q() if seen is None else Q(report_state__in=seen)


def _item(row: models.Monitored, seen: list[str] | None, late: bool) -> dict[str, Any]:
    """One project of the overview (a report the user may not see shown as none); ``late``:
    whether a report not submitted is missing at the deadline today."""
    report = row.report if seen is None or row.report_state in seen else None
    project = Approved(row.project_id, row.department_id, row.key, row.name, str(row.department))
    return {
        "project": project,
        "report": report,
        "state_label": STATE_LABELS[State(report.state)] if report else "",
        "missing": late and not (report is not None and report.state in SUBMITTED),
    }


def _rows(
    rows: QuerySet[models.Monitored], limit: int, documents: bool = False
) -> list[models.Monitored]:
    """The first ``limit`` of ``rows`` with their department and report (its stored document
    only with ``documents``: the red lights explain themselves from it): the ids in order by the
    index first, then those rows (as the paging helper does)."""
    ids = list(rows.values_list("pk", flat=True)[:limit])
    found = _loaded(documents).in_bulk(ids)
    return [found[pk] for pk in ids]


def _loaded(documents: bool) -> QuerySet[models.Monitored]:
    """The overview's rows with their department and report (without the report's document,
    decoded for nothing on every row of a page, unless ``documents``)."""
    rows = models.Monitored.objects.select_related("department", "report")
    return rows if documents else rows.defer("report__document")


def _warnings(
    alarms: list[models.Monitored],
    missing: list[models.Monitored],
    seen: list[str] | None,
    late: bool,
) -> list[dict[str, Any]]:
    """预警: the red lights of the first reports with one (budget and rows,
    :data:`ALARMS_SHOWN`), then the first projects whose report is missing
    (:data:`MISSING_SHOWN`), each in the overview's order."""
    out = []
    for row in alarms:
        assert row.report is not None
        pacing = engines.pace(monitoring.load(row.report))
        reds = [p for p in pacing.indicators if p.light == "red"]
        budget = pacing.budget if pacing.budget.light == "red" else None
        out.append({"item": _item(row, seen, late), "reds": reds, "budget": budget})
    out += [{"item": _item(row, seen, late), "reds": [], "budget": None} for row in missing]
    return out


#: a stored rate's unit: millionths of a percent (jixiao.web.fields)
RATE_SCALE = 10.0**PLACES


def _chart(rows: QuerySet[models.Monitored], seen: list[str] | None) -> dict[str, Any]:
    """Execution rates of the reports at their month against 序时进度 (m/12) month by month: one
    point per month and rate (rounded to the percent) with the number of reports there and, for
    a point of one report, its project's name — counted in the database (a province's year has
    tens of thousands of reports: a point each was 30,000 rows read and 2 MB of JSON a page)."""
    rated = rows.filter(_shown(seen)).exclude(rate=None).exclude(report=None)
    percent = Round(ExpressionWrapper(F("rate") / Value(RATE_SCALE), output_field=FloatField()))
    grouped = (
        rated.annotate(percent=percent)
        .values("month", "percent")
        .annotate(count=Count("id"), first=Min("name"))
        .order_by("month", "percent")
    )
    points = [
        {
            "month": p["month"],
            "rate": str(int(p["percent"])),
            "count": p["count"],
            "name": p["first"] if p["count"] == 1 else "",
        }
        for p in grouped
    ]
    return {"pace": [str(expected_pace(m)) for m in range(1, 13)], "points": points}

"""Changes to stored records from their pages: dismiss a finding, delete a record; the audit log."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jixiao.domain.workflow import Action
from jixiao.web import actions, models, params, permissions
from jixiao.web.views import guard
from jixiao.web.views.browse import query_without_page

AUDIT_PAGE_SIZE = 100


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 page that says why (never a bare 403)."""
    return render(request, "jixiao/refused.html", {"message": message}, status=403)


@require_POST
@guard.guarded
def dismiss_finding(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer dismisses a finding with a reason (recorded; shown struck through)."""
    finding = guard.get(request, models.Finding, pk, select=["project", "evaluation"])
    permissions.check(request.user, Action.DISMISS_FINDING, finding)
    reason = request.POST.get("reason", "").strip()[:2000]
    if not reason:
        messages.error(request, _("Give a reason for dismissing the finding."))
    elif finding.dismissed_at is not None:
        messages.error(request, _("This finding was dismissed already."))
    else:
        actions.dismiss_finding(finding, actions.Actor(request.user, "web"), reason)
        messages.success(request, _("Finding dismissed."))
    if finding.project_id:
        return redirect("project", pk=finding.project_id)
    return redirect("evaluation", pk=finding.evaluation_id)


@require_POST
def delete_record(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """An administrator deletes a project or a self-evaluation, every version (typed confirmation)."""
    stored: models.Project | models.SelfEvaluation = (
        guard.get(request, models.Project, pk)
        if kind == "project"
        else guard.get(request, models.SelfEvaluation, pk)
    )
    if not permissions.is_administrator(request.user):
        return _refused(request, _("Only an administrator can delete a record."))
    if request.POST.get("confirm", "").strip() != str(stored.pk):
        messages.error(request, _("Type the number shown to confirm the deletion."))
        return redirect(kind if kind == "project" else "evaluation", pk=pk)
    actor = actions.Actor(request.user, "web")
    if isinstance(stored, models.Project):
        count = actions.delete_project(stored, actor)
    else:
        count = actions.delete_evaluation(stored, actor)
    messages.success(
        request, _("Deleted %(name)s (%(n)s versions).") % {"name": stored, "n": count}
    )
    return redirect("projects" if kind == "project" else "evaluations")


@guard.guarded
@params.query(
    user=params.Text(150),
    action=params.Text(30),
    **{"from": params.Text(30)},
    to=params.Text(30),
    object=params.Text(131),
    page=params.PAGE,
)
def audit(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """审计日志 (finance reviewers, auditors, administrators): filter by user, action type, date
    and object (type:id)."""
    permissions.check(request.user, Action.VIEW_AUDIT)
    entries = models.AuditEntry.objects.all()
    if username := query["user"]:
        entries = entries.filter(username=username)
    if (kind := query["action"]) in models.AuditEntry.Action.values:
        entries = entries.filter(action=kind)
    if day := _date(query["from"]):
        entries = entries.filter(at__date__gte=day)
    if day := _date(query["to"]):
        entries = entries.filter(at__date__lte=day)
    object_type, _sep, object_id = query["object"].partition(":")
    if object_type and object_id:
        entries = entries.filter(object_type=object_type[:30], object_id=object_id[:100])
    context = {
        "page": Paginator(entries, AUDIT_PAGE_SIZE).get_page(query["page"]),
        "actions": models.AuditEntry.Action.choices,
        "users": get_user_model().objects.order_by("username").values_list("username", flat=True),
        "params": request.GET,
        "query": query_without_page(request),
    }
    return render(request, "jixiao/audit.html", context)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None

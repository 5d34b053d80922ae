"""后台作业 pages: the user's jobs, a job with its progress bar (HTMX polling), cancel, the file
an export made, and the forms that start a job (:mod:`jixiao.web.jobs`, docs/jobs.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from jixiao.domain.workflow import Refused
from jixiao.export import FORMATS
from jixiao.export.batch import media_type
from jixiao.web import actions, models, params, permissions
from jixiao.web.views import guard

Job = models.Job
YEAR = params.Integer(1900, 2100)
START: dict[str, params.Spec] = {
    Job.Kind.IMPORT: {"token": params.Text(100)},
    Job.Kind.EXPORT: {"department": params.ID, "year": YEAR, "format": params.Text(10)},
    Job.Kind.REVIEW: {"year": YEAR},
    Job.Kind.RECOMPUTE: {},
}


def _jobs(request: HttpRequest) -> Any:
    return permissions.visible_jobs(request.user, Job.objects.select_related("user"))


def _job(request: HttpRequest, pk: int) -> models.Job:
    job: models.Job = get_object_or_404(_jobs(request).defer("file"), pk=params.check_id(pk))
    return job


def jobs(request: HttpRequest) -> HttpResponse:
    """The user's jobs (an administrator's: everybody's), newest first."""
    context = {
        "jobs": _jobs(request).defer("file")[:200],
        "may_review": permissions.job_refusal(request.user, Job.Kind.REVIEW) is None,
        "may_recompute": permissions.job_refusal(request.user, Job.Kind.RECOMPUTE) is None,
    }
    return render(request, "jixiao/jobs.html", context)


def job(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "jixiao/job.html", {"job": _job(request, pk)})


def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job page polls (it stops polling once the job has ended)."""
    return render(request, "jixiao/_job_progress.html", {"job": _job(request, pk)})


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = _job(request, pk)
    try:
        actions.jobs.cancel_job(found, actions.Actor(request.user, "web"))
    except actions.jobs.JobGone:
        messages.error(request, "该作业已结束，无法取消。")
        return render(request, "jixiao/job.html", {"job": found}, status=409)
    return redirect("job", pk=found.pk)


def file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file an export job made."""
    found = get_object_or_404(_jobs(request), pk=params.check_id(pk))
    if found.file is None:
        raise Http404("该作业没有文件")
    format = str(found.params.get("format") or "xlsx")
    response = HttpResponse(bytes(found.file), content_type=media_type(format))
    response["Content-Disposition"] = content_disposition_header(True, found.file_name)
    return response


@require_POST
@guard.guarded
def start(request: HttpRequest, kind: str) -> HttpResponse:
    """Queue a job of ``kind`` with the form's parameters, then show its page."""
    if kind not in START:
        raise Http404(kind)
    refusal = permissions.job_refusal(request.user, kind)
    if refusal is not None:
        raise Refused(refusal)
    try:
        values = params.parse(START[kind], request.POST)
        values = _checked(request, kind, values)
    except params.BadParameter as exc:
        return params.bad_request(request, str(exc))
    except actions.UploadGone:
        return params.bad_request(request, "该上传已过期或不属于您，请重新上传文件。")
    queued = actions.jobs.queue_job(kind, values, actions.Actor(request.user, "web"))
    if request.headers.get("HX-Request"):  # a button of a GET form (the batch export)
        return HttpResponse(status=204, headers={"HX-Redirect": reverse("job", args=[queued.pk])})
    return redirect("job", pk=queued.pk)


def _checked(request: HttpRequest, kind: str, values: dict[str, Any]) -> dict[str, Any]:
    if kind == Job.Kind.IMPORT:
        actions.uploads.pending_upload(values["token"], actions.Actor(request.user, "web"))
        values["approved"] = request.POST.get("approved") == "1"
    if kind == Job.Kind.EXPORT and (values["format"] or "xlsx") not in FORMATS:
        raise params.BadParameter("format", ", ".join(FORMATS))
    if kind == Job.Kind.REVIEW and values["year"] is None:
        raise params.BadParameter("year", "请填写年度")
    return values

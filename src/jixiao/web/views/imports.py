"""Import in the browser: upload → preview (nothing stored but the upload) → confirm.

Between preview and confirm the files wait in the database as a pending upload of the user who
sent them, each with what the preview read in it (:func:`jixiao.web.actions.stash_upload`,
:mod:`jixiao.web.readings`); the confirm form names it by a random token, and
:func:`jixiao.web.actions.confirm_upload` commits it at most once, planned and reviewed again
against the stored versions of that moment but without reading the files again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jixiao.domain.diff import summary_zh
from jixiao.domain.review import finding_row
from jixiao.domain.workflow import Action, Refused
from jixiao.ingest.sandbox import load
from jixiao.web import actions, importing, models, params, permissions, serial
from jixiao.web.meanings import hover
from jixiao.web.preview_summary import by_severity, summarise
from jixiao.web.views import guard


@guard.guarded
def upload(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: the preview of the uploaded files."""
    permissions.check(request.user, Action.IMPORT)
    if request.method != "POST":
        return render(request, "jixiao/import.html", {"reading": load()})
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Choose at least one file."))
        return render(request, "jixiao/import.html", {}, status=400)
    actor = actions.Actor(request.user, "web")
    actions.expire_uploads(actor)
    uploads = [importing.Upload.from_stream(params.file_name(f.name or ""), f) for f in files]
    preview = importing.preview(uploads)
    refusal = permissions.import_refusal(request.user, preview.cards)
    if refusal is not None:
        raise Refused(refusal)
    token = actions.stash_upload(uploads, actor, preview).token if preview.committable else ""
    return _render_preview(request, preview, token)


@require_POST
@guard.guarded
def confirm(request: HttpRequest) -> HttpResponse:
    """Commit the pending upload the form names; a second confirm answers 409 “已导入”.

    ``approved=1`` (offered to finance reviewers) imports the tables as 已批复."""
    permissions.check(request.user, Action.IMPORT)
    token = request.POST.get("token", "")[:100]
    actor = actions.Actor(request.user, "web")
    approved = request.POST.get("approved") == "1"
    try:
        with serial.one_import_at_a_time():
            batch = actions.confirm_upload(token, actor, approved=approved)
    except actions.AlreadyImported:
        return _already_imported(request, token)
    except serial.ImportConflict as exc:
        messages.error(request, str(exc))
        return render(request, "jixiao/import.html", {}, status=409)
    except actions.UploadGone:
        messages.error(
            request, _("This upload has expired or is not yours; upload the files again.")
        )
        return render(request, "jixiao/import.html", {}, status=410)
    except importing.ImportRefused as refused:
        return _render_preview(request, refused.preview, "", status=409)
    messages.success(request, _("Imported: %(outcome)s") % {"outcome": batch.outcome})
    return redirect("batch", pk=batch.pk)


def _already_imported(request: HttpRequest, token: str) -> HttpResponse:
    pending = actions.uploads.pending_upload(token, actions.Actor(request.user, "web"))
    context = {"batch": pending.batch}
    return render(request, "jixiao/already_imported.html", context, status=409)


def _render_preview(
    request: HttpRequest, preview: importing.Preview, token: str, status: int = 200
) -> HttpResponse:
    files = [_file(number, result) for number, result in enumerate(preview.files, 1)]
    context = {
        "preview": preview,
        "files": files,
        "token": token,
        "may_approve": bool(permissions.allowed(request.user, Action.BULK_APPROVE)),
    }
    status = 422 if preview.errors and status == 200 else status
    return render(request, "jixiao/preview.html", context, status=status)


def _file(number: int, result: importing.FileResult) -> dict[str, Any]:
    """What the preview page shows of a file: its summary and documents, each with its findings
    (made from the rows the import would store)."""
    shown = [[finding_row.finding(row) for row in rows] for rows in result.findings]
    return {
        "key": number,  # names its lists' pages (paging.py)
        "result": result,
        "summary": summarise(result.report, result.documents, shown),
        "documents": [
            {
                "key": f"{number}-{position}",
                "document": document,
                "rows": [(ind, hover(ind.target)) for ind in document.indicators],
                "findings": findings,
                "severities": by_severity([findings]),
                "plan": plan,
                "changes": summary_zh(plan.changes),
            }
            for position, (document, findings, plan) in enumerate(
                zip(result.documents, shown, result.plans, strict=True), 1
            )
        ],
    }


def _batches(request: HttpRequest) -> QuerySet[models.ImportBatch]:
    """The batches the user may see: every batch for the roles that reach every department,
    else the user's own."""
    rows = models.ImportBatch.objects.select_related("user")
    if permissions.sees_all(request.user):
        return rows
    return rows.filter(user__pk=request.user.pk) if request.user.pk else rows.none()


def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """An import batch: who, when, its files and the versions it stored (that the user may see)."""
    stored = get_object_or_404(_batches(request), pk=pk)
    context = {
        "batch": stored,
        "files": stored.files.all(),
        "projects": permissions.visible(
            request.user, models.Project.objects.filter(batch=stored).select_related("department")
        ),
        "evaluations": permissions.visible(
            request.user, models.SelfEvaluation.objects.filter(batch=stored)
        ),
    }
    return render(request, "jixiao/batch.html", context)


def batches(request: HttpRequest) -> HttpResponse:
    return render(request, "jixiao/batches.html", {"batches": _batches(request)[:200]})


@require_POST
def delete_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a batch (administrators; the form asks to type the batch number to confirm)."""
    stored = get_object_or_404(_batches(request), pk=pk)
    if not permissions.is_administrator(request.user):
        messages.error(request, _("Only an administrator can delete an import batch."))
        return redirect("batch", pk=pk)
    if request.POST.get("confirm") != str(stored.pk):
        messages.error(request, _("Type the batch number to confirm the deletion."))
        return redirect("batch", pk=pk)
    count = actions.delete_batch(stored, actions.Actor(request.user, "web"))
    messages.success(request, _("Batch %(pk)s deleted (%(n)s versions).") % {"pk": pk, "n": count})
    return redirect(reverse("batches"))

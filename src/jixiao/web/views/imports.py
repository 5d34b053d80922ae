"""Import in the browser: upload → preview (nothing written) → confirm (one transaction).

Between preview and confirm the files wait in ``UPLOAD_DIR`` under their SHA-256; the confirm form
names them by hash, so nothing but those files can be committed.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jixiao.ingest.sandbox import load
from jixiao.web import importing
from jixiao.web.views.browse import meaning

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def upload(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: the preview of the uploaded files."""
    if request.method != "POST":
        return render(request, "jixiao/import.html", {"reading": load()})
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Choose at least one file."))
        return render(request, "jixiao/import.html", {}, status=400)
    uploads = [importing.Upload.from_stream(f.name or "upload", f) for f in files]
    preview = importing.preview(uploads)
    if preview.committable:
        _stash(uploads)
    return _render_preview(request, preview)


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Commit the previewed files (named by hash) in one transaction."""
    pairs = zip(request.POST.getlist("sha256"), request.POST.getlist("name"), strict=False)
    uploads = [_unstash(digest, name) for digest, name in pairs if SHA256.match(digest)]
    uploads = [u for u in uploads if u is not None]
    preview = importing.preview(uploads)
    try:
        batch = importing.commit(preview, user=request.user, via="web")
    except importing.ImportRefused:
        if not uploads:
            messages.error(request, _("The previewed files are gone; upload them again."))
        return _render_preview(request, preview, status=409)
    for item in uploads:
        _path(item.sha256).unlink(missing_ok=True)
    messages.success(request, _("Imported: %(outcome)s") % {"outcome": batch.outcome})
    return redirect("projects")


def _render_preview(
    request: HttpRequest, preview: importing.Preview, status: int = 200
) -> HttpResponse:
    files = [
        {
            "result": result,
            "documents": [
                {
                    "document": document,
                    "rows": [(ind, meaning(ind.target)) for ind in document.indicators],
                    "findings": findings,
                }
                for document, findings in zip(result.documents, result.findings, strict=True)
            ],
        }
        for result in preview.files
    ]
    context = {"preview": preview, "files": files}
    status = 422 if preview.errors and status == 200 else status
    return render(request, "jixiao/preview.html", context, status=status)


def _path(digest: str) -> Path:
    return Path(settings.UPLOAD_DIR) / digest


def _stash(uploads: list[importing.Upload]) -> None:
    Path(settings.UPLOAD_DIR).mkdir(parents=True, exist_ok=True)
    for item in uploads:
        _path(item.sha256).write_bytes(item.data)


def _unstash(digest: str, name: str) -> importing.Upload | None:
    path = _path(digest)
    return importing.Upload(name=name, data=path.read_bytes()) if path.exists() else None

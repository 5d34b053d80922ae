"""Import over the API: preview uploaded files, or store them as one batch."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from jixiao.domain.workflow import Action, Denied
from jixiao.web import actions, importing, models, params, permissions, serial
from jixiao.web.api.common import Refusal, refusal

router = Router()


class TableReportOut(Schema):
    """A table the reader recognised (``supported=false``: recognised but not read)."""

    where: str
    kind: str
    title: str
    header: str | None
    columns: dict[str, str]
    rows: int
    documents: int
    supported: bool


class SkippedOut(Schema):
    where: str
    text: str
    reason: str


class NoteOut(Schema):
    cell: str
    raw: str
    read_as: str
    why: str


class FileReportOut(Schema):
    """What the reader recognised in a file, the cells it skipped and why, the values normalised."""

    reader: str
    tables: list[TableReportOut]
    skipped: list[SkippedOut]
    notes: list[NoteOut]


class FileOut(Schema):
    name: str
    sha256: str
    size: int
    status: str  # new | duplicate | error
    documents: int
    error: str | None
    report: FileReportOut | None  # null for formats whose reader gives no report (seed text)


class ImportOut(Schema):
    committed: bool
    batch: int | None
    summary: str
    files: list[FileOut]


@router.post(
    "/import",
    response={200: ImportOut, 409: ImportOut, 422: ImportOut, 401: Refusal, 403: Refusal},
)
def import_files(
    request: HttpRequest,
    files: File[list[UploadedFile]],
    commit: Form[bool] = False,
    approved: Form[bool] = False,
) -> Any:
    """Preview uploaded files (``commit=false``), or store them in one transaction (``commit=true``).

    422: a file cannot be read (nothing written); 409: nothing new to commit (every table is
    stored already and unchanged), or another import stored the same files at the same time
    (``summary`` says so; preview again). A changed table becomes a new version of its project.
    The tables enter as drafts, or as approved with ``approved=true`` (finance reviewers); 403
    when a table belongs to a department outside the user's scope.
    """
    decision = permissions.allowed(request.user, Action.IMPORT)
    if isinstance(decision, Denied):
        return refusal(decision)
    uploads = [importing.Upload.from_stream(params.file_name(f.name or ""), f) for f in files]
    preview = importing.preview(uploads)
    denied = permissions.import_refusal(request.user, preview.cards, approved)
    if denied is not None:
        return refusal(denied)
    status = 422 if preview.errors else 200
    batch, conflict = None, ""
    if commit and status == 200:
        try:
            with serial.one_import_at_a_time():
                batch = actions.import_batch(
                    preview, actions.Actor(request.user, "api"), approved=approved
                )
        except importing.ImportRefused:
            status = 409
        except serial.ImportConflict as exc:
            status, conflict = 409, str(exc)
    return Status(status, _import_out(preview, batch, conflict))


def _import_out(
    preview: importing.Preview, batch: models.ImportBatch | None, conflict: str = ""
) -> ImportOut:
    def status(result: importing.FileResult) -> str:
        if result.error:
            return "error"
        return "duplicate" if result.duplicate_of else "new"

    files = [
        FileOut(
            name=r.name,
            sha256=r.sha256,
            size=r.size,
            status=status(r),
            documents=len(r.cards),
            error=str(r.error) if r.error else None,
            report=FileReportOut.model_validate(r.report) if r.report else None,
        )
        for r in preview.files
    ]
    return ImportOut(
        committed=batch is not None,
        batch=batch.pk if batch else None,
        summary=batch.outcome if batch else conflict or preview.summary(),
        files=files,
    )

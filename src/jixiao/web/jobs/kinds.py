"""What each kind of job does: a few lines over the existing actions and exports.

Each kind takes the job and a ``step(done, total)`` callback and returns how it ended. Bulk import
and review write in one transaction (a cancel or a crash leaves nothing half-written; a retry
starts again); recomputation writes year by year (a retry skips the years already done); an
export writes nothing but its file, kept on the job (shared by every web process).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from jixiao.domain.workflow import Refused
from jixiao.export import FORMATS
from jixiao.export.batch import export, suffix
from jixiao.export.pdf import ConversionError
from jixiao.ingest import ReadError
from jixiao.web import actions, importing, models, serial
from jixiao.web.actions.reviews import review_year, stale_years
from jixiao.web.documents import Selection, documents

Step = Callable[[int, int], None]
Job = models.Job


class Ending(NamedTuple):
    """How an attempt ended: state, message (Chinese), outcome, and the file it made."""

    state: str
    message: str
    outcome: dict[str, Any] | None = None
    file: tuple[str, bytes] | None = None


class Invalid(ValueError):
    """The job's parameters do not name anything it can do."""


#: failures the owner can act on: the job fails with their message (others are program errors)
EXPECTED = (
    Invalid,
    Refused,
    ReadError,
    ConversionError,
    importing.ImportRefused,
    serial.ImportConflict,
    actions.AlreadyImported,
    actions.UploadGone,
)


def _actor(job: models.Job) -> actions.Actor:
    return actions.Actor(job.user, job.via)


def bulk_import(job: models.Job, step: Step) -> Ending:
    """Commit a stashed upload (``params``: token, approved) through :func:`confirm_upload`."""
    token = str(job.params.get("token", ""))
    total = models.PendingFile.objects.filter(upload__token=token).count()
    read = iter(range(1, total + 1))
    step(0, total)
    with serial.one_import_at_a_time():
        batch = actions.confirm_upload(
            token,
            _actor(job),
            approved=bool(job.params.get("approved")),
            progress=lambda name: step(next(read, total), total),
        )
    step(total, total)
    message = _("Imported: %(outcome)s") % {"outcome": batch.outcome}
    return Ending(Job.State.SUCCEEDED, message, {"batch": batch.pk})


def review(job: models.Job, step: Step) -> Ending:
    """Review a year again (``params``: year)."""
    year = job.params.get("year")
    if not isinstance(year, int):
        raise Invalid("请指定年度")
    summary = review_year(year, _actor(job), step)
    return Ending(Job.State.SUCCEEDED, _summary(summary), summary)


def recompute(job: models.Job, step: Step) -> Ending:
    """Review again every year whose findings were made under another profile (or content)."""
    years = stale_years()
    step(0, len(years))
    summaries = []
    for done, year in enumerate(years, start=1):
        summaries.append(review_year(year, _actor(job)))
        step(done, len(years))
    message = "；".join(_summary(s) for s in summaries) or "所有年度的审核结果均已按现行规则生成。"
    return Ending(Job.State.SUCCEEDED, message, {"years": summaries})


def _summary(summary: dict[str, Any]) -> str:
    return (
        f"{summary['year']} 年度：重新审核 {summary['documents']} 份文档，"
        f"{summary['changed']} 份的审核意见有变化（规则 {summary['profile']}）"
    )


def batch_export(job: models.Job, step: Step) -> Ending:
    """Export the current documents of a selection the owner may see (``params``:
    department, year, format) into one file kept on the job."""
    format = str(job.params.get("format") or "xlsx")
    if format not in FORMATS:
        raise Invalid(f"不支持的导出格式：{format}")
    selection = Selection(department_id=job.params.get("department"), year=job.params.get("year"))
    found = documents(selection, job.user) if job.user is not None else documents(selection)
    if not found:
        raise Invalid("没有符合条件的表")
    data = export(found, format, step)
    name = f"绩效表{suffix(format)}"
    message = f"已导出 {len(found)} 份文档（{len(data)} 字节）。"
    return Ending(Job.State.SUCCEEDED, message, {"documents": len(found)}, (name, data))


KINDS: dict[str, Callable[[models.Job, Step], Ending]] = {
    Job.Kind.IMPORT: bulk_import,
    Job.Kind.REVIEW: review,
    Job.Kind.RECOMPUTE: recompute,
    Job.Kind.EXPORT: batch_export,
}

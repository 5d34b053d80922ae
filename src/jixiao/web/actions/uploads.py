"""上传待确认: uploads kept for their owner between preview and confirm, committed at most once."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from jixiao.web import engines, importing, models, readings, untrusted
from jixiao.web.actions.audit import Actor, action, record
from jixiao.web.actions.imports import import_batch

__all__ = ["AlreadyImported", "UploadGone", "confirm_upload", "expire_uploads", "stash_upload"]

Audit = models.AuditEntry.Action


class AlreadyImported(Exception):
    """The upload was committed before (or is being committed by another request)."""

    def __init__(self, upload: models.PendingUpload) -> None:
        self.upload = upload
        super().__init__("已导入")


class UploadGone(Exception):
    """No such upload for this user, or it expired."""


@action
def stash_upload(
    uploads: Sequence[importing.Upload],
    actor: Actor,
    preview: importing.Preview | None = None,
) -> models.PendingUpload:
    """Keep ``uploads`` for their owner to confirm (they expire after JIXIAO_UPLOAD_HOURS), with
    what ``preview`` (of these uploads, in order) read in each, so the confirm reads none again."""
    pending = models.PendingUpload.objects.create(
        token=secrets.token_urlsafe(32),
        user=actor.account,
        expires_at=timezone.now() + timedelta(hours=settings.JIXIAO_UPLOAD_HOURS),
    )
    kept = _readings(uploads, preview)
    models.PendingFile.objects.bulk_create(
        models.PendingFile(upload=pending, position=i, name=u.name, data=u.data, reading=r)
        for i, (u, r) in enumerate(zip(uploads, kept, strict=True))
    )
    files = [{"name": u.name, "sha256": u.sha256, "size": len(u.data)} for u in uploads]
    record(actor, Audit.STASH_UPLOAD, pending, new={"files": files})
    return pending


def _readings(uploads: Sequence[importing.Upload], preview: importing.Preview | None) -> list[str]:
    """The JSON of each upload's reading in ``preview`` ("" for a file it did not read)."""
    if preview is None:
        return ["" for _ in uploads]
    made = readings.stamp(preview.read_profile) if preview.read_profile else ""
    return [
        readings.dumps(r.reading, made) if r.reading is not None else ""
        for _upload, r in zip(uploads, preview.files, strict=True)
    ]


def _reader(
    files: Sequence[models.PendingFile],
) -> tuple[list[importing.Upload], importing.Reader | None]:
    """The uploads of ``files``, and their kept readings (None when none was kept)."""
    uploads = [importing.Upload(name=f.name, data=bytes(f.data)) for f in files]
    kept = {id(u): f.reading for u, f in zip(uploads, files, strict=True) if f.reading}
    if not kept:
        return uploads, None
    made = readings.stamp(engines.review_profile_of(()))

    def read(upload: importing.Upload) -> Future[untrusted.Reviewed] | None:
        text = kept.pop(id(upload), "")
        return readings.loads(text, made) if text else None  # None: read it again

    return uploads, read


def pending_upload(token: str, actor: Actor) -> models.PendingUpload:
    """The upload ``token`` names, if it belongs to ``actor``; UploadGone otherwise."""
    found = models.PendingUpload.objects.filter(token=token, user=actor.account).first()
    if found is None:
        raise UploadGone(token)
    return found


@action
def confirm_upload(
    token: str,
    actor: Actor,
    *,
    approved: bool = False,
    progress: Callable[[str], None] | None = None,
) -> models.ImportBatch:
    """Commit the upload ``token`` names: at most once, whatever happens concurrently.
    ``progress`` is called with each file's name as it is taken (background imports).

    The documents are those the preview read (kept with each file, :mod:`jixiao.web.readings`),
    planned and reviewed again against what is stored now; a file without a kept reading
    (stashed by older code) is read again.

    AlreadyImported when it was committed before (or another request is committing it now),
    UploadGone when it is not this user's or has expired, ImportRefused when it cannot be
    committed (nothing new, or a file became unreadable).
    """
    pending = pending_upload(token, actor)
    if pending.batch_id is not None or pending.claimed:
        raise AlreadyImported(pending)
    if pending.expires_at < timezone.now():
        raise UploadGone(token)
    # the claim is one conditional UPDATE: of two concurrent confirms exactly one gets the row
    if not models.PendingUpload.objects.filter(pk=pending.pk, claimed=False).update(claimed=True):
        raise AlreadyImported(pending)
    uploads, read = _reader(list(pending.files.all()))
    batch = import_batch(importing.preview(uploads, progress, read=read), actor, approved=approved)
    pending.batch = batch
    pending.claimed = True
    pending.save(update_fields=["batch", "claimed"])
    pending.files.all().delete()  # the bytes are in the stored documents now
    return batch


def expire_uploads(actor: Actor) -> int:
    """Remove uploads past their expiry (at start and before each new upload); the number removed."""
    expired = models.PendingUpload.objects.filter(expires_at__lt=timezone.now())
    if not expired.exists():
        return 0
    return remove_expired_uploads(actor)


@action
def remove_expired_uploads(actor: Actor) -> int:
    expired = models.PendingUpload.objects.filter(expires_at__lt=timezone.now())
    tokens = list(expired.values_list("pk", flat=True))
    expired.delete()
    record(actor, Audit.EXPIRE_UPLOADS, ("upload", "*", ""), old={"uploads": tokens})
    return len(tokens)

"""上传待确认: uploads kept for their owner between preview and confirm, committed at most once."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from jixiao.web import importing, models
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
def stash_upload(uploads: Sequence[importing.Upload], actor: Actor) -> models.PendingUpload:
    """Keep ``uploads`` for their owner to confirm (they expire after JIXIAO_UPLOAD_HOURS)."""
    pending = models.PendingUpload.objects.create(
        token=secrets.token_urlsafe(32),
        user=actor.account,
        expires_at=timezone.now() + timedelta(hours=settings.JIXIAO_UPLOAD_HOURS),
    )
    models.PendingFile.objects.bulk_create(
        models.PendingFile(upload=pending, position=i, name=u.name, data=u.data)
        for i, u in enumerate(uploads)
    )
    files = [{"name": u.name, "sha256": u.sha256, "size": len(u.data)} for u in uploads]
    record(actor, Audit.STASH_UPLOAD, pending, new={"files": files})
    return pending


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
    ``progress`` is called with each file's name as it is read (background imports).

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
    uploads = [importing.Upload(name=f.name, data=bytes(f.data)) for f in pending.files.all()]
    batch = import_batch(importing.preview(uploads, progress), actor, approved=approved)
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

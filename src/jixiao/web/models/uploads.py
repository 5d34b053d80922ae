"""Uploads waiting for confirmation (待确认的导入): stashed files of a preview."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.models.records import (
    ImportBatch,
)


class PendingUpload(models.Model):
    """上传待确认: files read for a preview, waiting for their owner to confirm (or to expire).

    Committed at most once: ``batch`` is set, atomically, by the confirm that commits it.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    claimed = models.BooleanField(default=False)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )


class PendingFile(models.Model):
    """A file of a pending upload, its bytes kept in the database (app servers share nothing),
    with what the preview's read of it gave (``reading``: the JSON of
    :mod:`jixiao.web.readings`; empty when it was not read, or stashed by older code), so the
    confirm does not read it again."""

    upload = models.ForeignKey(PendingUpload, related_name="files", on_delete=models.CASCADE)
    position = models.IntegerField()
    name = models.CharField(max_length=500)
    data = models.BinaryField()
    reading = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["position"]

"""Background jobs (后台作业): their state, kept in the database for any web process and worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web import json_text


class Job(models.Model):
    """后台作业: a long task run by a worker (jixiao.web.jobs), its state kept here so that any
    web process shows it and any worker can take it over after a crash.

    ``attempt`` fences a lost worker: a worker writes only while the attempt it started is the
    job's current one. ``done``/``total`` is the progress, ``file`` the result of an export.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("bulk import")
        REVIEW = "review", _("review a year")
        EXPORT = "export", _("export a batch")
        RECOMPUTE = "recompute", _("recompute after a profile change")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    via = models.CharField(max_length=10, default="web")
    params = models.JSONField(default=dict, encoder=json_text.Encoder)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    done = models.IntegerField(default=0)
    total = models.IntegerField(default=0)
    message = models.TextField(blank=True)  # the outcome, or why it failed (Chinese)
    outcome = models.JSONField(null=True, blank=True, encoder=json_text.Encoder)
    attempt = models.IntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result of the attempt
    worker = models.CharField(max_length=100, blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="job_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED, self.State.CANCELLED)

    @property
    def percent(self) -> int:
        return (
            100 if self.state == self.State.SUCCEEDED else (100 * self.done // max(self.total, 1))
        )

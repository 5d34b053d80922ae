"""The audit log (审计日志): one row per state change, written by jixiao.web.actions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web import json_text
from jixiao.web.models.base import author


class AuditEntry(models.Model):
    """审计日志: one state change — who, when, which action, on what, old and new values (JSON).

    Written only by :mod:`jixiao.web.actions`, in the transaction of the change itself.
    """

    class Action(models.TextChoices):
        IMPORT_BATCH = "import_batch", _("import a batch")
        NEW_RECORD = "new_record", _("new record")
        NEW_VERSION = "new_version", _("new version")
        CREATE_DEPARTMENT = "create_department", _("create a department")
        DELETE_PROJECT = "delete_project", _("delete a project")
        DELETE_EVALUATION = "delete_evaluation", _("delete a self-evaluation")
        DELETE_BATCH = "delete_batch", _("delete a batch")
        DISMISS_FINDING = "dismiss_finding", _("dismiss a finding")
        STASH_UPLOAD = "stash_upload", _("upload for preview")
        EXPIRE_UPLOADS = "expire_uploads", _("remove expired uploads")
        SUBMIT = "submit", _("submit")
        WITHDRAW = "withdraw", _("withdraw")
        FORWARD = "forward", _("forward to finance")
        RETURN = "return", _("return")
        APPROVE = "approve", _("approve")
        ACCEPT = "accept", _("accept")
        PUBLISH = "publish", _("publish")
        ADJUST = "adjust", _("adjust")
        COMMENT = "comment", _("comment")
        SAVE_USER = "save_user", _("save a user")
        SAVE_DEPARTMENT = "save_department", _("save a department")
        MERGE_DEPARTMENTS = "merge_departments", _("merge departments")
        SAVE_DRAFT = "save_draft", _("save a draft")
        RECOMMEND_INDICATOR = "recommend_indicator", _("recommend an indicator")
        MERGE_INDICATORS = "merge_indicators", _("merge indicator spellings")
        SAVE_EVALUATION = "save_evaluation", _("save a self-evaluation")
        ADD_RECTIFICATION = "add_rectification", _("record a rectification item")
        UPDATE_RECTIFICATION = "update_rectification", _("update a rectification item")
        QUEUE_JOB = "queue_job", _("queue a background job")
        START_JOB = "start_job", _("start a background job")
        RETRY_JOB = "retry_job", _("retry a background job")
        CANCEL_JOB = "cancel_job", _("cancel a background job")
        FINISH_JOB = "finish_job", _("finish a background job")
        REVIEW_YEAR = "review_year", _("review a year again")
        SAVE_PROFILE = "save_profile", _("save a review profile version")
        SAVE_MONITORING = "save_monitoring", _("save a monitoring report")
        JUDGE_ROW = "judge_row", _("judge a row the rules cannot score")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = author()  # the log filters by username
    username = models.CharField(max_length=150, blank=True)  # kept when the user is deleted
    via = models.CharField(max_length=10, blank=True)  # web | api | cli | demo | system
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=30)  # project | evaluation | batch | finding | …
    object_id = models.CharField(max_length=100)
    object_label = models.CharField(max_length=500, blank=True)
    old = models.JSONField(null=True, blank=True, encoder=json_text.Encoder)
    new = models.JSONField(null=True, blank=True, encoder=json_text.Encoder)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

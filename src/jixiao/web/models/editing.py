"""Work on stored tables (编辑与审核): comments, draft revisions, the indicator library,
rectification items (整改) and reviewers' judgements of rows the rules cannot score."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web import json_text
from jixiao.web.fields import ExactDecimalField
from jixiao.web.models.records import (
    Finding,
    Project,
    SelfEvaluation,
)


class Comment(models.Model):
    """审核意见 of a reviewer on a version: on the whole table, a field, or one indicator row."""

    project = models.ForeignKey(
        Project, null=True, blank=True, related_name="comments", on_delete=models.CASCADE
    )
    evaluation = models.ForeignKey(
        SelfEvaluation, null=True, blank=True, related_name="comments", on_delete=models.CASCADE
    )
    indicator_position = models.IntegerField(null=True, blank=True)  # 0-based row
    field = models.CharField(max_length=100, blank=True)  # e.g. budget, goals (blank: the table)
    text = models.TextField()
    finding = models.ForeignKey(
        Finding, null=True, blank=True, related_name="comments", on_delete=models.SET_NULL
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class DraftRevision(models.Model):
    """修订: a draft as it was saved in the editor, kept so a conflicting save can say what changed."""

    project = models.ForeignKey(Project, related_name="revisions", on_delete=models.CASCADE)
    revision = models.IntegerField()
    #: the domain document (interchange JSON) at that revision
    document = models.JSONField(encoder=json_text.Encoder)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["revision"]
        constraints = [
            models.UniqueConstraint(fields=["project", "revision"], name="draft_revision"),
        ]


class LibraryEntry(models.Model):
    """指标库 curation of one 三级指标 spelling under a 二级指标 (jixiao.domain.library.key):
    marked 共性指标 (recommended), or merged into another spelling (``merged_into``)."""

    level2 = models.CharField(max_length=50)  # canonical 二级指标
    name_key = models.CharField(max_length=500)  # normalised 三级指标
    name = models.CharField(max_length=500)  # as written
    recommended = models.BooleanField(default=False)
    merged_into = models.CharField(max_length=500, blank=True)  # the name it is filed under

    class Meta:
        ordering = ["level2", "name"]
        constraints = [
            models.UniqueConstraint(fields=["level2", "name_key"], name="library_entry"),
        ]


class Rectification(models.Model):
    """整改事项 (结果应用): what a self-evaluation's reviewer asks to be rectified, by whom, when.

    Written only by :mod:`jixiao.web.actions.selfeval`; next year's target editor shows the open
    ones of the same project (matched by the record key).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("rectified")

    evaluation = models.ForeignKey(
        SelfEvaluation, related_name="rectifications", on_delete=models.CASCADE
    )
    what = models.TextField()  # 整改内容
    who = models.CharField(max_length=200)  # 责任人 / 责任单位
    due = models.DateField()  # 整改期限
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.what[:80]


class EvaluationRevision(models.Model):
    """修订: a self-evaluation draft as saved in the form, kept so a conflicting save can say what
    changed (as :class:`DraftRevision` for target tables)."""

    evaluation = models.ForeignKey(
        SelfEvaluation, related_name="revisions", on_delete=models.CASCADE
    )
    revision = models.IntegerField()
    #: the domain document (interchange JSON) at that revision
    document = models.JSONField(encoder=json_text.Encoder)
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["revision"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "revision"], name="evaluation_revision"),
        ]


class RowJudgement(models.Model):
    """审核判断: a reviewer's score of a self-evaluation row the scoring rules cannot score, with
    its basis (jixiao.domain.judgements). Written only by jixiao.web.actions.selfeval."""

    evaluation = models.ForeignKey(
        SelfEvaluation, related_name="judgements", on_delete=models.CASCADE
    )
    row = models.IntegerField()  # 1-based indicator row
    score = ExactDecimalField()  # 得分 as judged, exact
    reason = models.TextField()
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    judged_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["row"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "row"], name="row_judgement"),
        ]

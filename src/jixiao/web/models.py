"""Stored domain objects. Each model mirrors one class of :mod:`jixiao.domain.model`.

A 指标值 is kept twice on purpose: ``target_raw`` (the exact text) with the main parsed fields as
columns for filtering, and ``target`` (the full parsed :class:`~jixiao.domain.targets.Target` as
JSON) so that a stored table converts back to the very domain object that was imported.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jixiao.web.fields import ExactDecimalField


def current_index(name: str, *fields: str) -> models.Index:
    """An index of the current versions only (the lists show nothing else)."""
    return models.Index(fields=list(fields), condition=models.Q(is_current=True), name=name)


MONEY: dict[str, Any] = {"null": True, "blank": True}  # 万元, exact (web/fields.py)
SCORE = MONEY  # points and percentages, exact


class Source(models.Model):
    """Where a row was read: file and line (text) or cell address (sheet!C12)."""

    source_file = models.CharField(max_length=500, blank=True)
    source_line = models.IntegerField(null=True, blank=True)
    source_cell = models.CharField(max_length=50, blank=True)

    class Meta:
        abstract = True


class ImportBatch(models.Model):
    """导入批次: files committed together in one transaction (who, when, what came of it)."""

    class Via(models.TextChoices):
        WEB = "web", "web"
        API = "api", "api"
        CLI = "cli", "cli"
        DEMO = "demo", "demo"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    documents = models.IntegerField(default=0)  # documents stored (new records + new versions)
    new_records = models.IntegerField(default=0)  # 新增: projects/self-evaluations not seen before
    new_versions = models.IntegerField(default=0)  # 更新: a new version of a stored record
    unchanged = models.IntegerField(default=0)  # 未变化: read, identical to the stored version
    indicators = models.IntegerField(default=0)
    findings = models.IntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else f"#{self.pk}"

    @property
    def outcome(self) -> str:
        """What the batch wrote, in one line (for messages and lists)."""
        from django.utils.translation import gettext as _

        return _(
            "%(documents)s documents (%(new)s new, %(versions)s new versions, "
            "%(unchanged)s unchanged), %(indicators)s indicators, %(findings)s findings"
        ) % {
            "documents": self.documents,
            "new": self.new_records,
            "versions": self.new_versions,
            "unchanged": self.unchanged,
            "indicators": self.indicators,
            "findings": self.findings,
        }


class ImportedFile(models.Model):
    """A file of an import batch; its SHA-256 detects a re-import of the same file."""

    batch = models.ForeignKey(ImportBatch, related_name="files", on_delete=models.CASCADE)
    name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    documents = models.IntegerField()


class Department(models.Model):
    """预算单位 (with its 主管部门 as parent): a node of the department tree.

    ``key`` (:func:`jixiao.domain.records.department_key`) is its budget code when it has one,
    else its normalised name: one unit is one row whatever spelling a file uses.
    """

    key = models.CharField(max_length=250, unique=True)
    code = models.CharField(max_length=30, blank=True)
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, db_index=True)  # normalised name
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["code", "name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="department_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Version(Source):
    """A stored version (第 N 版) of a record: the whole domain document as JSON, and how it came.

    ``document`` is the interchange JSON of the domain object, exactly as read (the snapshot that
    :func:`jixiao.web.storage.load` gives back); the other columns copy parts of it for queries.
    Versions of one record share ``department``, ``year`` and ``key``; one of them is current.
    """

    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    document_id = models.CharField(max_length=100, blank=True)  # 文档标识 (file hash#position)
    key = models.CharField(max_length=500)  # normalised project name (domain.records)
    version = models.IntegerField(default=1)  # 版本号
    is_current = models.BooleanField(default=True)
    document = models.JSONField()  # the domain document (interchange JSON)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    review_profile = models.CharField(max_length=100, blank=True)  # profile of the findings
    review_profile_hash = models.CharField(max_length=64, blank=True)  # its content's SHA-256
    findings_count = models.IntegerField(default=0)  # findings not dismissed
    # 状态 (jixiao.domain.workflow.State), changed only by jixiao.web.actions.workflow
    state = models.CharField(max_length=20, default="draft", db_index=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)  # for the age on 待办
    adjusts = models.IntegerField(null=True, blank=True)  # 调整: the version number it adjusts

    class Meta:
        abstract = True


class Project(Version):
    """项目 with its 绩效目标表 for one budget year (one row per version)."""

    department = models.ForeignKey(Department, related_name="projects", on_delete=models.PROTECT)
    # the department's budget code, copied (codes never change) so that lists sort by an index
    department_code = models.CharField(max_length=30, blank=True, default="")
    year = models.IntegerField(null=True, blank=True, db_index=True)
    name = models.CharField(max_length=500, db_index=True)
    title = models.CharField(max_length=500)
    number = models.IntegerField(null=True, blank=True)
    money_unit = models.CharField(max_length=20, default="万元")
    budget_total = ExactDecimalField(**MONEY)  # 预算数
    budget_fiscal = ExactDecimalField(**MONEY)  # 财政资金
    budget_other = ExactDecimalField(**MONEY)  # 其他资金
    purpose = models.TextField(blank=True)  # 资金用途
    grade = models.CharField(max_length=10, blank=True, db_index=True)  # review grade
    revision = models.IntegerField(default=0)  # 修订号 of a draft saved in the editor (乐观锁)

    class Meta:
        ordering = ["department_code", "number", "id"]
        indexes = [  # the orderings and filters of the lists, over current versions only
            current_index("project_list", "department_code", "number", "id"),
            current_index("project_year", "year", "department_code", "number", "id"),
            current_index("project_grade", "grade", "department_code", "number", "id"),
            current_index("project_department", "department", "number", "id"),
            current_index("project_queue", "-findings_count", "grade", "department_code", "number"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "key", "version"], name="project_version"
            ),
            models.UniqueConstraint(
                fields=["department", "year", "key"],
                condition=models.Q(is_current=True),
                name="project_current",
            ),
        ]

    def versions(self) -> models.QuerySet[Project]:
        """Every version of this project, newest first."""
        return Project.objects.filter(
            department_id=self.department_id, year=self.year, key=self.key
        ).order_by("-version")

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """绩效目标: one goal text of a target table, in order."""

    project = models.ForeignKey(Project, related_name="goals", on_delete=models.CASCADE)
    position = models.IntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["position"]


class TargetColumns(Source):
    """A row with a 指标值: the exact text, the main parsed fields, and the whole parse as JSON."""

    position = models.IntegerField()
    level1 = models.CharField(max_length=50)  # 一级指标
    level2 = models.CharField(max_length=50, db_index=True)  # 二级指标
    level3 = models.CharField(max_length=500)  # 三级指标
    weight = ExactDecimalField(**SCORE)  # 分值
    target_raw = models.TextField()
    target_kind = models.CharField(max_length=20)
    target_op = models.CharField(max_length=2, blank=True)
    target_value = ExactDecimalField(null=True, blank=True)
    target_unit = models.CharField(max_length=30, blank=True)
    target_deadline = models.DateField(null=True, blank=True)
    target = models.JSONField()

    class Meta:
        abstract = True
        ordering = ["position"]


class Indicator(TargetColumns):
    """绩效指标: one row of a target table."""

    project = models.ForeignKey(Project, related_name="indicators", on_delete=models.CASCADE)
    description = models.TextField(blank=True)  # 绩效指标描述


class SelfEvaluation(Version):
    """绩效自评表 of a project (项目支出) or a department (整体支出), one row per version."""

    department = models.ForeignKey(Department, related_name="evaluations", on_delete=models.PROTECT)
    scope = models.CharField(max_length=20)  # department | project
    project_name = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=500)
    year = models.IntegerField(null=True, blank=True)
    budget_initial = ExactDecimalField(**MONEY)  # 年初预算数
    budget_annual = ExactDecimalField(**MONEY)  # 全年预算数 A
    budget_executed = ExactDecimalField(**MONEY)  # 全年执行数 B
    budget_rate = ExactDecimalField(**SCORE)  # 执行率 %
    budget_weight = ExactDecimalField(**SCORE)
    budget_score = ExactDecimalField(**SCORE)
    budget_deviation = models.TextField(blank=True)
    budget_source = models.JSONField(null=True, blank=True)
    goal_deviation = models.TextField(blank=True)
    total_weight = ExactDecimalField(**SCORE)
    total = ExactDecimalField(**SCORE)  # 总分 as stated
    grade = models.CharField(max_length=10, blank=True)  # 自评等级 as stated
    conclusion = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "id"]
        indexes = [
            current_index("evaluation_list", "-year", "id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "scope", "key", "version"], name="evaluation_version"
            ),
            models.UniqueConstraint(
                fields=["department", "year", "scope", "key"],
                condition=models.Q(is_current=True),
                name="evaluation_current",
            ),
        ]

    def versions(self) -> models.QuerySet[SelfEvaluation]:
        """Every version of this self-evaluation, newest first."""
        return SelfEvaluation.objects.filter(
            department_id=self.department_id, year=self.year, scope=self.scope, key=self.key
        ).order_by("-version")

    def __str__(self) -> str:
        return self.title


class GoalResult(Source):
    """年度绩效目标完成情况: goal N and what was achieved."""

    evaluation = models.ForeignKey(SelfEvaluation, related_name="goals", on_delete=models.CASCADE)
    no = models.IntegerField()
    target = models.TextField()
    actual = models.TextField()

    class Meta:
        ordering = ["no"]


class IndicatorResult(TargetColumns):
    """年度指标完成情况: one indicator row of a self-evaluation (target, actual, weight, score)."""

    evaluation = models.ForeignKey(
        SelfEvaluation, related_name="indicators", on_delete=models.CASCADE
    )
    goal_no = models.IntegerField(null=True, blank=True)
    actual_raw = models.TextField()
    actual = models.JSONField()
    score = ExactDecimalField(**SCORE)  # 得分 as stated
    deviation = models.TextField(blank=True)


class MonitoringReport(Version):
    """绩效运行监控表 of a project for one year (one row per version); it joins the project's record
    by department, year and ``key``. The lights are the pacing at the last save, for the overview."""

    department = models.ForeignKey(
        Department, related_name="monitoring_reports", on_delete=models.PROTECT
    )
    year = models.IntegerField(null=True, blank=True, db_index=True)
    project_name = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    month = models.IntegerField()  # 1–m月
    budget_annual = ExactDecimalField(**MONEY)  # 全年预算数 A
    budget_executed = ExactDecimalField(**MONEY)  # 1–m月执行数 B
    budget_forecast = ExactDecimalField(**MONEY)  # 全年预计执行数
    budget_rate = ExactDecimalField(**SCORE)  # 执行率 %
    budget_light = models.CharField(max_length=10, blank=True)  # red | yellow | green | blue
    light = models.CharField(max_length=10, blank=True)  # the worst indicator light
    red = models.IntegerField(default=0)  # indicators on red
    yellow = models.IntegerField(default=0)  # indicators on yellow
    risk = models.IntegerField(default=0, db_index=True)  # the overview's sort key (higher: worse)
    revision = models.IntegerField(default=0)  # 修订号 of a draft saved in the form

    class Meta:
        ordering = ["-risk", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "key", "version"], name="monitoring_version"
            ),
            models.UniqueConstraint(
                fields=["department", "year", "key"],
                condition=models.Q(is_current=True),
                name="monitoring_current",
            ),
        ]

    def versions(self) -> models.QuerySet[MonitoringReport]:
        """Every version of this report, newest first."""
        return MonitoringReport.objects.filter(
            department_id=self.department_id, year=self.year, key=self.key
        ).order_by("-version")

    def __str__(self) -> str:
        return self.title


class Finding(Source):
    """审核意见: one finding of the review engine on a stored version (never computed here).

    ``data`` is the whole domain :class:`~jixiao.domain.review.Finding`; the columns copy parts of
    it for queries. A reviewer may dismiss a finding with a reason: it stays, struck through.
    """

    project = models.ForeignKey(
        Project, null=True, blank=True, related_name="findings", on_delete=models.CASCADE
    )
    evaluation = models.ForeignKey(
        SelfEvaluation, null=True, blank=True, related_name="findings", on_delete=models.CASCADE
    )
    indicator_position = models.IntegerField(null=True, blank=True)
    rule = models.CharField(max_length=30, db_index=True)
    severity = models.CharField(max_length=20)
    category = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    message = models.TextField()
    message_en = models.TextField(blank=True)
    suggestion = models.TextField(blank=True)
    field = models.CharField(max_length=100, blank=True)
    indicator = models.CharField(max_length=500, blank=True)  # 三级指标 concerned
    document = models.CharField(max_length=100, blank=True)  # 文档标识 of the reviewed document
    data = models.JSONField()  # the domain Finding (all its fields)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    dismiss_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [  # open findings by rule (the rule filter, the rule menu, the dashboard)
            models.Index(
                fields=["rule", "project"],
                condition=models.Q(dismissed_at=None),
                name="finding_open_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.message[:80]}"


class ApiToken(models.Model):
    """A bearer token for scripts (``POST /api/auth/token``); only its SHA-256 is stored.

    It works until ``expires_at``, until revoked (deleted), and only while the user's password is
    the one it was issued under (``password_stamp``: Django's session hash of the password).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField()
    password_stamp = models.CharField(max_length=128)

    class Meta:
        ordering = ["-created_at"]


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

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    username = models.CharField(max_length=150, blank=True)  # kept when the user is deleted
    via = models.CharField(max_length=10, blank=True)  # web | api | cli | demo | system
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=30)  # project | evaluation | batch | finding | …
    object_id = models.CharField(max_length=100)
    object_label = models.CharField(max_length=500, blank=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]


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
    """A file of a pending upload, its bytes kept in the database (app servers share nothing)."""

    upload = models.ForeignKey(PendingUpload, related_name="files", on_delete=models.CASCADE)
    position = models.IntegerField()
    name = models.CharField(max_length=500)
    data = models.BinaryField()

    class Meta:
        ordering = ["position"]


class Membership(models.Model):
    """角色与单位: a user's role (:class:`jixiao.domain.workflow.Role`) and department.

    Read only by :mod:`jixiao.web.permissions`; a signed-in user without one has no role (sees
    nothing) unless a superuser (an administrator).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="membership", on_delete=models.CASCADE
    )
    role = models.CharField(max_length=30)
    department = models.ForeignKey(
        Department, null=True, blank=True, related_name="members", on_delete=models.PROTECT
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
    document = models.JSONField()  # the domain document (interchange JSON) at that revision
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
    params = models.JSONField(default=dict)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    done = models.IntegerField(default=0)
    total = models.IntegerField(default=0)
    message = models.TextField(blank=True)  # the outcome, or why it failed (Chinese)
    outcome = models.JSONField(null=True, blank=True)
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


class SearchText(models.Model):
    """检索文本: a project version's searchable text for :mod:`jixiao.web.search`, normalised
    (NFKC, no white space, lower case) and indexed by trigrams (PostgreSQL ``pg_trgm`` GIN index,
    SQLite FTS5 ``trigram`` table ``jixiao_searchtext_fts``). ``rank`` orders the hits: 0 the
    project's name, 1 its purpose and indicator text."""

    project = models.ForeignKey(Project, related_name="+", on_delete=models.CASCADE)
    rank = models.SmallIntegerField()
    text = models.TextField()


class Total(models.Model):
    """合计: a count (and a sum) of current versions, open findings or indicators of one
    department, year and state, by one key — kept by the actions (:mod:`jixiao.web.totals`)."""

    class Kind(models.TextChoices):
        PROJECT = "project"  # key: the grade; amount: the budget 预算数
        EVALUATION = "evaluation"
        PROJECT_FINDING = "project_finding"  # open findings of target tables; key: the rule
        EVALUATION_FINDING = "evaluation_finding"  # of self-evaluations; key: the rule
        INDICATOR = "indicator"  # indicators of target tables; key: 一级, detail: 二级

    kind = models.CharField(max_length=20, choices=Kind.choices)
    department = models.ForeignKey(Department, related_name="+", on_delete=models.CASCADE)
    year = models.IntegerField(null=True, blank=True)
    state = models.CharField(max_length=20)  # of the version counted (its visibility)
    key = models.CharField(max_length=50, blank=True)
    detail = models.CharField(max_length=50, blank=True)
    count = models.IntegerField()
    amount = ExactDecimalField(**MONEY)

    class Meta:
        indexes = [models.Index(fields=["kind", "department", "year"], name="total_kind")]


from jixiao.web.profile_versions import ProfileVersion  # noqa: E402, F401  (registered with the app)

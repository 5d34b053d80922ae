"""Stored documents (存储的文档): import batches, departments, versions of target tables,
self-evaluations and monitoring reports, their rows and findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web import json_text
from jixiao.web.document_column import TextJSONField
from jixiao.web.fields import ExactDecimalField
from jixiao.web.models.base import (
    MONEY,
    OWNED,
    SCORE,
    Source,
    author,
    current_index,
    published_index,
    superseded_index,
)


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

    # written only by the import, in its batch's transaction: no constraint (models.base.OWNED)
    batch = models.ForeignKey(ImportBatch, related_name="files", **OWNED)
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

    # set only by the import, in the transaction that writes the batch (every other writer: None),
    # never changed; deleted only with the batch (actions.delete_batch): no FOREIGN KEY
    # constraint (its check cost an import one statement per version at COMMIT,
    # docs/province-scale.md, branch ``fk19``); PROTECT stays (the ORM's), and
    # ``jixiao check-integrity`` counts a version whose batch is missing
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        db_constraint=False,
    )
    document_id = models.CharField(max_length=100, blank=True)  # 文档标识 (file hash#position)
    key = models.CharField(max_length=500)  # normalised project name (domain.records)
    version = models.IntegerField(default=1)  # 版本号
    is_current = models.BooleanField(default=True)
    # the domain document (interchange JSON); PostgreSQL text, written once and read whole
    document = TextJSONField(encoder=json_text.Encoder)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = author()
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

    # no single-column indexes on department, name, grade: the unique index project_version
    # leads with the department (its lookups, PROTECT's check), and every query by name or grade
    # reads current versions through the partial indexes below (docs/province-scale.md). The
    # year's stays: the monitoring overview's default year (the latest of every version) reads it
    department = models.ForeignKey(
        Department, related_name="projects", on_delete=models.PROTECT, db_index=False
    )
    # the department's budget code, copied (codes never change) so that lists sort by an index
    department_code = models.CharField(max_length=30, blank=True, default="")
    year = models.IntegerField(null=True, blank=True, db_index=True)
    name = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    number = models.IntegerField(null=True, blank=True)
    money_unit = models.CharField(max_length=20, default="万元")
    budget_total = ExactDecimalField(**MONEY)  # 预算数
    budget_fiscal = ExactDecimalField(**MONEY)  # 财政资金
    budget_other = ExactDecimalField(**MONEY)  # 其他资金
    purpose = models.TextField(blank=True)  # 资金用途
    grade = models.CharField(max_length=10, blank=True)  # review grade
    revision = models.IntegerField(default=0)  # 修订号 of a draft saved in the editor (乐观锁)

    class Meta:
        ordering = ["department_code", "number", "id"]
        indexes = [  # the orderings and filters of the lists, over current versions only
            current_index("project_list", "department_code", "number", "id"),
            current_index("project_year", "year", "department_code", "number", "id"),
            current_index("project_grade", "grade", "department_code", "number", "id"),
            current_index("project_department", "department", "number", "id"),
            current_index(
                "project_queue", "-findings_count", "grade", "department_code", "number", "id"
            ),
            # the sortable columns (jixiao.web.views.lists.PROJECT_SORT), ties by id (department,
            # year and grade: the indexes above lead with them)
            current_index("project_sort_name", "name", "id"),
            current_index("project_sort_budget", "budget_total", "id"),
            current_index("project_sort_findings", "findings_count", "id"),
            published_index("project_published"),
            superseded_index("project_superseded"),
            # the disclosure site's tables: the published versions, the latest of each record
            # (the search's NOT EXISTS probe) and the columns its pages order by, from the
            # index alone (PostgreSQL; SQLite ignores INCLUDE)
            models.Index(
                fields=["department", "year", "key", "version"],
                include=["id", "number", "department_code"],
                condition=models.Q(state="published"),
                name="project_published_latest",
            ),
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

    project = models.ForeignKey(Project, related_name="goals", **OWNED)
    position = models.IntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["position"]


#: the columns the 指标库 counts a row's uses by (:func:`jixiao.web.drafts.uses`): its 二级 /
#: 三级指标 and its 指标值's text and parsed columns (which the readers make from that text and
#: the row: a cost row's ``60万``, a table's year for ``12月底前``). No index of them: one would
#: cost the import more than it saves the library (docs/province-scale.md, branch ``lib3``).
#: 三级指标 first: grouped by a column that leads no index, SQLite reads the table in its order
#: (grouped by ``level2`` first it read every row through that index: ≈ 25 % more CPU at 50,000
#: tables, branch ``pages21``)
LIBRARY = (
    "level3",
    "level2",
    "target_raw",
    "target_kind",
    "target_op",
    "target_value",
    "target_unit",
    "target_deadline",
)


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
    target = TextJSONField(encoder=json_text.Encoder)

    class Meta:
        abstract = True
        ordering = ["position"]


class Indicator(TargetColumns):
    """绩效指标: one row of a target table."""

    project = models.ForeignKey(Project, related_name="indicators", **OWNED)
    description = models.TextField(blank=True)  # 绩效指标描述


class SelfEvaluation(Version):
    """绩效自评表 of a project (项目支出) or a department (整体支出), one row per version."""

    # no single-column index: the unique index evaluation_version leads with the department
    department = models.ForeignKey(
        Department, related_name="evaluations", on_delete=models.PROTECT, db_index=False
    )
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
    budget_source = models.JSONField(null=True, blank=True, encoder=json_text.Encoder)
    goal_deviation = models.TextField(blank=True)
    total_weight = ExactDecimalField(**SCORE)
    total = ExactDecimalField(**SCORE)  # 总分 as stated
    grade = models.CharField(max_length=10, blank=True)  # 自评等级 as stated
    conclusion = models.TextField(blank=True)
    revision = models.IntegerField(default=0)  # 修订号 of a draft saved in the form (乐观锁)
    #: 人工调整 of the version as scored when it was stored (jixiao.web.adjustments; None: not yet)
    adjustments = models.JSONField(null=True, blank=True, encoder=json_text.Encoder)

    class Meta:
        ordering = ["-year", "id"]
        indexes = [
            current_index("evaluation_list", "-year", "id"),
            current_index("evaluation_sort_total", "total", "id"),
            current_index("evaluation_sort_grade", "grade", "id"),
            published_index("evaluation_published"),
            superseded_index("evaluation_superseded"),
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

    evaluation = models.ForeignKey(SelfEvaluation, related_name="goals", **OWNED)
    no = models.IntegerField()
    target = models.TextField()
    actual = models.TextField()

    class Meta:
        ordering = ["no"]


class IndicatorResult(TargetColumns):
    """年度指标完成情况: one indicator row of a self-evaluation (target, actual, weight, score)."""

    evaluation = models.ForeignKey(SelfEvaluation, related_name="indicators", **OWNED)
    level2 = models.CharField(max_length=50)  # 二级指标 (no index: no query filters on it here)
    goal_no = models.IntegerField(null=True, blank=True)
    actual_raw = models.TextField()
    actual = TextJSONField(encoder=json_text.Encoder)
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

    The columns are the domain :class:`~jixiao.domain.review.Finding`, each field once; ``data``
    keeps only what no column holds (its label,
    :func:`jixiao.domain.review.finding_row.remainder`), and
    :func:`jixiao.web.finding_rows.load` reads the whole finding back. A reviewer may dismiss a
    finding with a reason: it stays, struck through.
    """

    # PostgreSQL: the two indexes leave out the NULL keys (migration 0035_finding_keys_not_null)
    project = models.ForeignKey(Project, null=True, blank=True, related_name="findings", **OWNED)
    evaluation = models.ForeignKey(
        SelfEvaluation, null=True, blank=True, related_name="findings", **OWNED
    )
    indicator_position = models.IntegerField(null=True, blank=True)
    rule = models.CharField(max_length=30)  # queried with the open ones: finding_open_rule
    severity = models.CharField(max_length=20)
    category = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    message = models.TextField()
    message_en = models.TextField(blank=True)
    suggestion = models.TextField(blank=True)
    field = models.CharField(max_length=100, blank=True)
    indicator = models.CharField(max_length=500, blank=True)  # 三级指标 concerned
    document = models.CharField(max_length=100, blank=True)  # 文档标识 of the reviewed document
    data = TextJSONField(encoder=json_text.Encoder)  # what no column holds: {"label": …}
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = author()  # no index: nothing looks findings up by who dismissed them
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

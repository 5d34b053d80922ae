"""Stored domain objects. Each model mirrors one class of :mod:`jixiao.domain.model`.

A 指标值 is kept twice on purpose: ``target_raw`` (the exact text) with the main parsed fields as
columns for filtering, and ``target`` (the full parsed :class:`~jixiao.domain.targets.Target` as
JSON) so that a stored table converts back to the very domain object that was imported.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

MONEY = {"max_digits": 18, "decimal_places": 4, "null": True, "blank": True}
SCORE = {"max_digits": 9, "decimal_places": 3, "null": True, "blank": True}


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
    outcome = models.TextField(help_text="what was written: documents, indicators, findings")

    class Meta:
        ordering = ["-created_at"]


class ImportedFile(models.Model):
    """A file of an import batch; its SHA-256 detects a re-import of the same file."""

    batch = models.ForeignKey(ImportBatch, related_name="files", on_delete=models.CASCADE)
    name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    documents = models.IntegerField()


class Department(models.Model):
    """预算单位 (with its 主管部门 as parent): a node of the department tree."""

    code = models.CharField(max_length=30, blank=True)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "name"], name="department_code_name"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Project(Source):
    """项目 with its 绩效目标表 for one budget year."""

    batch = models.ForeignKey(ImportBatch, related_name="projects", on_delete=models.PROTECT)
    document_id = models.CharField(max_length=100, blank=True)  # 文档标识 (file hash#position)
    department = models.ForeignKey(Department, related_name="projects", on_delete=models.PROTECT)
    year = models.IntegerField(null=True, blank=True, db_index=True)
    name = models.CharField(max_length=500, db_index=True)
    title = models.CharField(max_length=500)
    number = models.IntegerField(null=True, blank=True)
    money_unit = models.CharField(max_length=20, default="万元")
    budget_total = models.DecimalField(**MONEY)  # 预算数
    budget_fiscal = models.DecimalField(**MONEY)  # 财政资金
    budget_other = models.DecimalField(**MONEY)  # 其他资金
    purpose = models.TextField(blank=True)  # 资金用途
    grade = models.CharField(max_length=10, blank=True, db_index=True)  # review grade
    findings_count = models.IntegerField(default=0)

    class Meta:
        ordering = ["department__code", "number", "id"]

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
    weight = models.DecimalField(**SCORE)  # 分值
    target_raw = models.TextField()
    target_kind = models.CharField(max_length=20)
    target_op = models.CharField(max_length=2, blank=True)
    target_value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
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


class SelfEvaluation(Source):
    """绩效自评表 of a project (项目支出) or a department (整体支出)."""

    batch = models.ForeignKey(ImportBatch, related_name="evaluations", on_delete=models.PROTECT)
    document_id = models.CharField(max_length=100, blank=True)  # 文档标识 (file hash#position)
    department = models.ForeignKey(Department, related_name="evaluations", on_delete=models.PROTECT)
    scope = models.CharField(max_length=20)  # department | project
    project_name = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=500)
    year = models.IntegerField(null=True, blank=True)
    budget_initial = models.DecimalField(**MONEY)  # 年初预算数
    budget_annual = models.DecimalField(**MONEY)  # 全年预算数 A
    budget_executed = models.DecimalField(**MONEY)  # 全年执行数 B
    budget_rate = models.DecimalField(**SCORE)  # 执行率 %
    budget_weight = models.DecimalField(**SCORE)
    budget_score = models.DecimalField(**SCORE)
    budget_deviation = models.TextField(blank=True)
    budget_source = models.JSONField(null=True, blank=True)
    goal_deviation = models.TextField(blank=True)
    total_weight = models.DecimalField(**SCORE)
    total = models.DecimalField(**SCORE)  # 总分 as stated
    grade = models.CharField(max_length=10, blank=True)  # 自评等级 as stated
    conclusion = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "id"]

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
    score = models.DecimalField(**SCORE)  # 得分 as stated
    deviation = models.TextField(blank=True)


class Finding(Source):
    """审核意见: one finding of the review engine on a stored table (never computed here)."""

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
    suggestion = models.TextField(blank=True)
    field = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]


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

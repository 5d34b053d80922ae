"""Rows derived from the stored versions for search, counts and the monitoring overview (检索文本、
合计、监控总览), kept by the actions."""

from __future__ import annotations

from django.db import models

from jixiao.web.fields import ExactDecimalField
from jixiao.web.models.base import MONEY, OWNED, SCORE
from jixiao.web.models.records import (
    Department,
    MonitoringReport,
    Project,
)


class SearchText(models.Model):
    """检索文本: a project version's searchable text for :mod:`jixiao.web.search`, normalised
    (NFKC, no white space, lower case) and indexed by its pieces (PostgreSQL: a GIN index of its
    bigrams as integers, the column ``bigrams``; SQLite: the FTS5 ``trigram`` table
    ``jixiao_searchtext_fts`` and a bigram table). ``rank`` orders the hits: 0 the
    project's name, 1 its purpose and indicator text."""

    project = models.ForeignKey(Project, related_name="search_texts", **OWNED)
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
        PROJECT_RULE = "project_rule"  # target tables with an open finding; key: the rule,
        # detail: their grade
        EVALUATION_RULE = "evaluation_rule"  # self-evaluations with an open finding; key: the rule
        INDICATOR = "indicator"  # target tables with an indicator; key: 一级, detail: 二级

    kind = models.CharField(max_length=20, choices=Kind.choices)
    department = models.ForeignKey(Department, related_name="+", **OWNED)
    year = models.IntegerField(null=True, blank=True)
    state = models.CharField(max_length=20)  # of the version counted (its visibility)
    key = models.CharField(max_length=50, blank=True)
    detail = models.CharField(max_length=50, blank=True)
    count = models.IntegerField()
    amount = ExactDecimalField(**MONEY)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "department", "year"], name="total_kind"),
            models.Index(fields=["kind", "key"], name="total_kind_key"),  # the rule menu's scan
        ]


class Monitored(models.Model):
    """监控总览: one row per approved project record — its version in force (已批复/已公开) and
    its current monitoring report with what the overview orders and filters by (risk, submitted,
    execution rate), kept by the actions (:mod:`jixiao.web.monitored`) so that the overview
    orders and pages in the database instead of reading every approved project of the year."""

    department = models.ForeignKey(Department, related_name="+", on_delete=models.CASCADE)
    year = models.IntegerField(null=True, blank=True)
    key = models.CharField(max_length=500)  # the record's key (normalised project name)
    project = models.ForeignKey(Project, related_name="+", on_delete=models.CASCADE)
    name = models.CharField(max_length=500)  # 项目名称 of the version in force
    state = models.CharField(max_length=20)  # of the version in force (its visibility)
    report = models.ForeignKey(
        MonitoringReport, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    report_state = models.CharField(max_length=20, blank=True)  # "" without a report
    risk = models.IntegerField(default=0)  # the report's risk (0 without one)
    submitted = models.BooleanField(default=False)  # the report is submitted or reviewed
    rate = ExactDecimalField(**SCORE)  # the report's 执行率 (None without one)
    month = models.IntegerField(null=True, blank=True)  # the report's 1–m月
    alarm = models.BooleanField(default=False)  # a red light (an indicator or the budget)

    class Meta:
        indexes = [  # the overview's orderings within a year
            models.Index(
                fields=["year", "-risk", "submitted", "name", "id"], name="monitored_risk"
            ),
            models.Index(fields=["year", "rate", "name", "id"], name="monitored_rate"),
            models.Index(fields=["year", "name", "id"], name="monitored_name"),
        ]


class Generation(models.Model):
    """世代: a token per kind of kept rows (``totals``, ``monitored``; ``departments``: the tree),
    replaced by a new random one in the transaction of every recount (change) of those rows (:mod:`jixiao.web.generations`), so that
    what is computed from them can be cached under it."""

    name = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32)

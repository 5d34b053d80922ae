"""Rows derived from the stored versions for search and counts (检索文本、合计), kept by the actions."""

from __future__ import annotations

from django.db import models

from jixiao.web.fields import ExactDecimalField
from jixiao.web.models.base import MONEY
from jixiao.web.models.records import (
    Department,
    Project,
)


class SearchText(models.Model):
    """检索文本: a project version's searchable text for :mod:`jixiao.web.search`, normalised
    (NFKC, no white space, lower case) and indexed by trigrams (PostgreSQL ``pg_trgm`` GIN index,
    SQLite FTS5 ``trigram`` table ``jixiao_searchtext_fts``). ``rank`` orders the hits: 0 the
    project's name, 1 its purpose and indicator text."""

    project = models.ForeignKey(Project, related_name="search_texts", on_delete=models.CASCADE)
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
        PROJECT_RULE = "project_rule"  # target tables with an open finding; key: the rule
        INDICATOR = "indicator"  # target tables with an indicator; key: 一级, detail: 二级

    kind = models.CharField(max_length=20, choices=Kind.choices)
    department = models.ForeignKey(Department, related_name="+", on_delete=models.CASCADE)
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

"""The review report of stored target tables (审核情况表, 审核意见书): rows in, reviews out.

A stored table's review is its version's findings as stored (dismissed ones left out: the reviewer
judged them wrong), graded again under the profile that made them as it is in force now (its
newest saved version, :func:`jixiao.web.engines.review_grade`), as the project page grades them
after a dismissal. The files are
written by :mod:`jixiao.export.review`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from jixiao.domain.review.report import ProjectReview
from jixiao.web import engines, finding_rows, models, storage


def project_reviews(rows: QuerySet[models.Project]) -> list[ProjectReview]:
    """The review of each stored table of ``rows`` (in their order), in two queries."""
    active = models.Finding.objects.filter(dismissed_at__isnull=True).order_by("id")
    return [
        project_review(row)
        for row in rows.prefetch_related(Prefetch("findings", active, to_attr="active"))
    ]


def project_review(row: models.Project) -> ProjectReview:
    """The review of one stored table."""
    document = storage.target_table(row)
    found: Iterable[models.Finding] = (
        row.active if hasattr(row, "active") else row.findings.filter(dismissed_at__isnull=True)
    )
    findings = [finding_rows.load(f) for f in found]
    profile = row.review_profile or engines.review_profile([document])
    key = findings[0].document if findings else document.id or f"#{row.pk}"
    return ProjectReview(key, document, tuple(findings), engines.review_grade(findings, profile))

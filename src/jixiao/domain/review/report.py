"""审核报告 (review report): the review of each project as reviewers hand it back.

One :class:`ProjectReview` per reviewed table or self-evaluation, named by its document key
(never its title: tables of one workbook share titles): its findings, counts by severity, grade,
conclusion (通过 / 修改后通过 / 退回) and opinions numbered per category (完整性, 相关性, 适当性,
可行性, 一致性), each with the basis of its rule. The .xlsx and Word writers of
:mod:`jixiao.export.review` lay these out; the CLI prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from jixiao.domain.model import Document, SelfEvaluation, TargetTable
from jixiao.domain.review.engine import Grade, grade
from jixiao.domain.review.finding import Category, Finding
from jixiao.domain.review.identity import document_keys, label, place, subject
from jixiao.domain.review.profile import GradePolicy
from jixiao.domain.review.registry import RULES

Conclusion = Literal["通过", "修改后通过", "退回"]
CATEGORIES: tuple[Category, ...] = ("完整性", "相关性", "适当性", "可行性", "一致性")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Opinion:
    """One numbered opinion (审核意见): what is wrong, how to fix it, and on what basis."""

    number: int
    category: Category
    severity: str
    rule: str
    text: str
    basis: str

    def line(self) -> str:
        """``1. 【错误】…（修改建议：…）`` as it is written in an opinion letter."""
        return f"{self.number}. 【{SEVERITY_ZH[self.severity]}】{self.text}"


@dataclass(frozen=True)
class ProjectReview:
    """The review of one document (项目): findings, grade, conclusion and numbered opinions."""

    key: str  # 文档标识 (see review.identity)
    document: TargetTable | SelfEvaluation
    findings: tuple[Finding, ...]
    grade: Grade

    @property
    def counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings)

    @property
    def label(self) -> str:
        return label(self.document)

    @property
    def subject(self) -> str:
        return subject(self.document)

    @property
    def place(self) -> str:
        return place(self.document.source)

    @property
    def unit(self) -> str:
        """The budget unit (预算单位)."""
        return self.document.department.name

    @property
    def project(self) -> str:
        project = self.document.project
        return project.name if project is not None else ""

    @property
    def budget(self) -> Decimal | None:
        """预算数 (万元): the table's budget, or a self-evaluation's 全年预算数."""
        if isinstance(self.document, TargetTable):
            return self.document.budget.total
        return self.document.budget.annual

    @property
    def conclusion(self) -> Conclusion:
        """退回 when graded 差; 修改后通过 when an error or warning remains; else 通过."""
        if self.grade == "差":
            return "退回"
        if self.counts["error"] or self.counts["warning"]:
            return "修改后通过"
        return "通过"

    def opinions(self) -> dict[Category, list[Opinion]]:
        """The opinions per category, numbered 1. 2. 3. within each, errors first."""
        ordered = sorted(
            self.findings, key=lambda f: ("error", "warning", "info").index(f.severity)
        )
        grouped: dict[Category, list[Opinion]] = {}
        for finding in ordered:
            opinions = grouped.setdefault(finding.category, [])
            opinions.append(_opinion(len(opinions) + 1, finding))
        return {c: grouped[c] for c in CATEGORIES if c in grouped}


def _opinion(number: int, finding: Finding) -> Opinion:
    rule = RULES.get(finding.rule)
    fix = f"（修改建议：{finding.suggestion}）" if finding.suggestion else ""
    return Opinion(
        number,
        finding.category,
        finding.severity,
        finding.rule,
        f"{finding.message}{fix}",
        rule.basis if rule is not None else "",
    )


def project_reviews(
    documents: Sequence[Document], findings: Sequence[Finding], policy: GradePolicy | str | None
) -> list[ProjectReview]:
    """The review of every table and self-evaluation of ``documents`` (in input order), from the
    ``findings`` of :func:`~jixiao.domain.review.review` over the same documents."""
    by_key: dict[str, list[Finding]] = {}
    for finding in findings:
        by_key.setdefault(finding.document, []).append(finding)
    return [
        one(key, document, by_key.get(key, []), policy)
        for key, document in zip(document_keys(documents), documents, strict=True)
        if isinstance(document, TargetTable | SelfEvaluation)
    ]


def one(
    key: str,
    document: TargetTable | SelfEvaluation,
    findings: Sequence[Finding],
    policy: GradePolicy | str | None,
) -> ProjectReview:
    """The review of one document from its own findings."""
    return ProjectReview(key, document, tuple(findings), grade(findings, policy))

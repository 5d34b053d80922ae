"""The web layer's one door to the review and scoring engines (no rule is implemented here).

- :func:`review_per_document` runs :func:`jixiao.domain.review.review` over documents read
  together (so cross-document rules see each other) and returns each document's findings.
- :func:`score` recomputes a self-evaluation with :func:`jixiao.domain.scoring.score_self_evaluation`
  under the profile for its scope (项目支出 or 整体支出).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings  # type: ignore[import-untyped]

from jixiao.domain.model import Document, SelfEvaluation, TargetTable
from jixiao.domain.review import Finding, review
from jixiao.domain.review.registry import document_label
from jixiao.domain.scoring import ScoreReport, score_self_evaluation

__all__ = ["Finding", "review_per_document", "score"]


def review_per_document(documents: Sequence[Document]) -> list[list[Finding]]:
    """The findings of each document, in the order of ``documents``."""
    per_document: list[list[Finding]] = [[] for _ in documents]
    by_label: dict[str, list[int]] = {}
    for i, document in enumerate(documents):
        if isinstance(document, TargetTable | SelfEvaluation):
            by_label.setdefault(document_label(document), []).append(i)
    every = list(range(len(documents)))
    for finding in review(documents, profile=settings.JIXIAO_REVIEW_PROFILE):
        named = by_label.get(finding.document) or every
        per_document[_owner(finding, documents, named)].append(finding)
    return per_document


def _owner(finding: Finding, documents: Sequence[Document], named: list[int]) -> int:
    """The document a finding is about: among ``named`` (same label), same file, nearest above."""
    same_file = [i for i in named if documents[i].source.file == finding.source.file] or named
    line = finding.source.line or 0
    above = [i for i in same_file if (documents[i].source.line or 0) <= line] or same_file
    return max(above, key=lambda i: documents[i].source.line or 0)


def score(document: SelfEvaluation) -> ScoreReport:
    """The recomputed scores of a self-evaluation (profile by scope, see settings)."""
    return score_self_evaluation(document, settings.JIXIAO_SCORING_PROFILES[document.scope])

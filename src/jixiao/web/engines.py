"""The web layer's one door to the review and scoring engines (no rule is implemented here).

- :func:`review_per_document` runs :func:`jixiao.domain.review.review` over documents read
  together (so cross-document rules see each other) and returns each document's findings.
- :func:`stamp` grades one document's findings under the review profile and says which profile
  (name and content hash) made them, so stored results tell how they were made.
- :func:`score` recomputes a self-evaluation with :func:`jixiao.domain.scoring.score_self_evaluation`
  under the profile for its scope (项目支出 or 整体支出).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache

from django.conf import settings

from jixiao.domain.model import Document, SelfEvaluation
from jixiao.domain.review import Finding, grade, load_profile, review
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.registry import document_label
from jixiao.domain.scoring import ScoreReport, score_self_evaluation
from jixiao.web.storage import Stamp

__all__ = ["Finding", "review_per_document", "score", "stamp"]


def review_per_document(documents: Sequence[Document]) -> list[list[Finding]]:
    """The findings of each document, in the order of ``documents``."""
    per_document: list[list[Finding]] = [[] for _ in documents]
    labels = [document_label(d) for d in documents]
    for finding in review(documents, profile=settings.JIXIAO_REVIEW_PROFILE):
        per_document[_owner(finding, documents, labels)].append(finding)
    return per_document


def _owner(finding: Finding, documents: Sequence[Document], labels: list[str]) -> int:
    """The document a finding is about: same label, then same file, then the nearest table above."""
    named = [i for i, label in enumerate(labels) if label == finding.document]
    named = named or list(range(len(documents)))
    same_file = [i for i in named if documents[i].source.file == finding.source.file] or named
    line = finding.source.line or 0
    above = [i for i in same_file if (documents[i].source.line or 0) <= line] or same_file
    return max(above, key=lambda i: documents[i].source.line or 0)


@cache
def _profile(name: str) -> tuple[Profile, str]:
    """A review profile, loaded once per process, and the SHA-256 of what it resolved to."""
    profile = load_profile(name)
    return profile, hashlib.sha256(repr(profile).encode()).hexdigest()


def stamp(findings: Sequence[Finding]) -> Stamp:
    """The grade (优/良/中/差, by the domain) of one document's findings, and the profile used."""
    name = settings.JIXIAO_REVIEW_PROFILE
    profile, digest = _profile(name)
    return Stamp(grade=grade(findings, profile.grade), profile=name, profile_hash=digest)


def score(document: SelfEvaluation) -> ScoreReport:
    """The recomputed scores of a self-evaluation (profile by scope, see settings)."""
    return score_self_evaluation(document, settings.JIXIAO_SCORING_PROFILES[document.scope])

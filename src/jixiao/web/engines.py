"""The web layer's one door to the review and scoring engines (no rule is implemented here).

- :func:`review_per_document` runs :func:`jixiao.domain.review.review` over documents read
  together (so cross-document rules see each other) and returns each document's findings.
- :func:`stamp` grades one document's findings under the review profile and says which profile
  (name and content hash) made them, so stored results tell how they were made.
- :func:`score` recomputes a self-evaluation with :func:`jixiao.domain.scoring.score_self_evaluation`
  under the profile for its scope (项目支出 or 整体支出).

The profiles are picked by :class:`~jixiao.domain.profile_choice.ProfileChoice`, with the
settings ``JIXIAO_REVIEW_PROFILE`` and ``JIXIAO_SCORING_PROFILES`` as overrides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from typing import Literal

from django.conf import settings

from jixiao.domain.model import Document, SelfEvaluation
from jixiao.domain.profile_choice import ProfileChoice
from jixiao.domain.review import Finding, grade, load_profile, review
from jixiao.domain.review.identity import document_keys
from jixiao.domain.review.profile import Profile
from jixiao.domain.scoring import ScoreReport, score_self_evaluation
from jixiao.domain.scoring import load_profile as load_scoring
from jixiao.domain.scoring.profile import Profile as ScoringProfile
from jixiao.web.storage import Stamp

__all__ = [
    "Finding",
    "review_per_document",
    "review_profile",
    "score",
    "scoring_profile",
    "stamp",
]


def _choice() -> ProfileChoice:
    return ProfileChoice.overridden(
        settings.JIXIAO_REVIEW_PROFILE, settings.JIXIAO_SCORING_PROFILES
    )


def review_profile(documents: Sequence[Document]) -> str:
    """The review profile for documents read together (the setting, else detected, else default)."""
    return _choice().review_for(documents)


def review_per_document(documents: Sequence[Document], profile: str) -> list[list[Finding]]:
    """The findings of each document, in the order of ``documents`` (matched by document key)."""
    position = {key: i for i, key in enumerate(document_keys(documents))}
    per_document: list[list[Finding]] = [[] for _ in documents]
    for finding in review(documents, profile=profile):
        per_document[position[finding.document]].append(finding)
    return per_document


@cache
def _profile(name: str) -> tuple[Profile, str]:
    """A review profile, loaded once per process, and the SHA-256 of what it resolved to."""
    profile = load_profile(name)
    return profile, hashlib.sha256(repr(profile).encode()).hexdigest()


def stamp(findings: Sequence[Finding], name: str) -> Stamp:
    """The grade (优/良/中/差, by the domain) of one document's findings under the review profile
    ``name``, and the profile's name and content hash."""
    profile, digest = _profile(name)
    return Stamp(grade=grade(findings, profile.grade), profile=name, profile_hash=digest)


def score(document: SelfEvaluation) -> ScoreReport:
    """The recomputed scores of a self-evaluation (profile by scope, see settings)."""
    return score_self_evaluation(document, _choice().scoring_for(document))


def scoring_profile(scope: Literal["project", "department"]) -> ScoringProfile:
    """The scoring profile of self-evaluations of ``scope`` (the one :func:`score` applies)."""
    return _scoring(_choice().scoring[scope])


@cache
def _scoring(name: str) -> ScoringProfile:
    return load_scoring(name)

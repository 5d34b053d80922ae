"""The web layer's one door to the review and scoring engines (no rule is implemented here).

- :func:`review_per_document` runs :func:`jixiao.domain.review.review` over documents read
  together (so cross-document rules see each other) and returns each document's findings;
  :func:`review_rows` gives them as the rows an import stores, from the single-document findings
  the sandbox's workers sent as rows (:mod:`jixiao.domain.review.finding_row`).
- :func:`stamp` grades one document's findings (:func:`row_stamp`: its finding rows) under the
  review profile and says which profile (name and content hash) made them, so stored results
  tell how they were made; the hash is the ``digest`` of the saved profile version in force
  (:mod:`jixiao.web.profile_versions`), if any.
- :func:`score` recomputes a self-evaluation with :func:`jixiao.domain.scoring.score_self_evaluation`
  under the profile for its scope (项目支出 or 整体支出); :func:`pace` lights a monitoring report.

The profiles are picked by :class:`~jixiao.domain.profile_choice.ProfileChoice`, with the
settings ``JIXIAO_REVIEW_PROFILE`` and ``JIXIAO_SCORING_PROFILES`` as overrides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Literal

from django.conf import settings

from jixiao.domain.model import Document, MonitoringReport, SelfEvaluation
from jixiao.domain.profile_choice import ProfileChoice
from jixiao.domain.review import (
    Finding,
    Grade,
    finding_row,
    grade,
    load_profile,
    profile_names,
    review,
)
from jixiao.domain.review.digest import Digest, digest_of
from jixiao.domain.review.engine import graded, review_across
from jixiao.domain.review.identity import document_keys
from jixiao.domain.review.profile import Profile, profile_from_toml
from jixiao.domain.review.registry import RULES
from jixiao.domain.scoring import ScoreReport, score_self_evaluation
from jixiao.domain.scoring import load_profile as load_scoring
from jixiao.domain.scoring.monitoring import PacingReport, assess_monitoring
from jixiao.domain.scoring.profile import Profile as ScoringProfile
from jixiao.web import profile_versions
from jixiao.web.storage import Stamp

__all__ = [
    "Finding",
    "pace",
    "phrase_bank",
    "profile_hash",
    "profiles_fixed",
    "review_digests",
    "review_grade",
    "review_per_document",
    "review_profile",
    "review_rows",
    "row_stamp",
    "score",
    "scoring_digest",
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


def review_profile_of(detected: Iterable[str | None]) -> str:
    """:func:`review_profile` of documents whose ``detect_profile`` gave ``detected``."""
    return _choice().review_of(detected)


def review_per_document(documents: Sequence[Document], profile: str) -> list[list[Finding]]:
    """The findings of each document, in the order of ``documents`` (matched by document key)."""
    position = {key: i for i, key in enumerate(document_keys(documents))}
    per_document: list[list[Finding]] = [[] for _ in documents]
    for finding in review(documents, profile=in_force(profile)):
        per_document[position[finding.document]].append(finding)
    return per_document


def review_rows(
    documents: Sequence[Document],
    profile: str,
    alone: Sequence[Sequence[finding_row.Row]] | None = None,
) -> list[list[finding_row.Row]]:
    """:func:`review_per_document` as the rows that store the findings; ``alone``: each
    document's findings by the single-document rules of ``profile`` in force, worked out already
    as rows (by the sandbox worker that read it): only the cross-document rules run here, on the
    documents' digests (:func:`review_digests`), no finding model is made for the others."""
    if alone is not None:
        return review_digests([digest_of(d) for d in documents], profile, alone)
    found = review_per_document(documents, profile)
    return [finding_row.rows(f, d.indicators) for d, f in zip(documents, found, strict=True)]


def review_digests(
    digests: Sequence[Digest], profile: str, alone: Sequence[Sequence[finding_row.Row]]
) -> list[list[finding_row.Row]]:
    """:func:`review_rows` of the documents ``digests`` are of (what the cross-document rules
    read of each: the sandbox worker's, :func:`jixiao.domain.review.engine.review_across`),
    their single-document findings ``alone`` worked out already: no document is needed."""
    return review_across(digests, in_force(profile), alone, document_keys(digests))


_fixed: ContextVar[dict[str, tuple[Profile, str]] | None] = ContextVar("profiles", default=None)


@contextmanager
def profiles_fixed() -> Iterator[None]:
    """Within it each review profile in force is looked up once: an import or a year's review
    grades hundreds of tables under one profile version (nested uses share the outer lookup)."""
    token = _fixed.set({}) if _fixed.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _fixed.reset(token)


def _profile(name: str) -> tuple[Profile, str]:
    """The review profile ``name`` in force — its newest saved version (the profile page), else
    the shipped file — and the SHA-256 of what it resolved to (a version's ``digest``)."""
    fixed = _fixed.get()
    if fixed is not None and name in fixed:
        return fixed[name]
    saved = profile_versions.current(name)
    found = _shipped(name) if saved is None else saved_profile(name, saved.text)
    if fixed is not None:
        fixed[name] = found
    return found


@cache
def _shipped(name: str) -> tuple[Profile, str]:
    return _hashed(load_profile(name))


@cache
def saved_profile(name: str, text: str) -> tuple[Profile, str]:
    """A saved version's profile (parsed once per process) and its hash."""
    return _hashed(profile_from_toml(text, f"{name}（已保存版本）"))


def _hashed(profile: Profile) -> tuple[Profile, str]:
    return profile, hashlib.sha256(repr(profile).encode()).hexdigest()


def profile_hash(name: str) -> str:
    """The content hash the review profile ``name`` has now (a stored stamp with another one
    was made under an earlier version of the profile)."""
    return _profile(name)[1]


def in_force(name: str) -> Profile:
    """The review profile ``name`` as the review uses it now."""
    return _profile(name)[0]


def phrase_bank(name: str, rules: Iterable[str]) -> list[tuple[str, str]]:
    """The model answers (范例意见) of ``rules`` under the review profile ``name`` in force, as
    (rule, answer) pairs: what the comment form offers for a table's findings."""
    codes = sorted(set(rules) & RULES.keys())
    if not codes or name not in profile_names():
        return []
    profile = in_force(name)
    return [(code, answer) for code in codes for answer in profile.answers(RULES[code])]


def stamp(findings: Sequence[Finding], name: str) -> Stamp:
    """The grade (优/良/中/差, by the domain) of one document's findings under the review profile
    ``name``, and the profile's name and content hash."""
    return Stamp(grade=review_grade(findings, name), profile=name, profile_hash=_profile(name)[1])


def row_stamp(rows: Sequence[finding_row.Row], name: str) -> Stamp:
    """:func:`stamp` of one document's finding rows."""
    policy, digest = _profile(name)
    return Stamp(graded(finding_row.marks(rows), policy.grade), profile=name, profile_hash=digest)


def review_grade(findings: Sequence[Finding], name: str) -> Grade:
    """The grade (优/良/中/差, by the domain) of one document's findings under profile ``name``."""
    return grade(findings, _profile(name)[0].grade)


def score(document: SelfEvaluation) -> ScoreReport:
    """The recomputed scores of a self-evaluation (profile by scope, see settings)."""
    return score_self_evaluation(document, _scoring(_choice().scoring_for(document)))


def scoring_profile(scope: Literal["project", "department"]) -> ScoringProfile:
    """The scoring profile of self-evaluations of ``scope`` (the one :func:`score` applies)."""
    return _scoring(_choice().scoring[scope])


def scoring_digest(scope: Literal["project", "department"]) -> str:
    """The name and content hash of :func:`scoring_profile` ``scope``: another one scores
    differently (what kept scores are keyed on, :mod:`jixiao.web.scored`)."""
    return _digest(_choice().scoring[scope])


@cache
def _digest(name: str) -> str:
    return f"{name}:{hashlib.sha256(repr(_scoring(name)).encode()).hexdigest()}"


@cache
def _scoring(name: str) -> ScoringProfile:
    """The scoring profile ``name``, read once (reading its TOML files costs more than scoring
    a self-evaluation)."""
    return load_scoring(name)


def pace(report: MonitoringReport) -> PacingReport:
    """The pacing lights of a monitoring report (profile by scope, see settings)."""
    return assess_monitoring(report, _scoring(_choice().scoring_for(report)))

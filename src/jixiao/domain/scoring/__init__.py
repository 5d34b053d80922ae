"""Scoring engine (评分): self-evaluation scores, recomputation, grades, weights, monitoring.

Mid-year monitoring (绩效运行监控) pacing lights: :func:`assess_monitoring`.

Rules are data: every number comes from a profile (``jixiao/profiles/scoring/*.toml``) that cites
its source. Public API::

    from jixiao.domain.scoring import score_self_evaluation, ScoreReport, load_profile, allocate_weights
"""

from __future__ import annotations

from jixiao.domain.profiles import ProfileError
from jixiao.domain.scoring.engine import score_self_evaluation
from jixiao.domain.scoring.monitoring import PacingReport, assess_monitoring
from jixiao.domain.scoring.profile import Profile, available_profiles, load_profile
from jixiao.domain.scoring.report import ScoreReport
from jixiao.domain.scoring.weights import (
    WeightAllocation,
    allocate_by_level1,
    allocate_weights,
    check_weights,
)

__all__ = [
    "PacingReport",
    "Profile",
    "ProfileError",
    "ScoreReport",
    "WeightAllocation",
    "allocate_by_level1",
    "allocate_weights",
    "assess_monitoring",
    "available_profiles",
    "check_weights",
    "load_profile",
    "score_self_evaluation",
]

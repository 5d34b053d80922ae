"""Helpers shared by the scoring tests (imported by name; pytest puts this folder on sys.path)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jixiao.demo import seed_paths
from jixiao.domain.model import IndicatorResult
from jixiao.domain.scoring import Profile

MakeRow = Callable[..., IndicatorResult]


def with_settings(profile: Profile, section: str, **changes: object) -> Profile:
    """A copy of ``profile`` with some settings of one section changed."""
    part = getattr(profile, section).model_copy(update=changes)
    return profile.model_copy(update={section: part})


def seed(prefix: str) -> Path:
    """The shipped seed document whose name starts with ``prefix`` ("001")."""
    return next(p for p in seed_paths() if p.name.startswith(prefix))

"""Helpers shared by the scoring tests (imported by name; pytest puts this folder on sys.path)."""

from __future__ import annotations

from collections.abc import Callable

from jixiao.domain.model import IndicatorResult
from jixiao.domain.scoring import Profile

MakeRow = Callable[..., IndicatorResult]


def with_settings(profile: Profile, section: str, **changes: object) -> Profile:
    """A copy of ``profile`` with some settings of one section changed."""
    part = getattr(profile, section).model_copy(update=changes)
    return profile.model_copy(update={section: part})

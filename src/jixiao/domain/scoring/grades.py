"""自评等级 (优/良/中/差) from a total score, by the profile's bands."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.scoring.profile import Profile


def grade(total: Decimal, profile: Profile) -> str:
    """The grade of ``total``: the first band whose minimum it reaches (exceeds, when strict)."""
    rules = profile.grades
    for band in rules.bands:
        if total > band.min or (total == band.min and not rules.strict):
            return band.grade
    return rules.bottom

"""绩效目标审核 (review): explainable findings on target tables and self-evaluations.

``review(documents, profile="tianjin")`` runs every enabled rule of the catalogue ``RULES`` and
returns :class:`Finding` objects; ``grade(findings)`` suggests 优/良/中/差 for one table (§4.4).
Profiles are TOML data (``load_profile``); ``detect_profile(document)`` names the profile a
document's template or region calls for. Pure Python: no Django, no I/O besides the profile.
"""

from jixiao.domain.profiles import ProfileError
from jixiao.domain.review import rules as _rules  # noqa: F401  (registers the catalogue)
from jixiao.domain.review.detect import detect_profile
from jixiao.domain.review.engine import Grade, grade, grades, review
from jixiao.domain.review.finding import Finding
from jixiao.domain.review.profile import Profile, load_profile, profile_names
from jixiao.domain.review.registry import RULES, Rule

__all__ = [
    "RULES",
    "Finding",
    "Grade",
    "Profile",
    "ProfileError",
    "Rule",
    "detect_profile",
    "grade",
    "grades",
    "load_profile",
    "profile_names",
    "review",
]

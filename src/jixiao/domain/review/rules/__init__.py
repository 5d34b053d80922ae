"""The rule modules, one per criterion; importing this package registers every rule."""

from jixiao.domain.review.registry import sort_catalogue
from jixiao.domain.review.rules import (
    appropriateness,
    basis,
    completeness,
    disclosure,
    feasibility,
    history,
    hygiene,
    money_unit,
    relevance,
    self_evaluation,
    template,
)

sort_catalogue()

__all__ = [
    "appropriateness",
    "basis",
    "completeness",
    "disclosure",
    "feasibility",
    "history",
    "hygiene",
    "money_unit",
    "relevance",
    "self_evaluation",
    "template",
]

"""What several rules read of one document is worked out once per document (helpers.last_document),
and a self-evaluation's goals are measured by their own indicators only (REL-01/REL-02)."""

from __future__ import annotations

from review_builders import evaluation, res

from jixiao.domain.model import GoalResult, IndicatorResult, SelfEvaluation, Source
from jixiao.domain.review import review
from jixiao.domain.review.helpers import last_document


def test_last_document_computes_once_per_document_in_a_row() -> None:
    calls: list[SelfEvaluation] = []

    @last_document
    def count(document: SelfEvaluation) -> int:
        calls.append(document)
        return len(document.indicators)

    first, equal = evaluation(), evaluation()  # equal, but another document
    assert [count(first), count(first), count(equal), count(equal), count(first)] == [3] * 5
    assert [d is first for d in calls] == [True, False, True]


def _goal(no: int, text: str, line: int) -> GoalResult:
    return GoalResult(no=no, target=text, actual="已完成", source=Source(file="se.txt", line=line))


def _uncovered(
    goals: tuple[GoalResult, ...], rows: list[IndicatorResult]
) -> list[tuple[str, int | None]]:
    document = evaluation(rows, goals=goals)
    return [(f.rule, f.source.line) for f in review([document]) if f.rule in ("REL-01", "REL-02")]


def test_each_goal_is_measured_by_its_own_indicators() -> None:
    goals = (_goal(1, "完成培训不少于100人", 20), _goal(2, "检查企业不少于40家", 21))
    own = [
        res("数量指标", "培训人数", "≥100人", "110人", goal=1, line=30),
        res("数量指标", "检查企业数", "≥40家", "41家", goal=2, line=31),
    ]
    assert _uncovered(goals, own) == []
    crossed = [  # goal 2's number is measured under goal 1 only: goal 2 has no such indicator
        res("数量指标", "培训人数", "≥100人", "110人", goal=1, line=30),
        res("数量指标", "检查企业数", "≥40家", "41家", goal=1, line=31),
        res("质量指标", "检查合格率", "≥90%", "95%", goal=2, line=32),
    ]
    assert _uncovered(goals, crossed) == [("REL-01", 21)]

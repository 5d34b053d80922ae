"""审核判断: a reviewer's score of a self-evaluation row the scoring rules cannot score.

A row the rules cannot score (a text target such as “有效保障”, units that do not compare: the
engine's fallback, :attr:`jixiao.domain.scoring.report.Outcome.fallback`) keeps the unit's stated
score as its judgement. The reviewer judges it: :func:`check` says whether a judgement of row
``n`` may be recorded (only such rows, a score from 0 to the row's 分值, with a reason), and
:func:`reviewed_totals` gives the rules' total and grade with the reviewer's scores in place of
the unit's on those rows — the fallback is visible and decided, never silent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.model import SelfEvaluation
from jixiao.domain.scoring import Profile, ScoreReport
from jixiao.domain.scoring.grades import grade
from jixiao.domain.scoring.rounding import fmt

__all__ = ["Judgement", "Reviewed", "check", "judgeable", "reviewed_totals"]


@dataclass(frozen=True)
class Judgement:
    """The reviewer's score of row ``row`` (1-based) and the basis of the judgement."""

    row: int
    score: Decimal
    reason: str


@dataclass(frozen=True)
class Reviewed:
    """The rules' total and grade once the reviewer's judgements replace the unit's scores."""

    total: Decimal
    grade: str
    judged: int  # rows judged by the reviewer


def judgeable(report: ScoreReport) -> tuple[int, ...]:
    """The rows (1-based) the rules cannot score: the reviewer judges them."""
    return tuple(r.index for r in report.fallback_rows)


def check(report: ScoreReport, doc: SelfEvaluation, judgement: Judgement) -> str | None:
    """Why ``judgement`` cannot be recorded (Chinese), or None when it can."""
    if not 1 <= judgement.row <= len(doc.indicators):
        return f"自评表没有第{judgement.row}行"
    row = doc.indicators[judgement.row - 1]
    if judgement.row not in judgeable(report):
        return f"第{judgement.row}行 {row.level3} 由规则评分，无需审核判断"
    score, limit = judgement.score, row.weight if row.weight is not None else doc.total_weight
    limit = limit if limit is not None else Decimal(100)  # a row without 分值: at most the total
    if not score.is_finite() or not 0 <= score <= limit:
        return f"得分“{score}”应在 0 与分值 {fmt(limit)} 之间"
    if not judgement.reason.strip():
        return "请填写审核判断的依据"
    return None


def reviewed_totals(
    report: ScoreReport, judgements: Iterable[Judgement], profile: Profile
) -> Reviewed:
    """The rules' total with each judged row's score replaced by the reviewer's, and its grade."""
    total, judged = report.totals.recomputed_total, 0
    for j in judgements:
        stated = report.rows[j.row - 1].recomputed or Decimal(0)
        total, judged = total - stated + j.score, judged + 1
    return Reviewed(total, grade(total, profile), judged)

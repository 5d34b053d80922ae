"""审核判断 (jixiao.domain.judgements): only rows the rules cannot score, a score within the
row's 分值 and a basis; the reviewed total puts the reviewer's score in place of the unit's."""

from __future__ import annotations

from decimal import Decimal

from tests.test_evaluating import PROFILE, actuals, table

from jixiao.domain import evaluating
from jixiao.domain.judgements import Judgement, check, judgeable, reviewed_totals


def _built() -> evaluating.Built:
    return evaluating.build(evaluating.skeleton(table(), PROFILE), actuals(), PROFILE)


def test_only_the_rows_the_rules_cannot_score_are_judged() -> None:
    built = _built()
    report, doc = built.report, built.document
    assert judgeable(report) == (4,)  # “有效保障”: the unit stated 28 as its judgement
    assert check(report, doc, Judgement(4, Decimal(20), "事故隐患整改未完成")) is None
    assert "由规则评分" in (check(report, doc, Judgement(1, Decimal(1), "x")) or "")
    assert "应在 0 与分值 30 之间" in (check(report, doc, Judgement(4, Decimal(31), "x")) or "")
    assert "应在 0 与分值" in (check(report, doc, Judgement(4, Decimal("NaN"), "x")) or "")
    assert "依据" in (check(report, doc, Judgement(4, Decimal(20), " ")) or "")
    assert "没有第9行" in (check(report, doc, Judgement(9, Decimal(0), "x")) or "")


def test_the_reviewed_total_puts_the_judgement_in_place_of_the_stated_score() -> None:
    built = _built()
    report = built.report
    assert reviewed_totals(report, [], PROFILE).total == Decimal("96.17")
    reviewed = reviewed_totals(report, [Judgement(4, Decimal(20), "x")], PROFILE)
    assert (reviewed.total, reviewed.grade, reviewed.judged) == (Decimal("88.17"), "良", 1)

"""指标方向 from an office file (指标性质 / 指标方向: 正向 / 反向) reaches review and scoring."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.domain.model import IndicatorResult, SelfEvaluation, Source, TargetTable
from jixiao.domain.review import review
from jixiao.domain.scoring import score_self_evaluation
from jixiao.domain.scoring.rows import stated
from jixiao.domain.targets import parse_target
from jixiao.ingest.report import FileReport

Read = Callable[[str], FileReport]


def _fea04(table: TargetTable) -> list[str]:
    return [f.indicator or "" for f in review([table]) if f.rule == "FEA-04"]


def test_fea04_does_not_fire_on_a_quantity_its_source_marks_reverse(office_report: Read) -> None:
    table = office_report("headers.xlsx").documents[0]
    assert isinstance(table, TargetTable)
    capped = table.indicators[2]
    assert (capped.level2, capped.target.op, capped.direction) == ("数量指标", "≤", "lower_better")
    assert "乱堆乱放点位" not in _fea04(table)
    unmarked = capped.model_copy(update={"direction": None})
    without = table.model_copy(update={"indicators": (*table.indicators[:2], unmarked)})
    assert "乱堆乱放点位" in _fea04(without)  # the same row without 反向 is a capped quantity


def test_scoring_a_reverse_indicator_from_an_xlsx_uses_lower_is_better(office_report: Read) -> None:
    evaluation = office_report("headers.xlsx").documents[1]
    assert isinstance(evaluation, SelfEvaluation)
    report = score_self_evaluation(evaluation)
    reverse, positive = report.rows
    assert evaluation.indicators[0].direction == "lower_better"
    # 5 at most, 6 happened: over the target of a 反向 indicator loses points (a 正向 reading of
    # "5个" would give full marks), while 27 of 30 on the 正向 row gives 50 × 27 / 30
    assert reverse.outcome.score is not None and reverse.outcome.score < 50
    assert positive.outcome.score == Decimal(45)


def _row(target: str, actual: str, direction: str | None) -> IndicatorResult:
    return IndicatorResult.model_validate(
        {"level1": "产出指标", "level2": "数量指标", "level3": "安全事故", "weight": 10,
         "score": 10, "target": parse_target(target), "actual": parse_target(actual),
         "direction": direction, "source": Source(file="x.xlsx", cell="A1")}
    )  # fmt: skip


def test_a_bare_target_beside_reverse_reads_as_at_most() -> None:
    assert stated(parse_target("5个"), "lower_better").op == "≤"
    assert stated(parse_target("5个"), "higher_better").direction == "higher_better"
    assert stated(parse_target("=5个"), "lower_better").op == "="  # written =: kept
    assert stated(parse_target("≥5个"), "lower_better").op == "≥"  # written ≥: kept
    base = SelfEvaluation.model_validate(
        {"scope": "project", "title": "t", "department": {"name": "d"}, "budget": {},
         "goals": [], "indicators": [], "source": {"file": "x.xlsx"}}
    )  # fmt: skip
    reverse = base.model_copy(update={"indicators": (_row("5个", "6个", "lower_better"),)})
    exact = base.model_copy(update={"indicators": (_row("5个", "6个", None),)})
    (scored,) = score_self_evaluation(reverse).rows
    (unscored,) = score_self_evaluation(exact).rows
    assert scored.outcome.score is not None and unscored.outcome.score is not None
    assert scored.outcome.score < unscored.outcome.score

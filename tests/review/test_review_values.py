"""The rows the single-document rules read are views of the models (branch ``srev3``): every field
of an indicator row, of its 指标值 and of a self-evaluation's 实际完成值, with the model's values."""

from __future__ import annotations

from typing import Any

import pytest
from review_builders import evaluation, ind, res, table, with_fields

from jixiao.domain.model import Indicator, IndicatorResult, Source
from jixiao.domain.review import values
from jixiao.domain.review.helpers import (
    classified,
    goals,
    indicators,
    labels,
    results,
    rows,
    template_slots,
)
from jixiao.domain.review.values import ResultValues, RowValues, TargetValues, target_values
from jixiao.domain.targets import Target, may_need_context, parse_target

_VIEWS = [(TargetValues, Target), (RowValues, Indicator), (ResultValues, IndicatorResult)]


@pytest.mark.parametrize(("view", "model"), _VIEWS)
def test_a_view_declares_every_field_of_its_model(view: type, model: Any) -> None:
    declared = {name for cls in view.__mro__ for name in getattr(cls, "__annotations__", {})}
    # None: a result has no 描述; whether a value may read differently in context, not a field
    extra = {ResultValues: {"description"}, TargetValues: {"contextual"}}.get(view, set())
    assert declared == set(model.model_fields) | extra
    assert not hasattr(view(_example(model)), "__dict__")  # slots only: nothing else to set


def _example(model: Any) -> Any:
    if model is Target:
        return parse_target("≥120人")
    if model is Indicator:
        return ind("数量指标", "培训人数", "≥120人")
    return res("数量指标", "培训人数", "≥100人", "110人")


_TARGETS = [
    "≥120人",
    "≥1000元",
    "约70项",
    "2025年12月底前",
    "COD108.4；氨氮1.0",
    "≤20万元",
    "≤20万",  # a bare 万: may read as 万元 in a cost row (contextual)
    "12月底前",  # no year: may take the budget year (contextual)
    "有效提升",
    "",
]


def _same_target(view: TargetValues, target: Target) -> None:
    assert type(view) is TargetValues
    for name in Target.model_fields:
        assert getattr(view, name) == getattr(target, name), name
    assert view.contextual is may_need_context(target)


@pytest.mark.parametrize("text", _TARGETS)
def test_a_target_view_has_the_models_values(text: str) -> None:
    target = parse_target(text)
    _same_target(TargetValues(target), target)


def _same_row(view: RowValues, row: Indicator | IndicatorResult) -> None:
    for name in type(row).model_fields:
        if name in ("target", "actual"):
            _same_target(getattr(view, name), getattr(row, name))
        else:
            assert getattr(view, name) == getattr(row, name), name


def test_a_tables_rows_are_views_in_order_template_slots_apart() -> None:
    models = [
        ind("数量指标", "培训人数", "≥120人", description="参训人数", line=10),
        ind("质量指标", "不适用", "不适用", line=11),  # a template slot
        Indicator(
            level1="产出指标",
            level2="成本指标",
            level3="培训费",
            target=parse_target("≤20万元"),
            weight=None,
            direction="lower_better",
            source=Source(file="t.txt", line=12),
        ),
    ]
    document = table(models)
    every = indicators(document)
    assert [type(row) for row in every] == [RowValues] * 3
    for view, model in zip(every, models, strict=True):
        _same_row(view, model)
    assert every[2].description is None and every[2].direction == "lower_better"
    assert list(rows(document)) == [every[0], every[2]] and template_slots(document) == (every[1],)
    assert [row for row, _, _ in classified(document)] == [every[0], every[2]]


def test_a_self_evaluations_rows_are_result_views() -> None:
    models = [
        res("数量指标", "培训人数", "≥100人", "110人", score="35", deviation="未完成", line=30),
        res("成本指标", "项目总成本", "≤100万元", "98万元", goal=2, line=31),
    ]
    document = evaluation(models)
    every = results(document)
    assert indicators(document) is every
    assert [type(row) for row in every] == [ResultValues] * 2
    for view, model in zip(every, models, strict=True):
        _same_row(view, model)
        assert view.description is None  # a self-evaluation's row has no 描述
    assert list(rows(document)) == list(every)


def test_the_goals_are_read_once_with_their_sources() -> None:
    lines = (Source(file="table.txt", line=3), Source(file="table.txt", line=4))
    document = with_fields(
        table(goals=("1.培训不少于105人。", "2.检查50家企业。")), goal_sources=lines
    )
    assert goals(document) == (("1.培训不少于105人。", lines[0]), ("2.检查50家企业。", lines[1]))
    assert goals(document) is goals(document)
    unplaced = table(goals=("1.培训不少于105人。", "2.检查50家企业。"))  # no goal sources
    assert goals(unplaced) == tuple((g, unplaced.source) for g in unplaced.goals)
    assessed = evaluation()
    assert goals(assessed) == tuple((g.target, g.source) for g in assessed.goals)


def test_a_targets_view_is_made_once_and_kept_by_the_targets_identity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The readers give one target for each distinct text (srev4): the rows that hold it share
    its view; an equal target that is another object has its own view, with its own values."""
    shared = parse_target("≥120人")  # the rows' too (parse_target's kept answer)
    document = table([ind("数量指标", "培训人数", text, line=n) for n, text in
                      enumerate(("≥120人", "≥125人", "≥120人"), 10)])  # fmt: skip
    every = indicators(document)
    assert every[0].target is every[2].target is target_values(shared)
    _same_target(every[1].target, parse_target("≥125人"))
    equal = shared.model_copy()
    assert equal == shared and target_values(equal) is not target_values(shared)
    _same_target(target_values(equal), equal)
    monkeypatch.setattr(values, "KEPT_VIEWS", 2)
    monkeypatch.setattr(values, "_views", {})
    made = [parse_target(text) for text in _TARGETS]
    for target in made + made:  # more than are kept: let go, made again, still the model's
        _same_target(target_values(target), target)
        assert len(values._views) <= 2


def test_the_labels_are_each_rows_canonical_levels_in_order() -> None:
    document = table(
        [
            ind("数量", "培训人数", "≥120人", level1="产出", line=10),
            ind("质量指标", "不适用", "不适用", line=11),  # a template slot counts too
            ind("社会效益", "群众受益", "有效提升", level1="效益指标", line=12),
        ]
    )
    assert labels(document) == (("产出指标", "数量指标"), ("产出指标", "质量指标"),
                                 ("效益指标", "社会效益指标"))  # fmt: skip
    assert labels(document) is labels(document)

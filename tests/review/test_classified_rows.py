"""The facts most rules ask of an indicator row (canonical 二级指标, 成本指标) are worked out once
per document (helpers.classified): the same answers as asking each row, for the right document."""

from __future__ import annotations

from review_builders import evaluation, ind, res, table

from jixiao.domain.model import TargetTable
from jixiao.domain.review import review
from jixiao.domain.review.helpers import classified, is_cost, level2, rows


def _table_rows() -> TargetTable:
    return table(
        [
            ind("数量指标", "培训人数", "≥120人", line=10),
            ind("数 量", "检查企业数", "≤40家", line=11),  # spaced: canonical 数量指标
            ind("成本", "培训费", "≥60万元", line=12),  # alias of 成本指标 (framework A)
            ind("经济成本指标", "材料费", "≤20万元", level1="成本指标", line=13),  # framework B
            ind("其他成本", "管理费", "≤5万元", level1="成 本 指 标", line=17),  # by its level 1
            ind("质量指标", "合格率", "≥90%", line=14),
            ind("时效指标", "完成时间", "按时完成", line=15),
            ind("质量指标", "不适用", "不适用", line=16),  # a template slot: not a row
        ]
    )


def test_each_row_classified_as_asked_one_by_one() -> None:
    for document in (_table_rows(), evaluation()):
        expected = [(row, level2(row), is_cost(row)) for row in rows(document)]
        assert list(classified(document)) == expected
    document = _table_rows()
    assert [level2_ for _, level2_, _ in classified(document)] == [
        "数量指标", "数量指标", "成本指标", "经济成本指标", "其他成本", "质量指标", "时效指标",
    ]  # fmt: skip
    costs = [cost for _, _, cost in classified(document)]
    assert costs == [False, False, True, True, True, False, False]


def test_the_facts_are_those_of_the_document_asked_about() -> None:
    first, other = _table_rows(), table()
    assert [row for row, _, _ in classified(first)] == list(rows(first))
    assert [row for row, _, _ in classified(other)] == list(rows(other))
    assert [row for row, _, _ in classified(first)] == list(rows(first))


def test_rules_read_the_classified_facts() -> None:
    """FEA-04 (a cost row with ≥, a quantity capped with ≤) and FEA-02 (时效 without a date) on
    rows whose labels are written in other spellings."""
    lines = {(f.rule, f.source.line) for f in review([_table_rows()])}
    assert {("FEA-04", 11), ("FEA-04", 12), ("FEA-02", 15)} <= lines
    assert ("FEA-04", 13) not in lines and ("FEA-04", 10) not in lines
    results = evaluation([res("数量指标", "培训人数", "≥100人", "110人")])
    assert [level2_ for _, level2_, _ in classified(results)] == ["数量指标"]


def test_a_required_level2_filled_under_another_spelling_is_filled() -> None:
    """CMP-10 reads the classified rows' canonical 二级指标: a 数量指标 slot that says 不适用 is no
    finding when a row under “数 量” (another spelling of 数量指标) holds an indicator."""
    slot = ind("数量指标", "不适用", "不适用", line=12)
    filled = table([ind("数 量", "检查企业数", "≤40家", line=11), slot])
    alone = table([ind("质量指标", "合格率", "≥90%", line=11), slot])
    assert ("CMP-10", 12) not in {(f.rule, f.source.line) for f in review([filled])}
    assert ("CMP-10", 12) in {(f.rule, f.source.line) for f in review([alone])}

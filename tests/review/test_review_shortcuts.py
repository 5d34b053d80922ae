"""The single-document review's shortcuts (branch ``rev``) give what the long way gives: a rule's
wording worked out once per profile, SE-05's similarity bounds, kept pattern answers, a
三级指标's kept CMP-07 messages, a document that needs no context given back itself."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import pytest
from review_builders import evaluation, good_rows, ind, res, table

from jixiao.domain.review import review
from jixiao.domain.review.helpers import occurs, with_context
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.rules.self_evaluation import _similar

_UNBALANCED = table(total="100", fiscal="80")  # CMP-06: 预算数 ≠ 财政资金 + 其他资金
_NO_UNIT = table([*good_rows(), ind("数量指标", "检查次数（次）", "12", line=16)])  # CMP-03 info


def test_a_profile_words_every_finding_of_its_rule() -> None:
    worded = Profile(
        "x",
        "",
        {
            "CMP-06": {
                "message": "口径：{原文}",
                "suggestion": "核对资金来源",
                "severity": "warning",
            }
        },
    )
    plain = [f for f in review([_UNBALANCED]) if f.rule == "CMP-06"]
    found = [f for f in review([_UNBALANCED], worded) if f.rule == "CMP-06"]
    assert [f.message for f in found] == [f"口径：{f.message}" for f in plain] and plain
    assert {(f.suggestion, f.severity) for f in found} == {("核对资金来源", "warning")}
    assert {(f.suggestion, f.severity) for f in plain} == {(plain[0].suggestion, "error")}
    assert plain[0].suggestion != "核对资金来源"


def test_a_hit_of_its_own_severity_keeps_it_under_a_profile_severity() -> None:
    worded = Profile("x", "", {"CMP-03": {"severity": "warning"}})
    found = [f for f in review([_NO_UNIT], worded) if f.rule == "CMP-03"]
    assert [f.severity for f in found] == ["info"]  # the unit written in the name (_no_unit)


_POPULAR = "推进生态环境保护，" * 30  # longer than 200: difflib's autojunk drops popular characters


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("开展区域横向生态保护补偿1项", "开展区域横向生态保护补偿1项"),
        ("开展区域横向生态保护补偿1项", "开展区域横向生态保护补偿1项。已完成"),
        ("开展培训", "完成全部检查工作并形成报告"),
        ("甲乙丙丁", "丁丙乙甲"),
        (_POPULAR, _POPULAR),
        (_POPULAR, _POPULAR + "已完成"),
        (_POPULAR, "已完成" + _POPULAR[3:]),
        ("", "已完成"),
        ("", ""),
    ],
)
@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.6, 0.9, 0.97, 1.0, 1.1])
def test_similar_is_difflibs_ratio(a: str, b: str, threshold: float) -> None:
    assert _similar(a, b, threshold) is (SequenceMatcher(None, a, b).ratio() >= threshold)


def test_a_kept_pattern_answer_is_the_search() -> None:
    count, word = re.compile(r"(数量|人数)$"), re.compile(r"人数")
    count_in, word_in = occurs(count), occurs(word)
    texts = ["培训人数", "培训人数\n", "人数合格率", "", "人数", "培训人数"]
    assert [count_in(t) for t in texts] == [count.search(t) is not None for t in texts]
    assert [word_in(t) for t in texts] == [True, True, True, False, True, True]  # its own answers


def test_a_names_messages_are_its_problems_then_its_punctuation() -> None:
    rows = [*good_rows(), ind("数量指标", "检查检查查验 企业“数量。", "≥5家", line=16)]
    found = [(f.message, f.source.line) for f in review([table(rows)]) if f.rule == "CMP-07"]
    assert found == [
        ("三级指标名称引号不配对（“ 1 个，” 0 个）", 16),
        ("三级指标名称词语重复“检查检查”", 16),
        ("三级指标名称疑似重复字“查查”", 16),
        ("三级指标名称汉字之间有多余空格", 16),
        ("三级指标名称末尾有标点“。”", 16),
    ]


def test_a_document_that_needs_no_context_is_given_back_itself() -> None:
    document = table()
    assert with_context(document) is document
    cost = table([*good_rows()[:3], ind("成本指标", "项目总成本", "≤100万", line=13)])
    read = with_context(cost)
    assert read is not cost
    assert read.indicators[3].target.unit == "万元" and read.indicators[:3] == cost.indicators[:3]


def test_a_self_evaluation_is_read_in_context_when_only_an_actual_value_needs_it() -> None:
    """A cost row's 实际完成值 ``98万`` is 98 万元 though its 年度指标值 needs nothing (each row's
    values are looked at from its ``__dict__``, srev4: a result's 实际完成值 too)."""
    written = evaluation([res("成本指标", "项目总成本", "≤100万元", "98万元", line=31)])
    assert with_context(written) is written
    bare = evaluation([res("成本指标", "项目总成本", "≤100万元", "98万", line=31)])
    read = with_context(bare)
    assert read is not bare and read.indicators[0].actual.unit == "万元"

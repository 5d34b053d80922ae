"""A rule never aborts a batch: random and mutated documents, and a rule that fails on purpose.

Two properties on documents built at random (empty strings anywhere, no budget, no indicators, odd
targets): ``review`` never raises, and — separately, so that the engine's isolation cannot hide a
bug — no rule raises when it is called directly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_builders import evaluation, table

from jixiao.domain import levels
from jixiao.domain.model import (
    Department,
    ExecutionBudget,
    GoalResult,
    Indicator,
    IndicatorResult,
    Project,
    ProjectBudget,
    SelfEvaluation,
    Source,
    TargetTable,
)
from jixiao.domain.review import RULES, Rule, load_profile, profile_names, review
from jixiao.domain.review.digest import digest_of
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.registry import Context, Hit
from jixiao.domain.targets import parse_target

ODD_TEXTS = [
    "", " ", "不适用", "。", "“", "无", "0", "-", "≥", "100%", "1001", "≥0人", "≤0万元",
    "≥1796万元", "60万", "2025年12月底前", "12月底前", "半小时内", "每天早上6点半前", "约70项",
    "COD108.4；氨氮1.0；总磷2.6", "80%-90%", "法定时限", "明显", "得到提升", "良好", "合格",
    "《中华人民共和国预算法》", "〔2019〕15号", "10元×5000人=5万元", "3×", "×", "=",
    "2024年", "2099年13月", "数量指标", "其他满意度", "满意度", "成本指标", "a" * 120,
]  # fmt: skip
LEVEL_LABELS = [*levels.LEVEL1, *levels.LEVEL2, "其他满意度", "", "不适用", "产出", "效益"]

texts = st.one_of(st.sampled_from(ODD_TEXTS), st.text(max_size=30))
labels = st.one_of(st.sampled_from(LEVEL_LABELS), st.text(max_size=6))
amounts = st.one_of(
    st.none(),
    st.decimals(min_value=-1000, max_value=10**9, places=2, allow_nan=False),
    st.sampled_from([Decimal(0), Decimal("0.01"), Decimal("20"), Decimal("109.8")]),
)
years = st.one_of(st.none(), st.integers(min_value=1990, max_value=2100))
sources = st.builds(
    Source,
    file=st.sampled_from(["a.xlsx", ""]),
    line=st.one_of(st.none(), st.integers(0, 10**6)),
)
departments = st.builds(
    Department,
    code=st.one_of(st.none(), st.sampled_from(["", "3", "362101", "362207", "440304001"])),
    name=st.one_of(st.sampled_from(["", "深圳市福田区民政局", "天津市生态环境局"]), texts),
)
indicators = st.builds(
    Indicator,
    level1=labels,
    level2=labels,
    level3=texts,
    description=st.one_of(st.none(), texts),
    target=texts.map(parse_target),
    weight=amounts,
    source=sources,
)
target_tables = st.builds(
    TargetTable,
    title=texts,
    year=years,
    department=departments,
    project=st.builds(Project, name=texts),
    budget=st.builds(ProjectBudget, total=amounts, fiscal=amounts, other=amounts),
    purpose=st.one_of(st.none(), texts),
    goals=st.lists(texts, max_size=3).map(tuple),
    indicators=st.lists(indicators, max_size=8).map(tuple),
    source=sources,
    basis=st.one_of(st.none(), texts),
    calculation=st.one_of(st.none(), texts),
)
results = st.builds(
    IndicatorResult,
    goal_no=st.one_of(st.none(), st.integers(-1, 5)),
    level1=labels,
    level2=labels,
    level3=texts,
    target=texts.map(parse_target),
    actual=texts.map(parse_target),
    weight=amounts,
    score=amounts,
    deviation=st.one_of(st.none(), texts),
    source=sources,
)
self_evaluations = st.builds(
    SelfEvaluation,
    scope=st.sampled_from(["department", "project"]),
    title=texts,
    year=years,
    department=departments,
    project=st.one_of(st.none(), st.builds(Project, name=texts)),
    budget=st.builds(
        ExecutionBudget,
        annual=amounts,
        executed=amounts,
        rate=amounts,
        weight=amounts,
        score=amounts,
        deviation=st.one_of(st.none(), texts),
    ),
    goals=st.lists(
        st.builds(GoalResult, no=st.integers(-1, 5), target=texts, actual=texts, source=sources),
        max_size=3,
    ).map(tuple),
    indicators=st.lists(results, max_size=8).map(tuple),
    total_weight=amounts,
    total=amounts,
    grade=st.one_of(st.none(), st.sampled_from(["优", "良", "中", "差", ""]), texts),
    conclusion=st.one_of(st.none(), texts),
    source=sources,
)


@st.composite
def mutated_tables(draw: st.DrawFn) -> TargetTable:
    """A well-formed table with some fields replaced by odd values."""
    base = table(year=draw(st.sampled_from([2025, 2026])))
    rows = list(base.indicators)
    for i in draw(st.lists(st.integers(0, len(rows) - 1), max_size=4)):
        field = draw(st.sampled_from(["level1", "level2", "level3", "description", "target"]))
        value = draw(texts)
        rows[i] = rows[i].model_copy(
            update={field: parse_target(value) if field == "target" else value}
        )
    update: dict[str, object] = {"indicators": tuple(rows)}
    if draw(st.booleans()):
        update["budget"] = ProjectBudget(total=draw(amounts), fiscal=draw(amounts))
    if draw(st.booleans()):
        update["goals"] = tuple(draw(st.lists(texts, max_size=2)))
    return base.model_copy(update=update)


documents = st.lists(
    st.one_of(target_tables, self_evaluations, mutated_tables()), min_size=1, max_size=4
)
PROFILES = {name: load_profile(name) for name in profile_names()}
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(documents, st.sampled_from(sorted(PROFILES)))
def test_no_exception_escapes_the_engine(docs: list, profile: str) -> None:
    for finding in review(docs, PROFILES[profile]):
        assert finding.message and finding.rule in RULES


@FAST
@given(documents, st.sampled_from(sorted(PROFILES)))
def test_no_rule_raises(docs: list, profile: str) -> None:
    chosen = PROFILES[profile]
    digests = [digest_of(d) for d in docs]  # what the cross-document rules read
    for document, digested in zip(docs, digests, strict=True):
        for rule in RULES.values():
            if rule.applies_to(document):
                subject = document if rule.prepare is None else digested
                hits = list(rule.check(subject, Context(chosen.params(rule), digests)))
                assert all(isinstance(hit, Hit) and hit.message for hit in hits)


def _broken(document: object, ctx: Context) -> Iterator[Hit]:
    yield Hit("第一条", "first", Source(file="x"))
    raise IndexError("string index out of range")


@pytest.fixture
def broken_rule() -> Iterator[Rule]:
    """A rule that fails on every table, registered for one test only."""
    rule = Rule(
        "CMP-99", "完整性", "error", "总是失败", "测试用", "测试", "无", "无", ("target_table",),
        _broken,
    )  # fmt: skip
    RULES[rule.code] = rule
    yield rule
    del RULES[rule.code]


def test_a_failing_rule_becomes_an_internal_finding(
    broken_rule: Rule, caplog: pytest.LogCaptureFixture
) -> None:
    faulty = table(total="100", fiscal="80", other="10")  # CMP-06 must still report this table
    with caplog.at_level(logging.ERROR, logger="jixiao.domain.review.engine"):
        found = review([faulty, table(), evaluation()])
    internal = [f for f in found if f.rule == "CMP-99"]
    assert [f.message for f in internal] == [
        "规则 CMP-99 无法检查此表（内部错误 IndexError），请人工复核此项"
    ] * 2
    assert {f.severity for f in internal} == {"info"}
    assert any(f.rule == "CMP-06" for f in found)
    assert "CMP-99" in caplog.text and "IndexError" in caplog.text  # traceback for developers
    assert caplog.records[0].exc_info is not None


def test_empty_level3_with_a_value_is_checked() -> None:
    """The row that crashed the batch (CMP-07 IndexError): empty 三级指标, filled 指标值."""
    row = table().indicators[0].model_copy(update={"level3": ""})
    found = review([table([row, *table().indicators[1:]])])
    assert not [f for f in found if "无法检查" in f.message]
    assert any(f.rule == "CMP-03" and "缺少三级指标" in f.message for f in found)


def test_a_profile_message_never_hides_an_internal_failure(broken_rule: Rule) -> None:
    worded = Profile("x", "", {"CMP-99": {"message": "口径：{原文}"}})
    internal = [f for f in review([table()], worded) if f.rule == "CMP-99"]
    assert [f.message for f in internal] == [
        "规则 CMP-99 无法检查此表（内部错误 IndexError），请人工复核此项"
    ]
    assert worded.message(broken_rule, "原话") == "口径：原话"

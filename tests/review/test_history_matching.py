"""APP-02/03 (历史标准): which of last year's rows a row of this year's table is matched with.

The matching skips candidates whose score cannot win before it compares their values; these
cases pin down what it must still choose: the first of equal scores, the best comparable value,
the lower threshold when last year's target had the same number."""

from __future__ import annotations

import gc
import weakref

from tests.review.review_builders import evaluation, ind, res, table

from jixiao.domain.review import Finding, review
from jixiao.domain.review.digest import digest_of
from jixiao.domain.review.registry import Context
from jixiao.domain.review.rules import history

NAME = "辐射安全培训人数"


def _app02(*past: tuple[str, str, str, int]) -> list[Finding]:
    """APP-02 on a table whose one counted row is ``≥90人`` 辐射安全培训人数, with last year's
    rows ``past`` ((name, target, actual, line) of 数量指标)."""
    rows = [res("数量指标", name, target, actual, line=line) for name, target, actual, line in past]
    documents = [table([ind("数量指标", NAME, "≥90人", line=10)]), evaluation(rows)]
    return [f for f in review(documents) if f.rule == "APP-02"]


def _cited(findings: list[Finding]) -> list[str]:
    """The line of last year's row each finding cites (``2024年自评表第N行``)."""
    return [f.message.split("自评表")[1].split("行")[0] + "行" for f in findings]


def test_the_first_of_equal_scores_is_matched() -> None:
    found = _app02((NAME, "≥90人", "150人", 31), (NAME, "≥90人", "160人", 32))
    assert _cited(found) == ["第31行"]


def test_a_closer_name_wins_whatever_comes_first() -> None:
    found = _app02(("安全培训人数", "≥80人", "150人", 31), (NAME, "≥80人", "160人", 32))
    assert _cited(found) == ["第32行"]


def test_a_closer_name_with_a_value_of_another_order_does_not_hide_a_comparable_one() -> None:
    found = _app02(("安全培训人数", "≥80人", "150人", 31), (NAME, "≥9000人", "9500人", 32))
    assert _cited(found) == ["第31行"]  # a target of 9000 is not 90's order (max_ratio 3)


def test_a_weak_name_matches_only_where_last_years_target_was_the_same() -> None:
    weak = "人数统计"  # shares one bigram with 辐射安全培训人数: between the two thresholds
    assert _cited(_app02((weak, "≥90人", "150人", 31))) == ["第31行"]
    assert _app02((weak, "≥80人", "150人", 31)) == []


def test_each_rule_context_keeps_its_own_matching_parameters() -> None:
    """APP-02 and APP-03 share one review's memo: each context's matching (made once, then
    kept) is made of its own parameters, never the other's."""
    memo: dict[object, object] = {}
    strict = Context({**history._PARAMS, "min_similarity": 0.9}, memo=memo)
    lax = Context({**history._PARAMS, "min_similarity": 0.1}, memo=memo)
    kept = history._context_matching(strict)
    assert history._context_matching(lax).other == 0.1
    assert history._context_matching(strict) is kept and kept.other == 0.9


def test_the_kept_matching_lets_the_context_and_its_memo_go() -> None:
    """No cycle through the memo: a stream's review frees each family's index (in the memo) as
    soon as it is done, without the collector (which it freezes)."""
    gc.disable()
    try:
        ctx = Context(dict(history._PARAMS), memo={})
        history._context_matching(ctx)
        gone = weakref.ref(ctx)
        del ctx
        assert gone() is None
    finally:
        gc.enable()


def test_a_pools_ranking_is_kept_by_the_names_and_the_floor() -> None:
    """A row's names are ranked against a pool once (the pool keeps the ranking: the names of a
    family's tables repeat), and a ranking kept for one floor is not another floor's."""
    rows = [
        res("数量指标", NAME, "≥90人", "150人", line=31),  # the same name: 1.0
        res("数量指标", "安全培训人数", "≥90人", "150人", line=32),  # ≈ 0.83
        res("数量指标", "人数统计", "≥90人", "150人", line=33),  # 0.2
    ]
    (past,) = [digest_of(evaluation(rows))]
    _codes, index = history._index([past], "family")
    pool = next(iter(index.values()))["数量指标"].pool(frozenset({"人"}))
    names = (history.bigrams(NAME),)
    low = history._ranked(names, pool, 0.2)
    assert [round(score, 2) for score, _ in low] == [1.0, 0.83, 0.2]
    assert history._ranked(names, pool, 0.2) is low  # kept
    high = history._ranked(names, pool, 0.4)
    assert high == low[:2]  # not the ranking kept for 0.2

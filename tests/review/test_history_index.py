"""APP-02/03 (历史标准): the matching through the family's index of last year's rows
(``history.Pool``: each distinct name scored once, of equal names and values only the first
kept) chooses what the straightforward definition chooses — every one of last year's rows of
the 二级指标 in the row's unit or a synonym scored, the first of the highest passing score —
on randomized rows whose names, units and values repeat (ties, synonyms, values of another
order, the weak-name threshold, thresholds in either order)."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from typing import Any

from tests.review.review_builders import evaluation, ind, res, table

from jixiao.domain.model import SelfEvaluation
from jixiao.domain.review.digest import Digest, digest_of
from jixiao.domain.review.helpers import description, dice
from jixiao.domain.review.rules import history

NAMES = ("辐射安全培训人数", "安全培训人数", "培训人数", "人数统计", "执法检查次数", "检查次数")
UNITS = ("人", "次", "件", "起")
VALUES = (1, 3, 9, 10, 30, 90, 100, 300)
LEVEL2 = "数量指标"


def _row(rng: random.Random, line: int) -> Any:
    """One of last year's rows: a random name, target and actual (all 数量指标)."""
    unit = rng.choice(UNITS)
    sign = rng.choice(("≥", "≤", ""))
    return res(
        LEVEL2, rng.choice(NAMES), f"{sign}{rng.choice(VALUES)}{unit}",
        f"{rng.choice(VALUES)}{rng.choice((unit, *UNITS))}", line=line,
    )  # fmt: skip


def _digests(documents: list[SelfEvaluation]) -> list[Digest]:
    return [digest_of(d) for d in documents]


def _params(rng: random.Random) -> dict[str, Any]:
    thresholds = rng.choice(((0.4, 0.2), (0.2, 0.4), (0.5, 0.5), (0.0, 0.3)))
    return {
        **history._PARAMS,
        "min_similarity": thresholds[0],
        "min_similarity_same_target": thresholds[1],
        "max_ratio": rng.choice((3, 10)),
    }


def _straightforward(row: Any, past: list[Any], params: dict[str, Any]) -> Any:
    """The definition: of last year's rows (in order) of the row's unit or a synonym, the first
    of the highest name score that reaches its threshold and has a comparable value."""
    units = history._units(row.target.unit, params["unit_synonyms"])
    texts = [row.level3, *([description(row)] if description(row) else [])]
    best, best_score = None, -math.inf
    for candidate in past:
        if candidate.actual.value is None or candidate.actual.unit not in units:
            continue
        score = max(dice(text, candidate.level3) for text in texts)
        same = candidate.target.value == row.target.value
        threshold = params["min_similarity_same_target" if same else "min_similarity"]
        comparable = history._comparable(row.target, candidate.target, params["max_ratio"])
        if score >= threshold and comparable and score > best_score:
            best, best_score = candidate, score
    return best


def test_the_index_chooses_the_rows_the_definition_chooses() -> None:
    rng = random.Random(16)
    chosen = 0
    for _ in range(300):
        documents = [
            evaluation([_row(rng, 30 + 100 * n + i) for i in range(rng.randint(1, 12))])
            for n in range(rng.randint(1, 5))
        ]
        past = [row for document in documents for row in document.indicators]
        _codes, index = history._index(_digests(documents), "family")
        level2s = next(iter(index.values()), {})
        params = _params(rng)
        matching = history._matching(params)  # one per table: its units are kept across rows
        for _ in range(5):
            value = f"{rng.choice(('≥', '≤', ''))}{rng.choice(VALUES)}{rng.choice(UNITS)}"
            row = ind(LEVEL2, rng.choice(NAMES), value, description=rng.choice(("", *NAMES)))
            (digested,) = digest_of(table([row])).rows  # the row as the rule reads it
            found = history._best_match(digested, level2s.get(LEVEL2), matching)
            expected = _straightforward(row, past, params)
            assert (found.row.line if found else None) == (
                expected.source.line if expected else None
            ), (row, past, params)  # each of last year's rows on its own line
            chosen += expected is not None
    assert chosen > 300  # most rows find one: the comparison is not of Nones


def test_rows_of_equal_name_and_value_are_kept_once_the_first() -> None:
    first = res(LEVEL2, "培训人数", "≥90人", "100人", line=31)
    again = res(LEVEL2, "培训人数", "≥90人", "120人", line=32)
    other = res(LEVEL2, "培训人数", "≥80人", "120人", line=33)
    _codes, index = history._index(_digests([evaluation([first, again, other])]), "family")
    pool = next(iter(index.values()))[LEVEL2].pool(frozenset({"人"}))
    kept = [match.row.line for by_value in pool.names.values() for _, match in by_value.values()]
    assert kept == [31, 33]
    assert Decimal(90) in next(iter(pool.names.values()))


def test_the_ranked_names_are_those_a_scan_scores_above_the_floor() -> None:
    """``history._ranked`` (the names worth trying, highest first) against scoring every name of
    the pool with :func:`helpers.dice`: the same names, in order of score."""
    rng = random.Random(17)
    for _ in range(200):
        rows = [_row(rng, 30 + i) for i in range(rng.randint(1, 12))]
        _codes, index = history._index(_digests([evaluation(rows)]), "family")
        pool = next(iter(index.values()))[LEVEL2].pool(frozenset(UNITS))
        texts = rng.sample(NAMES, rng.randint(1, 2))
        floor = rng.choice((-math.inf, 0.0, 0.2, 0.4, 0.6))
        ranked = history._ranked(tuple(history.bigrams(t) for t in texts), pool, floor)
        names = {r.level3 for r in rows if r.actual.value is not None}
        scanned = sorted(
            (max(dice(t, name) for t in texts), history.bigrams(name)) for name in names
        )
        expected = [(score, grams) for score, grams in scanned if score >= floor]
        assert sorted(ranked, key=lambda s: (s[0], sorted(s[1]))) == sorted(
            expected, key=lambda s: (s[0], sorted(s[1]))
        )
        assert [score for score, _ in ranked] == sorted((s for s, _ in expected), reverse=True)

"""适当性 across documents (历史标准): this year's targets against last year's self-evaluation.

When a target table is reviewed together with the previous year's self-evaluation of the same
department (or, with ``match = "family"``, of the department it belongs to — unit codes sharing
their first three digits), each indicator is matched with last year's row of the same 二级指标 by
name similarity and unit. Basis: 财预〔2020〕10号 历史标准 — "在可实现的条件下应当确定相对较高的评价标准".

The two rules read digests (:mod:`jixiao.domain.review.digest`), not documents: the table they
check and the documents reviewed with it (``Context.documents``) are digests, made by the engine
or sent by the sandbox's reader workers."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import count
from operator import itemgetter
from typing import Any, NamedTuple, cast

from jixiao.domain.review.digest import Digest, Row, Value
from jixiao.domain.review.helpers import bigrams
from jixiao.domain.review.registry import Context, Hit, rule

_PARAMS = {
    "match": "family",  # "family": same 3-digit unit-code prefix; "exact": same department
    "min_similarity": 0.4,  # Dice coefficient of the names' bigrams
    "min_similarity_same_target": 0.2,  # enough when last year's target had the same number
    "max_ratio": 3,  # values further apart than this factor measure different things
    "unit_synonyms": [["件", "次", "起"]],
    "skip_level2": ["服务对象满意度指标"],
}


class Match(NamedTuple):
    row: Row  # of last year's self-evaluation
    year: int  # of its self-evaluation


def _family(document: Digest, codes: dict[str, str], mode: str) -> str:
    code = document.code or codes.get(document.name)
    if code is None:
        return document.name
    return code[:3] if mode == "family" else code


#: one of last year's rows: its position among the rows of its 二级指标 (candidates are tried in that
#: order: the first of equal scores wins), the bigrams of its name, the row
Candidate = tuple[int, frozenset[str], Match]


class Pool:
    """Last year's rows of one 二级指标 in a set of units (a unit and its synonyms), by name and
    last year's target value, the first of each pair in position order.

    A row of this year is matched with the first of the best-scoring rows that pass the value
    checks; the score depends on the name only and the checks on the target value only, so of
    rows with the same name and value only the first can be chosen. A department family's
    self-evaluations repeat their names (and often their values): a row is scored against the
    distinct names, not against every row of the family (which made the year's review quadratic
    in a family's size)."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.names: dict[frozenset[str], dict[Decimal | None, tuple[int, Match]]] = {}
        for position, grams, match in sorted(candidates, key=itemgetter(0)):
            by_value = self.names.setdefault(grams, {})
            by_value.setdefault(match.row.target.value, (position, match))
        #: :func:`_ranked`'s answers by the row's names and the floor (a family's tables repeat
        #: their names: the same names are ranked against the pool again and again)
        self.ranked: dict[tuple[tuple[frozenset[str], ...], float], list[Scored]] = {}


class Level2:
    """Last year's rows of one 二级指标 of a department family, by the unit of their actual value;
    the :class:`Pool` of a set of units is built when a row first asks for it."""

    def __init__(self) -> None:
        self.by_unit: dict[str, list[Candidate]] = {}
        self._pools: dict[frozenset[str], Pool] = {}

    def pool(self, units: frozenset[str]) -> Pool:
        found = self._pools.get(units)
        if found is None:
            rows = [c for unit, cs in self.by_unit.items() if unit in units for c in cs]
            found = self._pools[units] = Pool(rows)
        return found


Index = dict[tuple[int, str], dict[str, Level2]]


def _index(documents: Sequence[Digest], mode: str) -> tuple[dict[str, str], Index]:
    """Last year's rows with an actual value by (year, department family), 二级指标 and unit, and
    the department codes by name — built once per review() call, so review stays linear (a
    self-evaluation's digest holds only its rows with an actual value and unit)."""
    codes = {d.name: d.code for d in documents if d.code}
    index: Index = {}
    position = count()
    for d in documents:
        if d.scope == "self_evaluation" and d.year is not None:
            by_level2 = index.setdefault((d.year, _family(d, codes, mode)), {})
            for past in d.rows:
                actual = past.actual
                if actual is not None and actual.value is not None and actual.unit is not None:
                    found = by_level2.setdefault(past.level2, Level2())
                    found.by_unit.setdefault(actual.unit, []).append(
                        (next(position), bigrams(past.level3), Match(past, d.year))
                    )
    return codes, index


def _shared_index(ctx: Context) -> tuple[dict[str, str], Index]:
    """The index of the documents reviewed together (built by the first table that asks)."""
    mode = ctx.param("match")
    return ctx.shared(("self-evaluations", mode), lambda: _index(ctx.documents, mode))


def _last_year(table: Digest, ctx: Context) -> dict[str, Level2]:
    """Last year's self-evaluation rows of the table's department (family), by 二级指标."""
    if table.year is None:
        return {}
    codes, index = _shared_index(ctx)
    return index.get((table.year - 1, _family(table, codes, ctx.param("match"))), {})


def _units(unit: str | None, synonyms: Sequence[Sequence[str]]) -> frozenset[str]:
    """The units last year's rows may have to be compared with a row in ``unit``: the same,
    or one of its synonyms (件/次/起)."""
    if unit is None:
        return frozenset()
    return frozenset([unit, *(other for group in synonyms if unit in group for other in group)])


def _comparable(a: Value, b: Value, max_ratio: float) -> bool:
    """Targets of the same order of magnitude (this year's 15 reports are not last year's ≥663)."""
    if a.value is None or b.value is None:
        return False
    low, high = sorted((a.value, b.value))
    return low > 0 and high / low <= Decimal(str(max_ratio))


@lru_cache(maxsize=1 << 16)
def _similarity(names: tuple[frozenset[str], ...], past: frozenset[str]) -> float:
    """:func:`helpers.dice` of the best of ``names`` with ``past`` (their bigrams given; the
    same names meet the same rows of last year in table after table: recent pairs are kept)."""
    best = 0.0
    for grams in names:
        if grams and past:
            best = max(best, 2 * len(grams & past) / (len(grams) + len(past)))
    return best


#: a name of last year (its bigrams) with its score
Scored = tuple[float, frozenset[str]]


def _ranked(names: tuple[frozenset[str], ...], pool: Pool, floor: float) -> list[Scored]:
    """The names of ``pool`` scoring at least ``floor`` with ``names`` (:func:`_similarity`),
    the highest first (those below cannot pass: they are not sorted); kept in the pool."""
    key = (names, floor)
    ranked = pool.ranked.get(key)
    if ranked is None:
        ranked = [
            (score, past) for past in pool.names if (score := _similarity(names, past)) >= floor
        ]
        ranked.sort(key=itemgetter(0), reverse=True)
        pool.ranked[key] = ranked
    return ranked


class Matching(NamedTuple):
    """The matching parameters of a rule's context as :func:`_best_match` reads them, worked
    out once per context (:func:`_context_matching`) rather than once per table or row."""

    other: Any  # min_similarity (名称相似度下限)
    same: Any  # min_similarity_same_target (上年目标值相同时的下限)
    floor: float  # the lower of the two when they are numbers (no score below it can pass)
    max_ratio: Any
    synonyms: Sequence[Sequence[str]]  # unit_synonyms (件/次/起)
    units: dict[str | None, frozenset[str]]  # :func:`_units` of each unit asked so far

    def units_of(self, unit: str | None) -> frozenset[str]:
        """:func:`_units` of ``unit`` (kept: a table's rows repeat their units)."""
        found = self.units.get(unit)
        if found is None:
            found = self.units[unit] = _units(unit, self.synonyms)
        return found


def _matching(params: Any) -> Matching:
    """The :class:`Matching` of a rule's parameters (APP-02 and APP-03 each have theirs)."""
    other, same = params["min_similarity"], params["min_similarity_same_target"]
    floor = min(other, same) if _numbers(other, same) else -math.inf
    return Matching(other, same, floor, params["max_ratio"], params["unit_synonyms"], {})


def _context_matching(ctx: Context) -> Matching:
    """:func:`_matching` of the rule's parameters, kept in the review's memo by those parameters
    (with them: an id names one object at a time; not with the context, which holds the memo:
    a cycle that only the collector would free, and a stream freezes it) with the units it has
    worked out — not made again for each table."""
    params = ctx.params
    key = ("history-matching", id(params))
    kept = ctx.memo.get(key)
    if isinstance(kept, tuple) and kept[0] is params:
        return cast(Matching, kept[1])
    found = _matching(params)
    ctx.memo[key] = (params, found)
    return found


def _best_match(row: Row, last_year: Level2 | None, matching: Matching) -> Match | None:
    """Last year's row of the same unit (or a synonym) most like ``row`` by name, if close enough:
    the first of the highest score at least ``min_similarity`` (``min_similarity_same_target``
    when last year's target had the same number) among those of a comparable value.

    The distinct names of last year's rows (:class:`Pool`) scoring at least the lower threshold
    (:func:`_ranked`) are tried from the highest score down; within a name, its rows in position
    order until one passes; a name scoring less than the best found ends the search."""
    if last_year is None:
        return None
    pool = last_year.pool(matching.units_of(row.target.unit))
    if not pool.names:
        return None
    text = row.description
    names = (bigrams(row.level3), bigrams(text)) if text else (bigrams(row.level3),)
    best: tuple[int, Match] | None = None
    best_score = -math.inf
    for score, grams in _ranked(names, pool, matching.floor):
        if score < best_score:
            break
        for position, candidate in pool.names[grams].values():
            if best is not None and position >= best[0]:
                break
            past = candidate.row.target
            threshold = matching.same if past.value == row.target.value else matching.other
            if score >= threshold and _comparable(row.target, past, matching.max_ratio):
                best, best_score = (position, candidate), score
                break
    return None if best is None else best[1]


def _numbers(*values: object) -> bool:
    return all(isinstance(v, int | float) for v in values)


_MATCHING = ("match", "min_similarity", "min_similarity_same_target", "max_ratio", "unit_synonyms", "skip_level2")  # fmt: skip


def _candidates(table: Digest, ctx: Context) -> list[tuple[Row, Match]]:
    """Each row of ``table`` with last year's row it is matched to. APP-02 and APP-03 run one
    after the other on a table: the second reuses the first's matches when its parameters
    for matching are the same (one table's matches are kept at a time)."""
    settings = [ctx.params[name] for name in _MATCHING]  # compared by value (==)
    kept = ctx.memo.get("history-matches")
    if isinstance(kept, tuple) and kept[0] is table and kept[1] == settings:
        return list(kept[2])
    found = list(_matches(table, ctx))
    ctx.memo["history-matches"] = (table, settings, found)
    return found


def _matches(table: Digest, ctx: Context) -> Iterator[tuple[Row, Match]]:
    """Each row of ``table`` with a number (its digest holds no other, nor a 成本指标 row) with
    last year's row it is matched to, where one is close enough."""
    last_year = _last_year(table, ctx)
    if not last_year:
        return
    skip, matching = ctx.param("skip_level2"), _context_matching(ctx)
    for row in table.rows:
        if row.target.value is None or row.level2 in skip:
            continue
        match = _best_match(row, last_year.get(row.level2), matching)
        if match is not None:
            yield row, match


def _where(match: Match) -> str:
    line = f"第{match.row.source.line}行" if match.row.source.line else ""
    return f"{match.year}年自评表{line}“{match.row.level3[:20]}”"


def _shown(value: Value) -> str:
    """How a value is quoted in a message (:func:`~jixiao.domain.review.helpers.shown`)."""
    return value.raw.strip()


def _at(row: Row, message: str, message_en: str) -> Hit:
    """A hit on a row of the table (:func:`~jixiao.domain.review.helpers.at_row`)."""
    return Hit(message, message_en, row.source, "indicator", row.level3)


@rule(
    "APP-02",
    category="适当性",
    severity="warning",
    title="目标不高于上年实际完成值（目标偏低）",
    explanation="按历史标准设定指标值时，“在可实现的条件下应当确定相对较高的评价标准”（财预〔2020〕10号）；目标不高于上年已经达到的水平，等于不要求进步（目标偏低，88号 第二十四条“绩效目标是否过高或过低”）。",
    basis="财预〔2020〕10号 历史标准；财预〔2015〕88号 第二十四条（适当性）",
    suggestion="参考上年实际完成值提高目标，或说明目标下调的原因（任务量减少、资金减少等）。",
    example="2025 年目标“≥2000人”，2024 年自评实际完成“2017人”",
    params=_PARAMS,
    prepare=_shared_index,
)
def below_last_actual(table: Digest, ctx: Context) -> Iterator[Hit]:
    for row, match in _candidates(table, ctx):
        target, actual = row.target, match.row.actual
        if actual is None or actual.value is None or target.value is None:
            continue
        if target.direction != "higher_better":
            continue
        if target.unit == "%" and target.value >= 100:
            continue
        if target.value <= actual.value:
            relation = "低于" if target.value < actual.value else "等于"
            yield _at(
                row, f"目标“{_shown(target)}”{relation}上年实际完成“{_shown(actual)}”（{_where(match)}）",
                f"the target '{_shown(target)}' is not above last year's actual '{_shown(actual)}'",
            )  # fmt: skip


@rule(
    "APP-03",
    category="适当性",
    severity="warning",
    title="控制上限沿用上年而上年实际远低于上限（限值过宽）",
    explanation="反向指标（≤、＜）的上限与上年相同，而上年实际完成值远低于上限时，上限没有约束作用，应按历史标准收紧（财预〔2020〕10号）。",
    basis="财预〔2020〕10号 历史标准；财预〔2015〕88号 第二十四条（适当性）",
    suggestion="参考上年实际完成值收紧上限，或说明维持原上限的理由。",
    example="2025 年目标“≤9次”，2024 年目标“<9件”，实际完成“0件”",
    params={**_PARAMS, "lax_ratio": 0.5},
    prepare=_shared_index,
)
def lax_limit(table: Digest, ctx: Context) -> Iterator[Hit]:
    ratio = Decimal(str(ctx.param("lax_ratio")))
    for row, match in _candidates(table, ctx):
        target, past, actual = row.target, match.row.target, match.row.actual
        if actual is None or target.direction != "lower_better" or past.direction != "lower_better":
            continue
        if target.value is None or past.value != target.value or actual.value is None:
            continue
        if actual.value <= target.value * ratio:
            yield _at(
                row,
                f"上限“{_shown(target)}”与上年目标“{_shown(past)}”相同，上年实际仅“{_shown(actual)}”（{_where(match)}）",
                f"the limit '{_shown(target)}' is unchanged while last year's actual was '{_shown(actual)}'",
            )  # fmt: skip

"""Helpers the rules share: indicator rows of either document kind, levels, text similarity."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Protocol, TypeVar

from jixiao.domain import levels, units
from jixiao.domain.model import (
    Document,
    IndicatorResult,
    SelfEvaluation,
    Source,
    TargetTable,
)
from jixiao.domain.review.finding import Field, Severity
from jixiao.domain.review.registry import Hit
from jixiao.domain.review.values import AnyTarget, ResultValues, RowValues
from jixiao.domain.targets import (
    Direction,
    Target,
    in_context,
    may_need_context,
    parse_target,
    render,
)

D = TypeVar("D")
T = TypeVar("T")
COST_LEVEL2 = frozenset(
    {levels.COST_OUTPUT, levels.ECONOMIC_COST, levels.SOCIAL_COST, levels.ECO_COST}
)


class Row(Protocol):
    """An indicator row: 绩效指标 of a target table or 年度指标完成情况 of a self-evaluation."""

    @property
    def level1(self) -> str: ...
    @property
    def level2(self) -> str: ...
    @property
    def level3(self) -> str: ...
    @property
    def target(self) -> AnyTarget: ...
    @property
    def direction(self) -> Direction | None: ...  # 指标方向 stated by the source (正向/反向)
    @property
    def source(self) -> Source: ...


NOT_APPLICABLE = frozenset({"不适用", "不涉及", "/", "／"})


@lru_cache(maxsize=65536)
def is_not_applicable(text: str) -> bool:
    """不适用: the word a template asks for in a row that does not apply to the project."""
    return "".join(text.split()).strip("。.") in NOT_APPLICABLE


def is_placeholder(row: Row) -> bool:
    """A blank row, or one whose 指标值 (or 三级指标, with no value) says 不适用: a template slot."""
    target = row.target
    if is_not_applicable(target.raw):
        return True
    if "empty" not in target.problems:
        return False
    return is_not_applicable(row.level3) or not row.level3.strip()


def last_document(compute: Callable[[D], T]) -> Callable[[D], T]:
    """``compute`` kept for the last document it was asked about (by identity).

    The engine runs every rule on one document before the next, and several rules read the same
    things of it (its rows, its goals with their indicators): they are worked out once per
    document (documents are immutable; a thread that finds another document kept computes its
    own answer).
    """
    kept: list[tuple[object, T] | None] = [None]

    @functools.wraps(compute)
    def cached(document: D) -> T:
        last = kept[0]
        if last is not None and last[0] is document:
            return last[1]
        value = compute(document)
        kept[0] = (document, value)
        return value

    return cached


@last_document
def rows(document: Document) -> tuple[RowValues, ...]:
    """The indicator rows that hold an indicator (不适用 and blank template rows left out), as
    :class:`~jixiao.domain.review.values.RowValues` (kept for the last document, as
    :func:`classified` and :func:`template_slots`: a score of rules ask for them, each answer a
    call of its own)."""
    return _sorted_rows(document)[0]


@last_document
def template_slots(document: Document) -> tuple[RowValues, ...]:
    """The rows :func:`rows` leaves out (:func:`is_placeholder`: blank or 不适用 template slots)."""
    return _sorted_rows(document)[1]


@last_document
def indicators(document: Document) -> tuple[RowValues, ...]:
    """Every indicator row of ``document`` (template slots too), in order, as
    :class:`~jixiao.domain.review.values.RowValues` (a self-evaluation's as
    :class:`~jixiao.domain.review.values.ResultValues`: :func:`results`), each read once per
    document (and its kind asked once: ``isinstance`` of a model not of the class asks the
    model its ``__class__``, through pydantic's attribute hook)."""
    if isinstance(document, SelfEvaluation):
        return results(document)
    return tuple(map(RowValues, document.indicators))


@last_document
def results(document: SelfEvaluation) -> tuple[ResultValues, ...]:
    """Every indicator row (年度指标完成情况) of a self-evaluation, in order, as
    :class:`~jixiao.domain.review.values.ResultValues`, read once per document."""
    return tuple(map(ResultValues, document.indicators))


@last_document
def _sorted_rows(
    document: Document,
) -> tuple[tuple[RowValues, ...], tuple[RowValues, ...], tuple[Classified, ...]]:
    """The rows that hold an indicator, the template slots, and the first with their classes
    (:func:`classified`), in one pass over the rows (:func:`indicators`)."""
    kept: list[RowValues] = []
    slots: list[RowValues] = []
    sorted_: list[Classified] = []
    for row in indicators(document):
        if is_placeholder(row):
            slots.append(row)
        else:
            kept.append(row)
            level2_, cost = classes(row.level1, row.level2)
            sorted_.append((row, level2_, cost))
    return tuple(kept), tuple(slots), tuple(sorted_)


@last_document
def labels(document: Document) -> tuple[tuple[str, str], ...]:
    """The canonical 一级指标 and 二级指标 (:func:`levels.canonical`) of each row of
    :func:`indicators` (template slots too), in order: CMP-04 and CMP-05 ask them of every row."""
    return tuple(_canonical(row.level1, row.level2) for row in indicators(document))


@lru_cache(maxsize=4096)
def _canonical(level1: str, level2_: str) -> tuple[str, str]:
    """Both labels of a row canonical (a few dozen label pairs recur in every document)."""
    return levels.canonical(level1), levels.canonical(level2_)


def level2(row: Row) -> str:
    return levels.canonical(row.level2)


#: an indicator row of :func:`rows` with what most rules ask of it: the row, its canonical
#: 二级指标 (:func:`level2`) and whether it is a 成本指标 row (:func:`is_cost`) — a plain tuple, not
#: a named one (whose ``__new__`` runs in Python: ≈ 40 % of sorting a row), read by unpacking
Classified = tuple[RowValues, str, bool]


@last_document
def classified(document: Document) -> tuple[Classified, ...]:
    """The rows of :func:`rows` with their canonical 二级指标 and whether each is a 成本指标 row:
    a dozen rules ask it of every row, so it is worked out once per document."""
    return _sorted_rows(document)[2]


@lru_cache(maxsize=4096)
def classes(level1: str, level2_: str) -> tuple[str, bool]:
    """The canonical 二级指标 and whether the row is a 成本指标 row, by the row's labels (a few
    dozen label pairs recur in every document)."""
    return levels.canonical(level2_), _is_cost(level1, level2_)


def is_cost(row: Row) -> bool:
    """成本指标 row: 产出/成本指标 (framework A) or any level 2 under 成本指标 (framework B)."""
    return _is_cost(row.level1, row.level2)


@lru_cache(maxsize=4096)
def _is_cost(level1: str, level2: str) -> bool:
    return levels.canonical(level2) in COST_LEVEL2 or levels.canonical(level1) == levels.COST


def is_satisfaction(row: Row) -> bool:
    return levels.canonical(row.level1) == levels.SATISFACTION or "满意" in row.level3


@lru_cache(maxsize=65536)
def is_rate_name(name: str) -> bool:
    """A name that denotes a rate (…率, …比例, …满意度); several rules ask it of every row's
    三级指标, and names recur from table to table: the recent answers are kept."""
    name = name.strip(" 。.（）()")
    return name.endswith(("率", "比例", "比率", "满意度"))


def occurs(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether ``pattern`` occurs in a text (``pattern.search``), with the answers for recent
    texts kept: rules ask it of every row's 三级指标 or 指标值, and these recur from table to table
    (a kept answer costs a fraction of a search)."""

    @lru_cache(maxsize=65536)
    def occurs_in(text: str) -> bool:
        return pattern.search(text) is not None

    return occurs_in


def description(row: Row) -> str | None:
    return getattr(row, "description", None)


def with_context(document: TargetTable | SelfEvaluation) -> TargetTable | SelfEvaluation:
    """The document with every value read in its context (:func:`targets.in_context`).

    A cost row's ``60万`` becomes 60 万元 and ``12月底前`` gets the budget year (flagged
    ``assumed_year``); rows whose values need nothing are kept as they are, and a document none
    of whose values needs anything (most) is given back itself at once.
    """
    if _in_context_already(document):
        return document
    changed = False
    indicators = []
    for row in document.indicators:
        update: dict[str, Target] = {}
        names = ("target", "actual") if isinstance(row, IndicatorResult) else ("target",)
        for name in names:
            value = getattr(row, name)
            if not may_need_context(value):  # the same object back (is_cost costs a call)
                continue
            read = in_context(value, money=is_cost(row), year=document.year)
            if read is not value:
                update[name] = read
        indicators.append(row.model_copy(update=update) if update else row)
        changed = changed or bool(update)
    return document.model_copy(update={"indicators": tuple(indicators)}) if changed else document


def _in_context_already(document: TargetTable | SelfEvaluation) -> bool:
    """Whether no value of ``document`` (指标值, and 实际完成值 of a self-evaluation) may read
    differently in context (:func:`targets.may_need_context`), asked of the rows' views
    (:func:`indicators`: the rules read them next, of the same document when it is already in
    context — most — and each distinct value's answer is kept with its view)."""
    views = indicators(document)  # a self-evaluation's: ResultValues, with their 实际完成值
    if any(map(_TARGET_CONTEXTUAL, views)):
        return False
    return not isinstance(document, SelfEvaluation) or not any(map(_ACTUAL_CONTEXTUAL, views))


_TARGET_CONTEXTUAL = attrgetter("target.contextual")
_ACTUAL_CONTEXTUAL = attrgetter("actual.contextual")


def shown(target: AnyTarget) -> str:
    """How a value is quoted in a message: the text as written."""
    return target.raw.strip()


def wan(amount: Decimal) -> str:
    """An amount in 万元 with two decimals, as a reviewer writes it."""
    return f"{amount.quantize(_CENT):,}"


_CENT = Decimal("0.01")


def number(value: Decimal) -> str:
    return f"{value.normalize():f}"


#: a :class:`Hit` made of all its values at once, by ``tuple.__new__`` (what its ``_make`` calls):
#: a named tuple's own ``__new__`` is a Python function, called through ``type.__call__`` for
#: each of the thousands of hits a second the rules make (about twice the cost)
_hit = tuple.__new__


def at_row(row: Row, message: str, message_en: str, severity: Severity | None = None) -> Hit:
    """A hit on an indicator row (``severity``: the rule's when ``None``)."""
    return _hit(Hit, (message, message_en, row.source, "indicator", row.level3, severity, False))


def at_document(
    document: Document,
    field: Field,
    message: str,
    message_en: str,
    severity: Severity | None = None,
) -> Hit:
    """A hit on a document-level element (title, budget, goals …), at the document's source."""
    source = document.source
    if field == "budget" and isinstance(document, SelfEvaluation) and document.budget.source:
        source = document.budget.source
    if field == "goals" and isinstance(document, TargetTable) and document.goals_cell:
        source = document.goals_cell
    return _hit(Hit, (message, message_en, source, field, None, severity, False))


def at_goal(source: Source, message: str, message_en: str) -> Hit:
    """A hit on one goal (绩效目标), at the line or cell the goal was read from."""
    return _hit(Hit, (message, message_en, source, "goals", None, None, False))


@last_document
def goals(document: Document) -> tuple[tuple[str, Source], ...]:
    """Each goal text with where it was read (the document's source when that is not known),
    worked out once per document (CMP-02, CMP-07 and the goals' blocks of REL-01/02 read them)."""
    if isinstance(document, SelfEvaluation):
        return tuple((goal.target, goal.source) for goal in document.goals)
    if isinstance(document, TargetTable):  # TargetTable.goal_source of each goal, read once
        sources = document.goal_sources or itertools.repeat(document.source)
        return tuple(zip(document.goals, sources, strict=False))  # as many sources as goals
    return tuple((goal, document.source) for goal in document.goals)


# --- text similarity -------------------------------------------------------------------------

_GENERIC = frozenset(
    {"数量", "完成", "指标", "项目", "工作", "情况", "相关", "开展", "提升", "我市", "天津", "津市"}
)
_CJK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the CJK/alphanumeric runs, without words that every name shares."""
    grams: set[str] = set()
    for run in _CJK.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams - _GENERIC)


def overlap(a: str, b: str) -> float:
    """Overlap coefficient of the bigrams of two names (0 = nothing shared, 1 = one contains the other)."""
    left, right = bigrams(a), bigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def dice(a: str, b: str) -> float:
    """Dice coefficient of the bigrams of two names (0 = nothing shared, 1 = the same bigrams)."""
    left, right = bigrams(a), bigrams(b)
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


# --- numbers in free text (goal sentences) ------------------------------------------------------

_QUANTITY_IN_TEXT = re.compile(
    r"(?<![A-Za-z.\d])(?P<op>不少于|不低于|不超过|至少|超过|≥|≤|>|<)?(?P<num>\d+(?:\.\d+)?)"
    r"(?P<mag>万|亿)?(?P<tail>[^\d\s，。；、,;:：()（）“”《》]{0,6})"
)


#: the first character of each match of _QUANTITY_IN_TEXT (an operator's or a digit)
_QUANTITY_START = re.compile(r"[不至超≥≤><\d]")


def _quantity_matches(text: str) -> Iterator[re.Match[str]]:
    """``_QUANTITY_IN_TEXT.finditer(text)``, tried only where a match can start.

    The pattern opens with a look-behind and an optional operator, which keeps the regular
    expression engine from skipping to the characters a match can start with: it tries the
    whole pattern at every character (most of a goal's). Here a character class finds the next
    operator or digit and the pattern is matched there (its look-behind still sees the character
    before): the same matches, about a third of the instructions.
    """
    start, match = _QUANTITY_START.search, _QUANTITY_IN_TEXT.match
    at = start(text)
    while at is not None:
        found = match(text, at.start())
        if found is None:
            at = start(text, at.start() + 1)
        else:
            yield found
            at = start(text, found.end())  # a match is never empty: the next one starts later


_DATE_ENDS = ("底", "末", "前", "日", "中", "初")
_NUMBERING = re.compile(r"^\s*[(（]?\d{1,2}[.、．)）]\s*")


def quantities_in_text(text: str) -> list[Target]:
    """The number + known unit phrases of a sentence ("不少于2000人次"), read by the target parser.

    The goal's own numbering ("1."), years ("2025年") and numbers without a catalogued unit are
    left out; a phrase that occurs twice is returned once. (Two rules read each goal: the
    phrases of recent sentences are kept.)
    """
    return list(_quantities(text))


@lru_cache(maxsize=4096)
def _quantities(text: str) -> tuple[Target, ...]:
    found: list[Target] = []
    for match in _quantity_matches(_NUMBERING.sub("", text)):
        unit = _known_prefix(match["tail"])
        if unit is None or (
            unit in units.TIME_UNITS
            and (len(match["num"]) == 4 or match["tail"][len(unit) :][:1] in _DATE_ENDS)
            and "." not in match["num"]
        ):
            continue  # a year (2025年) or a date (12月底前), not a quantity
        phrase = f"{match['op'] or ''}{match['num']}{match['mag'] or ''}{unit}"
        target = parse_target(phrase)
        if target.value is not None and target.unit is not None and target not in found:
            found.append(target)
    return tuple(found)


def _known_prefix(tail: str) -> str | None:
    for end in range(len(tail), 0, -1):
        if units.is_known(tail[:end]):
            return tail[:end]
    return None


def display(target: Target) -> str:
    return render(target)

"""Target notation: the meaning of an 指标值 (target value) or 实际完成值 (actual value) cell.

A cell such as ``≥100家次`` carries a comparator, a number and a unit in one string. ``parse_target``
reads it into a :class:`Target`, keeping the exact text in ``raw``. Nothing is guessed silently:
what cannot be read exactly is ``kind="qualitative"`` or carries a ``problems`` entry.

Problem codes (see docs/glossary.md):

- ``implicit_op``: no comparator written ("100%", "4台"); read as ``=``.
- ``approximate``: 约 / 左右 / 余 — not an exact, measurable value.
- ``unknown_unit``: the unit is not in the catalogue of :mod:`jixiao.domain.units`.
- ``no_unit``: a number with no unit.
- ``extra_text``: words before or after the value that are not part of the notation.
- ``multi_value``: several values in one cell ("COD108.4；氨氮1.0；总磷2.6").
- ``relative_deadline``: a deadline without a date (法定时限, 按合同期限).
- ``embedded_numbers``: a sentence that contains numbers; read as qualitative.
- ``range``: a range ("80%-90%"); read as qualitative.
- ``conflicting_op``: two comparators that disagree ("≥100人以内").
- ``empty``: the cell is empty.
- ``no_year``: a date without a year ("12月底前"); :func:`in_context` supplies the budget year.
- ``assumed_year``: the year of such a date was taken from the budget year (:func:`in_context`).

``in_context(target, money=…, year=…)`` reads a cell again with what its row and document say:
``60万`` in a cost row is 60 万元, ``12月底前`` in a 2025 table is 2025-12-31 (flagged).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Literal

from jixiao.domain import units
from jixiao.domain.frozen import Frozen

Kind = Literal[
    "quantity", "ratio", "amount", "deadline", "duration", "time_of_day", "standard",
    "qualitative", "multi",
]  # fmt: skip
Op = Literal["≥", "≤", "=", "<", ">", "≈"]
Direction = Literal["higher_better", "lower_better", "exact"]


class Target(Frozen):
    """指标值: the exact text of a value cell and its parsed meaning."""

    raw: str
    kind: Kind
    op: Op | None = None
    value: Decimal | None = None
    unit: str | None = None  # normalised (money always 万元)
    unit_raw: str | None = None  # as written ("元", "万人次")
    deadline: date | None = None
    direction: Direction | None = None
    label: str | None = None  # what a part of a multi-value cell measures ("COD")
    problems: tuple[str, ...] = ()
    parts: tuple[Target, ...] = ()

    @property
    def is_quantitative(self) -> bool:
        return self.value is not None


DIRECTION: dict[str, Direction] = {
    "≥": "higher_better",
    ">": "higher_better",
    "≤": "lower_better",
    "<": "lower_better",
    "=": "exact",
    "≈": "exact",
}

_SYMBOL_OPS: dict[str, Op] = {
    "≈": "≈",
    ">=": "≥",
    "≥": "≥",
    "<=": "≤",
    "≤": "≤",
    ">": ">",
    "<": "<",
    "=": "=",
}
_PREFIX_WORDS: dict[str, Op] = {
    "不少于": "≥",
    "不低于": "≥",
    "不小于": "≥",
    "大于等于": "≥",
    "大于或等于": "≥",
    "至少": "≥",
    "达到": "≥",
    "保持": "≥",
    "不超过": "≤",
    "不高于": "≤",
    "不多于": "≤",
    "不大于": "≤",
    "小于等于": "≤",
    "小于或等于": "≤",
    "最多": "≤",
    "控制在": "≤",
    "多于": ">",
    "超过": ">",
    "高于": ">",
    "大于": ">",
    "少于": "<",
    "低于": "<",
    "小于": "<",
    "等于": "=",
    "约": "≈",
    "大约": "≈",
    "近": "≈",
}
_SUFFIX_WORDS: dict[str, Op] = {
    "及以上": "≥",
    "以上": "≥",
    "及以下": "≤",
    "以下": "≤",
    "以内": "≤",
    "之内": "≤",
    "内": "≤",
    "左右": "≈",
}

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDE = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}

_word_alt = "|".join(sorted(_PREFIX_WORDS, key=len, reverse=True))
_suffix_alt = "|".join(sorted(_SUFFIX_WORDS, key=len, reverse=True))
_verb_alt = "|".join(units.TRAILING_VERBS)

_QUANT = re.compile(
    rf"""^(?P<label>[^\d≥≤<>=≈~]*?)
    (?P<op>>=|<=|≥|≤|>|<|=|≈)?\s*
    (?P<word>{_word_alt})?\s*
    (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)
    (?P<mag>万|亿|千)?
    (?P<more>余)?
    (?P<unit>.*?)
    (?P<suffix>{_suffix_alt})?
    (?P<verb>{_verb_alt})?$""",
    re.VERBOSE,
)
_DATE = re.compile(
    r"""^(?P<op>≤|<)?(?P<y>\d{4})(?:年|-|/|\.)
    (?:(?P<m>\d{1,2})(?:月|-|/|\.)?(?:(?P<d>\d{1,2})日?)?)?
    (?P<end>底|末|年底|年末)?(?P<before>前|以前|之前)?(?P<rest>.*)$""",
    re.VERBOSE,
)
_RELATIVE_DEADLINE = re.compile(r"(法定|规定|要求|合同|约定)的?(时限|时间|期限)")
_STANDARD = re.compile(r"《[^》]+》\s*(?:\([^)]*\))?")
_STANDARD_CODE = re.compile(r"\b(?:GB|HJ|DB|GB/T|HJ/T)\s*\d")
_RANGE = re.compile(r"^[^\d]{0,3}\d+(?:\.\d+)?[^\d]{0,4}?(?:-|~|—|至|到)\d+(?:\.\d+)?[^\d]{0,6}$")
_SPLIT_MULTI = re.compile(r"[;；\n]+")
_DIGIT = re.compile(r"\d")
_DATE_REST_OK = {"", "完成", "前完成", "内完成"}
_HALF = re.compile(
    r"(?<![\d上下前后多大小一二两三四五六七八九十])半(?=个?(?:小时|天|日|工作日|月|年))"
)
_NO_YEAR = re.compile(
    r"^(?:每年)?(?:≤|<)?\d{1,2}月(?:(?:\d{1,2})日?)?(?:底|末)?(?:前|以前|之前)?(?:完成)?$"
)
_DATED = re.compile(r"日|底|末|前")
_TIME_OF_DAY = re.compile(
    r"""^(?P<daily>每天|每日|每晚|当天|当日)?
    (?P<part>凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上)?
    (?P<h>\d{1,2})(?:点|时|:)(?:(?P<half>半)|(?P<m>\d{1,2})分?)?
    (?P<before>前|以前|之前)?(?:完成)?$""",
    re.VERBOSE,
)
_AFTERNOON = ("下午", "傍晚", "晚上")


def normalise(text: str) -> str:
    """The text the parser reads: NFKC (full-width → ASCII), ≧/≦ unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("≧", "≥").replace("≦", "≤")
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def parse_target(raw: str) -> Target:
    """Parse one 指标值 or 实际完成值 cell. ``raw`` is kept exactly as given."""
    text = normalise(raw)
    if not text:
        return Target(raw=raw, kind="qualitative", problems=("empty",))
    standard = _standard(raw, text)
    if standard is not None:
        return standard
    pieces = [p.strip() for p in _SPLIT_MULTI.split(text) if p.strip()]
    if len(pieces) > 1:
        parts = tuple(_parse_single(p, p) for p in pieces)
        if all(part.value is not None or part.deadline is not None for part in parts):
            return Target(raw=raw, kind="multi", parts=parts, problems=("multi_value",))
    return _parse_single(raw, text)


def _parse_single(raw: str, text: str) -> Target:
    compact = _HALF.sub("0.5", text.replace(" ", ""))  # 半小时内 → 0.5小时内
    if _RELATIVE_DEADLINE.search(compact) and not _DIGIT.search(compact):
        return Target(
            raw=raw, kind="deadline", op="≤", direction="lower_better",
            problems=("relative_deadline",),
        )  # fmt: skip
    dated = _deadline(raw, compact) or _undated(raw, compact) or _time_of_day(raw, compact)
    if dated is not None:
        return dated
    if _RANGE.match(compact):
        return Target(raw=raw, kind="qualitative", problems=("range",))
    match = _QUANT.match(compact)
    if match is None or not _plausible(match):
        problems = ("embedded_numbers",) if _DIGIT.search(compact) else ()
        return Target(raw=raw, kind="qualitative", problems=problems)
    return _quantitative(raw, match)


def _plausible(match: re.Match[str]) -> bool:
    """Reject matches that are really sentences: long unit text or a label with punctuation."""
    unit, label = match["unit"], match["label"]
    if len(unit) > 8 or any(ch in unit for ch in ",，。;:、"):
        return False
    if _DIGIT.search(unit) and not units.is_known(unit):
        return False
    if len(label) > 6 or any(ch in label for ch in ",，。;:、"):
        return False
    if label and _split_unit(unit)[1]:
        return False  # words on both sides of the number: a sentence, not a value
    num = match["num"]
    return num[0].isdigit() or (bool(unit) and units.is_known(unit))


def _quantitative(raw: str, match: re.Match[str]) -> Target:
    problems: list[str] = []
    ops = [op for op in _ops(match) if op is not None]
    if len(set(ops)) > 1:
        problems.append("conflicting_op")
    op: Op
    if ops:
        op = ops[0]
    else:
        op = "="
        problems.append("implicit_op")
    if match["more"]:
        op = ">"
    if op == "≈" or match["more"]:
        problems.append("approximate")
    unit_raw, rest = _split_unit(match["unit"])
    if rest:
        problems.append("extra_text")
    kind, unit, value = _classify(_number(match["num"]), match["mag"], unit_raw, problems)
    unit_raw = (match["mag"] or "") + unit_raw
    if match["label"]:
        problems.append("extra_text")
    return Target(
        raw=raw,
        kind=kind,
        op=op,
        value=value,
        unit=unit,
        unit_raw=unit_raw or None,
        direction=DIRECTION[op],
        label=match["label"] or None,
        problems=tuple(problems),
    )


def _ops(match: re.Match[str]) -> list[Op | None]:
    symbol = _SYMBOL_OPS.get(match["op"] or "")
    word = _PREFIX_WORDS.get(match["word"] or "")
    suffix = _SUFFIX_WORDS.get(match["suffix"] or "")
    return [symbol, word, suffix]


def _split_unit(unit: str) -> tuple[str, str]:
    """Split "%获取参考资格" into the known unit "%" and the words after it."""
    if not unit or units.is_known(unit):
        return unit, ""
    for end in range(len(unit) - 1, 0, -1):
        if units.is_known(unit[:end]):
            return unit[:end], unit[end:]
    return unit, ""


def _classify(
    value: Decimal, magnitude: str | None, unit: str, problems: list[str]
) -> tuple[Kind, str | None, Decimal]:
    """Decide the kind from the unit and normalise the value (万 magnitudes, money to 万元)."""
    if magnitude and magnitude + unit in units.MONEY_TO_WAN:
        unit, magnitude = magnitude + unit, None
    if magnitude:
        value = _tidy(value * _MAGNITUDE[magnitude])
    if not unit:
        problems.append("no_unit")
        return "quantity", None, value
    if unit in units.PERCENT_UNITS:
        return "ratio", unit, value
    if unit in units.MONEY_TO_WAN:
        return "amount", "万元", _tidy(value * units.MONEY_TO_WAN[unit])
    if unit in units.TIME_UNITS:
        return "duration", unit, value
    if unit not in units.COUNT_UNITS:
        problems.append("unknown_unit")
    return "quantity", units.SAME_UNIT.get(unit, unit), value


def _tidy(value: Decimal) -> Decimal:
    """12000.0 → 12000 and 0.50000 → 0.5, without exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _number(text: str) -> Decimal:
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
            raise ValueError(text) from exc
    return Decimal(chinese_numeral(text))


def chinese_numeral(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 三百零五 → 305, 两千 → 2000."""
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + digit


def _deadline(raw: str, text: str) -> Target | None:
    match = _DATE.match(text)
    if match is None or match["rest"] not in _DATE_REST_OK:
        return None
    year = int(match["y"])
    month = int(match["m"]) if match["m"] else 12
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(match["d"]) if match["d"] else last
    if not 1 <= day <= last:
        return None
    before = bool(match["before"] or match["op"] or match["rest"] in ("前完成", "内完成"))
    op: Op = "≤" if before else "="
    return Target(
        raw=raw,
        kind="deadline",
        op=op,
        deadline=date(year, month, day),
        direction=DIRECTION[op],
    )


def _undated(raw: str, text: str) -> Target | None:
    """A month/day deadline without a year ("12月底前", "6月30日前"): its year is unknown."""
    if not _NO_YEAR.match(text) or not _DATED.search(text.split("月", 1)[1] + text[:1]):
        return None
    before = "前" in text or text[0] in "≤<"
    op: Op = "≤" if before or "底" in text or "末" in text else "="
    return Target(raw=raw, kind="deadline", op=op, direction=DIRECTION[op], problems=("no_year",))


def _time_of_day(raw: str, text: str) -> Target | None:
    """A time of day ("每天早上6点半前", "18:00前"): value in minutes after midnight."""
    match = _TIME_OF_DAY.match(text)
    if match is None:
        return None
    hour, minute = int(match["h"]), 30 if match["half"] else int(match["m"] or 0)
    if match["part"] in _AFTERNOON and hour < 12:
        hour += 12
    if hour > 24 or minute > 59:
        return None
    op: Op = "≤" if match["before"] else "="
    return Target(
        raw=raw, kind="time_of_day", op=op, value=Decimal(hour * 60 + minute), unit="分钟",
        direction=DIRECTION[op], label="每天" if match["daily"] else None,
        problems=() if match["before"] else ("implicit_op",),
    )  # fmt: skip


_MONEY_MAGNITUDE = re.compile(r"(\d)(万|亿)(?!元)")


def in_context(target: Target, *, money: bool = False, year: int | None = None) -> Target:
    """The target read again with what its row and document say.

    ``money``: the row measures money (a 成本指标), so ``60万`` is 60 万元, not 600,000 of nothing.
    ``year``: the budget year, given to a date written without one (``12月底前``), which is then
    flagged ``assumed_year``. Anything else comes back unchanged (the same object).
    """
    money = money and _bare_magnitude(target.__dict__)
    dated = year is not None and "no_year" in target.problems
    if not (money or dated):  # most values: nothing to read again
        return target
    text = normalise(target.raw)
    if money:
        amount = parse_target(_MONEY_MAGNITUDE.sub(r"\1\2元", text, count=1))
        if amount.kind == "amount":
            return amount.model_copy(update={"raw": target.raw})
    if dated:
        dated_target = parse_target(f"{year}年{text.replace(' ', '').removeprefix('每年')}")
        if dated_target.deadline is not None:
            problems = (*dated_target.problems, "assumed_year")
            return dated_target.model_copy(update={"raw": target.raw, "problems": problems})
    return target


def may_need_context(target: Target) -> bool:
    """Whether :func:`in_context` may read ``target`` differently from how it stands (a number
    with a bare 万/亿, a date without its year), whatever its row and document; when not, it
    gives ``target`` itself back. (The review asks it of every value of every document: the
    model's values are read at once, not field by field through pydantic's attribute hook.)"""
    values = target.__dict__
    return "no_year" in values["problems"] or _bare_magnitude(values)


def _bare_magnitude(values: dict[str, Any]) -> bool:
    """A number with a bare 万/亿 and no unit (``values``: a :class:`Target`'s ``__dict__``)."""
    return bool(values["kind"] == "quantity" and values["unit"] is None and values["unit_raw"])


def _standard(raw: str, text: str) -> Target | None:
    """A citation of standards (《…标准》(GB…)); None when the text is something else."""
    if not _STANDARD.search(text):
        return None
    leftover = _STANDARD.sub("", text).strip(" ,，、;；和及")
    cited = bool(_STANDARD_CODE.search(text) or "标准" in text)
    if leftover and (not cited or len(leftover) > 6):
        return None
    citations = [m.group(0).strip() for m in _STANDARD.finditer(text)]
    parts = tuple(Target(raw=c, kind="standard") for c in citations)
    problems = ("extra_text",) if leftover else ()
    return Target(
        raw=raw, kind="standard", parts=parts if len(parts) > 1 else (), problems=problems
    )


def render(target: Target) -> str:
    """The canonical notation of a parsed target ("≥100家次"); the raw text when not quantitative."""
    if target.value is None or target.op is None:
        return target.raw
    op = "" if "implicit_op" in target.problems else target.op
    if target.kind == "time_of_day":
        hours, minutes = divmod(int(target.value), 60)
        return f"{target.label or ''}{op}{hours:02d}:{minutes:02d}"
    return f"{op}{target.value.normalize():f}{target.unit or ''}"

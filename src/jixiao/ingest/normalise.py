"""Value normalisation for office tables: what a cell means, keeping what it said.

Spreadsheets store what the template's author typed or what a finance system exported: fractions
for percentages (0.95 shown as 95%), binary float artefacts (82800.92000000001), amounts in 元
under a 万元 heading, dates as serial numbers, and system codes before labels (``50-%``,
``76-次``, ``1-正向指标``). The functions here turn those into the text a reader of the printed
table sees; the caller keeps the raw value and the cell address for provenance.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from jixiao.domain.targets import DIRECTION, Direction
from jixiao.ingest.text import compact

_CODE = re.compile(r"^\d{1,4}\s*[-－—]\s*(?=\D)")
_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]$")
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_COMPARED = re.compile(r"^\s*[≥≤≧≦><＞＜=＝]")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_DATE_UNITS = {"日期", "年月日", "时间", "完成时间"}
_EXCEL_EPOCH = date(1899, 12, 30)
#: under a 万元 heading, 100亿 and more (or 10亿 written with thousands separators) is in 元
_YUAN_THRESHOLD = Decimal(1_000_000)
_YUAN_THRESHOLD_SEPARATED = Decimal(100_000)

#: 指标性质 (comparator column) spellings → the operator written before the value ("" = 定性)
OPERATORS: dict[str, str] = {
    "≥": "≥", "≧": "≥", ">=": "≥", "＞＝": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
    "≤": "≤", "≦": "≤", "<=": "≤", "＜＝": "≤", "小于等于": "≤", "不高于": "≤", "不多于": "≤",
    "=": "=", "＝": "=", "等于": "=",
    ">": ">", "＞": ">", "大于": ">",
    "<": "<", "＜": "<", "小于": "<",
    "定性": "", "定量": "",
}  # fmt: skip

DIRECTIONS = {"正向": "≥", "正向指标": "≥", "反向": "≤", "反向指标": "≤"}
_GRADE = re.compile(r"(?:自评)?等级为?[“\"「]?([优良中差])")
_GOAL_LABEL = re.compile(r"^绩效目标(\d+)$")


def stated_grade(conclusion: str | None) -> str | None:
    """自评等级 as the conclusion states it (``自评等级为“优”`` → 优), or None."""
    match = _GRADE.search(conclusion or "")
    return match.group(1) if match else None


def goal_number(label: str) -> int | None:
    """The goal a self-evaluation indicator belongs to: ``绩效目标3`` → 3; None for other text
    (at once for a text without 绩: most labels asked about are indicator names)."""
    if "绩" not in label:
        return None
    match = _GOAL_LABEL.match(compact(label))
    return int(match.group(1)) if match else None


def stated_direction(*texts: str) -> Direction | None:
    """指标方向 as a cell states it in words: 正向 → higher_better, 反向 → lower_better.

    Only the words count: a ≥/≤ in 指标性质 is already part of the target.
    """
    for text in texts:
        operator = DIRECTIONS.get(compact(strip_code(text)))
        if operator is not None:
            return DIRECTION[operator]
    return None


def plain(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros (``1.50E+2`` → ``150``)."""
    return format(number.normalize(), "f")


def display(value: object, number_format: str | None = None) -> str:
    """The text a cell shows: float artefacts rounded, percent formats as %, dates as 年月日,
    an HTML line break (``<br/>``, left by web exports) as a line break."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime | date):
        return _date_text(value if isinstance(value, date) else value.date())
    if isinstance(value, int | float):
        number = Decimal(format(value, ".15g"))
        if number_format and "%" in number_format:
            return plain(number * 100) + "%"
        return plain(number)
    text = _BREAK.sub("\n", str(value))
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def _date_text(day: date) -> str:
    if isinstance(day, datetime):
        day = day.date()
    return f"{day.year}年{day.month}月{day.day}日"


def excel_date(serial: float) -> str:
    """An Excel date serial (45657) as 年月日 text (2024年12月31日)."""
    return _date_text(_EXCEL_EPOCH + timedelta(days=int(serial)))


def strip_code(text: str) -> str:
    """The text without a system code prefix: ``50-%`` → ``%``, ``1-正向指标`` → ``正向指标``."""
    return _CODE.sub("", text.strip())


def level_label(text: str) -> tuple[str, Decimal | None]:
    """A level label cleaned: code prefix and ``(50分)`` removed; the points come back apart."""
    label = compact(strip_code(text))
    match = _POINTS.search(label)
    if match is None:
        return label, None
    return label[: match.start()], Decimal(match.group(1))


def join_target(op: str, value: str, unit: str, direction: str = "", native: object = None) -> str:
    """One 指标值 text from split columns: 指标性质 + 指标值 + 度量单位 (+ 指标方向性).

    ``("≥", "95", "50-%")`` → ``≥95%``; a fraction in a % column (Excel 0.95) → ``95%``; an
    Excel date serial under a 日期 unit → 年月日; 定性 keeps the value text alone.
    """
    op_text = compact(strip_code(op))
    unit = compact(strip_code(unit))
    operator = OPERATORS.get(op_text, DIRECTIONS.get(op_text, op_text))
    if not operator and op_text != "定性":
        operator = DIRECTIONS.get(compact(strip_code(direction)), "")
    number = None
    if isinstance(native, float | int) and not isinstance(native, bool):
        number = native
    if unit == "%" and number is not None and 0 < number <= 1:
        value = plain(Decimal(format(number, ".15g")) * 100)
    if unit in _DATE_UNITS and number is not None and 20000 < number < 80000:
        value, unit = excel_date(number), ""
    if op_text == "定性":
        return value
    if unit and not value.endswith(unit):
        value += unit
    return operator + value if operator and not _COMPARED.match(value) else value


def amount(text: str, wan_heading: bool) -> tuple[Decimal | None, bool]:
    """An amount cell as 万元 and whether it was converted from 元 (heading says 万元, magnitude 元).

    None for a blank cell; ValueError for text that is not a number.
    """
    cleaned = compact(text).replace("，", ",").removesuffix("万元").removesuffix("元")
    if not cleaned or cleaned in {"-", "—", "/"}:
        return None, False
    if not _NUMBER.match(cleaned):
        raise ValueError(f"not an amount: {text!r}")
    try:
        number = Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits numbers only
        raise ValueError(f"not an amount: {text!r}") from exc
    in_yuan = compact(text).endswith("元") and not compact(text).endswith("万元")
    limit = _YUAN_THRESHOLD_SEPARATED if "," in cleaned else _YUAN_THRESHOLD
    if in_yuan or (wan_heading and abs(number) >= limit):
        return number / 10000, True
    return number, False


def percent(text: str) -> Decimal | None:
    """A rate cell (``95%``, ``95``, Excel ``0.95``) as percent points; None when blank."""
    cleaned = compact(text).rstrip("%")
    if not cleaned or not _NUMBER.match(cleaned):
        return None
    number = Decimal(cleaned.replace(",", ""))
    if not compact(text).endswith("%") and 0 < number <= 1 and "." in cleaned:
        return number * 100
    return number


def decimal(text: str) -> Decimal | None:
    """A weight or score cell as a decimal; None when blank or not a number."""
    cleaned = compact(text).removesuffix("分")
    if not _NUMBER.match(cleaned):
        return None
    return Decimal(cleaned.replace(",", ""))

"""Target notation: every value in the seeds, the notation's forms, and properties (hypothesis)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.demo import seed_paths
from jixiao.domain.model import TargetTable
from jixiao.domain.targets import (
    Target,
    chinese_numeral,
    in_context,
    may_need_context,
    parse_target,
    render,
)
from jixiao.ingest import read_path

CATALOGUE = json.loads((Path(__file__).parent / "data" / "seed_values.json").read_text("utf-8"))


def summary(t: Target) -> list[object]:
    row: list[object] = [
        t.raw,
        t.kind,
        t.op,
        str(t.value) if t.value is not None else None,
        t.unit,
        t.deadline.isoformat() if t.deadline else None,
        list(t.problems),
    ]
    if t.parts:
        row.append(
            [[p.raw, p.kind, p.label, None if p.value is None else str(p.value)] for p in t.parts]
        )
    return row


def seed_values() -> set[str]:
    values: set[str] = set()
    for path in seed_paths():
        for doc in read_path(path):
            if isinstance(doc, TargetTable):
                values.update(i.target.raw for i in doc.indicators)
            else:
                values.update(t.raw for i in doc.indicators for t in (i.target, i.actual))
    return values


def test_catalogue_covers_every_seed_value() -> None:
    """Every distinct 指标值 and 实际完成值 of the seeds is in the catalogue (and nothing else)."""
    assert {row[0] for row in CATALOGUE} == seed_values()


@pytest.mark.parametrize("expected", CATALOGUE, ids=[row[0][:20] for row in CATALOGUE])
def test_catalogue_value(expected: list[object]) -> None:
    assert summary(parse_target(str(expected[0]))) == expected


@pytest.mark.parametrize(
    ("raw", "kind", "op", "value", "unit"),
    [
        ("≥100家次", "quantity", "≥", "100", "家次"),
        ("≤70万元", "amount", "≤", "70", "万元"),
        ("5000元", "amount", "=", "0.5", "万元"),
        ("1.5亿元", "amount", "=", "15000", "万元"),
        ("≥1,200.5万元", "amount", "≥", "1200.5", "万元"),
        ("约70项", "quantity", "≈", "70", "项"),
        ("不少于2000人次", "quantity", "≥", "2000", "人次"),
        ("不超过30万元", "amount", "≤", "30", "万元"),
        ("不低于95%", "ratio", "≥", "95", "%"),
        ("100家次以上", "quantity", "≥", "100", "家次"),
        ("30万元以内", "amount", "≤", "30", "万元"),
        ("大于9000人次", "quantity", ">", "9000", "人次"),
        ("少于3起", "quantity", "<", "3", "起"),
        ("＞99.9％", "ratio", ">", "99.9", "%"),
        ("≧90%", "ratio", "≥", "90", "%"),
        (">=75次", "quantity", "≥", "75", "次"),
        ("＝100%", "ratio", "=", "100", "%"),
        ("约5.5万人次", "quantity", "≈", "55000", "人次"),
        ("52万余条", "quantity", ">", "520000", "条"),
        ("24小时内响应", "duration", "≤", "24", "小时"),
        ("<2小时", "duration", "<", "2", "小时"),
        ("≤12个月", "duration", "≤", "12", "个月"),
        ("一套", "quantity", "=", "1", "套"),
        ("十二期", "quantity", "=", "12", "期"),
        ("≤38微克/立方米", "quantity", "≤", "38", "微克/立方米"),
        ("<20mSv", "quantity", "<", "20", "mSv"),
        ("≥62.5吨", "quantity", "≥", "62.5", "吨"),
    ],
)
def test_quantitative_forms(raw: str, kind: str, op: str, value: str, unit: str) -> None:
    target = parse_target(raw)
    assert (target.raw, target.kind, target.op, target.value, target.unit) == (
        raw,
        kind,
        op,
        Decimal(value),
        unit,
    )


@pytest.mark.parametrize(
    ("raw", "op", "deadline"),
    [
        ("2025年12月底前", "≤", date(2025, 12, 31)),
        ("2025年底前", "≤", date(2025, 12, 31)),
        ("2024年6月30日", "=", date(2024, 6, 30)),
        ("2024年2月", "=", date(2024, 2, 29)),
        ("2025年12月31日之前完成", "≤", date(2025, 12, 31)),
        ("2025-06-30", "=", date(2025, 6, 30)),
    ],
)
def test_deadlines(raw: str, op: str, deadline: date) -> None:
    target = parse_target(raw)
    assert (target.kind, target.op, target.deadline) == ("deadline", op, deadline)


def test_relative_deadline_is_flagged() -> None:
    target = parse_target("法定时限")
    assert (target.kind, target.deadline, target.problems) == (
        "deadline",
        None,
        ("relative_deadline",),
    )


def test_impossible_dates_are_not_deadlines() -> None:
    assert parse_target("2025年13月").kind != "deadline"
    assert parse_target("2025年2月30日").kind != "deadline"


def test_problems_are_reported() -> None:
    assert parse_target("100%").problems == ("implicit_op",)
    assert parse_target("约70项").problems == ("approximate",)
    assert parse_target("≥5").problems == ("no_unit",)
    assert "unknown_unit" in parse_target("≥5只猫").problems
    assert parse_target("100%获取参考资格").problems == ("implicit_op", "extra_text")
    assert parse_target("≥100人以内").problems == ("conflicting_op",)
    assert parse_target("80%-90%").problems == ("range",)
    assert parse_target("").problems == ("empty",)


def test_multi_value_cell() -> None:
    target = parse_target("COD108.4；氨氮1.0；总磷2.6")
    assert target.kind == "multi" and target.problems == ("multi_value",)
    assert [(p.label, p.value) for p in target.parts] == [
        ("COD", Decimal("108.4")),
        ("氨氮", Decimal("1.0")),
        ("总磷", Decimal("2.6")),
    ]


@pytest.mark.parametrize("raw", ["有效支撑", "持续改善", "优良", "环境空气质量较23年持续改善"])
def test_qualitative(raw: str) -> None:
    target = parse_target(raw)
    assert (target.kind, target.op, target.value) == ("qualitative", None, None)


def test_sentences_with_numbers_are_qualitative_and_flagged() -> None:
    target = parse_target("国家下达细颗粒物浓度目标40.4微克/立方米,实际细颗粒物浓度38.1微克/立方米")
    assert (target.kind, target.problems) == ("qualitative", ("embedded_numbers",))


def test_chinese_numerals() -> None:
    assert [chinese_numeral(t) for t in ("一", "十", "十二", "二十", "三百零五", "两千")] == [
        1,
        10,
        12,
        20,
        305,
        2000,
    ]


# --- properties -------------------------------------------------------------------------------

OPS = {"≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "=", "不少于": "≥", "不超过": "≤", "约": "≈"}
UNITS = ["个", "家次", "人次", "项", "份", "次", "%", "万元", "小时", "天", "微克/立方米", "吨"]
KINDS = {"%": "ratio", "万元": "amount", "小时": "duration", "天": "duration"}
numbers = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(st.text(max_size=40))
def test_never_raises_and_keeps_raw(raw: str) -> None:
    target = parse_target(raw)
    assert target.raw == raw
    assert target.value is None or target.kind != "qualitative"


@given(st.sampled_from(sorted(OPS)), numbers, st.sampled_from(UNITS))
def test_op_number_unit_round_trip(op: str, number: Decimal, unit: str) -> None:
    raw = f"{op}{number}{unit}"
    target = parse_target(raw)
    assert (target.op, target.value, target.unit) == (OPS[op], number, unit)
    assert target.kind == KINDS.get(unit, "quantity")
    again = parse_target(render(target))
    assert (again.op, again.value, again.unit) == (target.op, target.value, target.unit)


@given(numbers)
def test_money_is_normalised_to_wan(number: Decimal) -> None:
    assert parse_target(f"{number}元").value == number / 10000
    assert parse_target(f"{number}亿元").value == number * 10000


@given(st.integers(min_value=2000, max_value=2100), st.integers(1, 12))
def test_month_deadline_is_the_last_day(year: int, month: int) -> None:
    target = parse_target(f"{year}年{month}月底前")
    assert target.deadline is not None and target.deadline.month == month
    assert (target.deadline.replace(day=1) - target.deadline).days > -32
    assert target.op == "≤"


@pytest.mark.parametrize(
    ("raw", "kind", "op", "value", "unit"),
    [
        ("半小时内", "duration", "≤", "0.5", "小时"),
        ("≤半小时", "duration", "≤", "0.5", "小时"),
        ("半个月内", "duration", "≤", "0.5", "个月"),
        ("≤10万元/年", "amount", "≤", "10", "万元"),
        ("≤5000元/年", "amount", "≤", "0.5", "万元"),
        ("≥500㎡", "quantity", "≥", "500", "平方米"),
        ("≥500平方米", "quantity", "≥", "500", "平方米"),
    ],
)
def test_issue_12_notation(raw: str, kind: str, op: str, value: str, unit: str) -> None:
    target = parse_target(raw)
    assert (target.kind, target.op, target.value, target.unit) == (kind, op, Decimal(value), unit)
    assert "extra_text" not in target.problems and target.raw == raw


@pytest.mark.parametrize(
    ("raw", "op", "minutes", "shown"),
    [
        ("每天早上6点半前", "≤", 390, "每天≤06:30"),
        ("每日18:00前", "≤", 1080, "每天≤18:00"),
        ("下午5点前", "≤", 1020, "≤17:00"),
        ("8点30分", "=", 510, "08:30"),
    ],
)
def test_time_of_day(raw: str, op: str, minutes: int, shown: str) -> None:
    target = parse_target(raw)
    assert (target.kind, target.op, target.value, target.unit) == (
        "time_of_day",
        op,
        Decimal(minutes),
        "分钟",
    )
    assert render(target) == shown


def test_half_inside_a_word_is_not_a_half() -> None:
    assert parse_target("上半年").kind == "qualitative"
    assert parse_target("25点前").kind != "time_of_day"  # no such hour


@pytest.mark.parametrize(
    ("raw", "op", "deadline"),
    [
        ("12月底前", "≤", date(2025, 12, 31)),
        ("6月30日前", "≤", date(2025, 6, 30)),
        ("每年12月底前", "≤", date(2025, 12, 31)),
        ("6月前", "≤", date(2025, 6, 30)),
        ("9月15日", "=", date(2025, 9, 15)),
    ],
)
def test_date_without_a_year_takes_the_budget_year_and_is_flagged(
    raw: str, op: str, deadline: date
) -> None:
    alone = parse_target(raw)
    assert (alone.kind, alone.deadline, alone.problems) == ("deadline", None, ("no_year",))
    read = in_context(alone, year=2025)
    assert (read.kind, read.op, read.deadline, read.raw) == ("deadline", op, deadline, raw)
    assert "assumed_year" in read.problems


def test_twelve_months_is_still_a_duration() -> None:
    assert parse_target("12个月").kind == parse_target("12月").kind == "duration"


@pytest.mark.parametrize(("raw", "value"), [("60万", "60"), ("≤1,109.8万", "1109.8")])
def test_wan_is_wan_yuan_where_the_row_is_money(raw: str, value: str) -> None:
    alone = parse_target(raw)
    assert alone.kind == "quantity" and "no_unit" in alone.problems  # 60万 of what?
    money = in_context(alone, money=True)
    assert (money.kind, money.value, money.unit, money.raw) == (
        "amount",
        Decimal(value),
        "万元",
        raw,
    )
    assert in_context(alone) is alone  # not a money row: unchanged


def test_a_value_that_needs_no_context_is_left_alone_whatever_its_row() -> None:
    """``may_need_context`` false: ``in_context`` gives the value itself back, money row or not,
    with a year or not (``with_context`` skips those values); every value of the seeds."""
    values = [
        value
        for path in seed_paths()
        for document in read_path(path)
        for row in document.indicators
        for value in (row.target, getattr(row, "actual", row.target))
    ]
    assert len(values) > 100
    for value in values:
        if not may_need_context(value):
            assert in_context(value, money=True, year=2025) is value
    for raw in ("60万", "12月底前", "≤1,109.8万"):  # what in_context reads again
        target = parse_target(raw)
        assert may_need_context(target)
        assert in_context(target, money=True, year=2025) is not target


def test_in_context_leaves_other_values_alone() -> None:
    for raw in ("≥120人", "2025年12月底前", "有效提升", "≤100万元"):
        target = parse_target(raw)
        assert in_context(target, money=True, year=2026) is target

"""One way to show numbers: the filters of ``numbers`` and, over every page of the demo, no float
artefacts (…0000001, 1e+06) and every amount in 万元 with two decimals and thousands separators."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from jixiao.web.templatetags.numbers import count, percent, score, wanyuan

from .crawl import crawl

AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.\d{2}$")  # 2,192,692.29
ARTEFACT = re.compile(r"\d\.\d*?(?:0{6,}|9{6,})\d|\d[eE][+-]?\d{2}\b")
NUM_CELL = re.compile(r'<td class="num[^"]*"[^>]*>([^<]*)<')


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2192692.29000001"), "2,192,692.29"),
        (Decimal("3712.14654"), "3,712.15"),
        (Decimal("0.005"), "0.01"),  # half up, as the forms round
        (Decimal("-0.001"), "0.00"),  # no “-0.00”
        (Decimal("1E+6"), "1,000,000.00"),
        (0.1 + 0.2, "0.30"),  # a float that slipped in: shown by its repr, rounded
        (7, "7.00"),
        (None, ""),
        ("不适用", "不适用"),  # text the reader kept as written
    ],
)
def test_wanyuan(value: object, shown: str) -> None:
    assert wanyuan(value) == shown


def test_score_percent_and_count() -> None:
    assert score(Decimal("8.6")) == "8.60"  # central_2020 rounds a score to two decimals
    assert score(Decimal("8.605")) == "8.61"
    assert percent(Decimal("86.06")) == "86.1%"
    assert percent(None) == ""
    assert count(12345) == "12,345"
    assert count(Decimal("2.0000")) == "2"


def test_every_page_of_the_demo_shows_numbers_one_way(client_in, demo) -> None:
    pages = crawl(client_in, ["/todo/", "/departments/", "/dashboard/"], per_shape=4).pages
    assert len(pages) > 10
    amounts = 0
    for page in pages:
        artefacts = ARTEFACT.findall(page.text)
        assert not artefacts, f"{page.url}: {artefacts}"
        for shown in re.findall(r'class="amount">([^<]*)<', page.html):
            assert shown == "" or AMOUNT.match(shown), f"{page.url}: amount {shown!r}"
            amounts += 1
        for cell in NUM_CELL.findall(page.html):
            assert not re.search(r"\d{4}\.", cell), f"{page.url}: no thousands separator {cell!r}"
    assert amounts > 20  # the project list, the project pages, the department tree


def test_dashboard_data_has_no_float_artefacts(client_in, demo) -> None:
    html = client_in.get("/dashboard/").content.decode()
    data = json.loads(re.search(r'id="chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["budget"]
    for bar in data["budget"]:
        assert re.fullmatch(r"\d+\.\d{2}", bar["value"]), bar  # a number for the chart
        assert AMOUNT.match(bar["label"].removesuffix(" 万元")), bar  # the tooltip, as pages show

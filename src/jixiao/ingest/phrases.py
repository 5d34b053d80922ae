"""Text inside one form cell: check boxes, ``label：value`` pairs and money sentences.

Application forms (预算项目支出绩效目标申报表) write several fields into one cell: 项目属性 as
check boxes (``☑新增  □延续``), 申报单位 and 申报时间 on one line
(``申报单位（盖章）：某局　　申报时间：2025年3月10日``), and 项目资金 as sentences
(``年度资金总额：50万元`` / ``其中：财政拨款50万元`` / ``中期资金总额： 万元`` / ``政府采购 15 万元``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from jixiao.ingest.layout import lookup

_TICKED = "☑■√✓✔☒▣"
_BOXES = _TICKED + "□☐"
_OPTION = re.compile(rf"([{_BOXES}])\s*([^{_BOXES}\s]+)")
_PARTS = re.compile(r"\s{2,}|\n|[；;]")
_PAIR = re.compile(r"^(?P<label>[^：:]{2,24}?)\s*[：:]\s*(?P<value>.*)$", re.DOTALL)
_MONEY = re.compile(
    r"^(?:其中\s*[：:]?)?\s*(?P<label>[^\d：:\s]+?)\s*[：:]?\s*(?P<number>[\d,，.]*)\s*(?P<unit>万元|元)$"
)


def checked(text: str) -> str:
    """The ticked options of a check-box cell (``☑新增  □延续`` → ``新增``; several joined by
    ``、``); the text itself when it has no boxes; empty when no box is ticked."""
    options = _OPTION.findall(text)
    if not options:
        return text
    return "、".join(option for box, option in options if box in _TICKED)


@dataclass(frozen=True)
class Pair:
    """``label：value`` found inside a cell; ``name`` is the field (None for an unknown label)."""

    name: str | None
    label: str
    value: str


def inline_pairs(text: str, labels: Mapping[str, str]) -> list[Pair] | None:
    """Every part of ``text`` as ``label：value`` (parts apart by 2+ spaces or lines), when each
    part is one and at least one label is known; else None."""
    parts = [part.strip() for part in _PARTS.split(text) if part.strip()]
    found: list[Pair] = []
    for part in parts:
        match = _PAIR.match(part)
        if match is None:
            return None
        found.append(Pair(lookup(labels, match["label"]), match["label"], match["value"].strip()))
    return found if any(p.name for p in found) and all(p.value for p in found) else None


@dataclass(frozen=True)
class Sentence:
    """A money sentence: the budget field, the amount text (may be blank) and its unit."""

    name: str
    label: str
    number: str
    unit: str


def money_sentences(text: str, labels: Mapping[str, str]) -> list[Sentence] | None:
    """Each line of ``text`` as ``<budget label>[：] <amount> 万元|元``; None unless every line is
    one (``中期资金总额： 万元`` gives a blank amount)."""
    lines = [line.strip() for line in re.split(r"\n|[；;]", text) if line.strip()]
    found: list[Sentence] = []
    for line in lines:
        match = _MONEY.match(line)
        name = lookup(labels, match["label"]) if match else None
        if match is None or name is None:
            return None
        found.append(Sentence(name, match["label"], match["number"], match["unit"]))
    return found or None

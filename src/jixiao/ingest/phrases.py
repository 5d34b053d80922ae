"""Text inside one form cell: check boxes, ``label：value`` pairs and money sentences.

Application forms (预算项目支出绩效目标申报表) write several fields into one cell: 项目属性 as
check boxes (``☑新增  □延续``), 申报单位 and 申报时间 on one line
(``申报单位（盖章）：某局　　申报时间：2025年3月10日``), and 项目资金 as sentences
(``年度资金总额：50万元`` / ``其中：财政拨款50万元`` / ``中期资金总额： 万元`` / ``政府采购 15 万元``).
PDF tables lose the line breaks and runs of spaces between them, so neither is required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from jixiao.ingest.layout import lookup

_TICKED = "☑■√✓✔☒▣"
_BOXES = _TICKED + "□☐"
_OPTION = re.compile(rf"([{_BOXES}])\s*([^{_BOXES}\s]+)")
_LABEL_AT = re.compile(r"(?:^|(?<=\s))(?P<label>[^\s：:]{2,16}?)\s*[：:]")
_MONEY = re.compile(
    r"(?:其中\s*[：:]?)?\s*(?P<label>[^\d：:\s；;，,。]+?)\s*[：:]?\s*(?P<number>[\d,，.]*)\s*"
    r"(?P<unit>万元|元)"
)
_BETWEEN = re.compile(r"^[\s；;，,。]*$")


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
    """``text`` as ``label：value`` parts, each label at the start or after a space (PDFs keep
    one space where the form had several), when the text is nothing else, at least one label is
    known and every value is filled; else None."""
    found = list(_LABEL_AT.finditer(text.strip()))
    if not found or found[0].start() != 0:
        return None
    ends = [m.start() for m in found[1:]] + [len(text.strip())]
    pairs = [
        Pair(lookup(labels, m["label"]), m["label"], text.strip()[m.end() : end].strip())
        for m, end in zip(found, ends, strict=True)
    ]
    return pairs if any(p.name for p in pairs) and all(p.value for p in pairs) else None


@dataclass(frozen=True)
class Sentence:
    """A money sentence: the budget field, the amount text (may be blank) and its unit."""

    name: str
    label: str
    number: str
    unit: str


def money_sentences(text: str, labels: Mapping[str, str]) -> list[Sentence] | None:
    """``text`` as a run of ``<budget label>[：] <amount> 万元|元`` sentences (apart by lines,
    ``；`` or nothing, as PDFs join them); None unless that is all the text holds and every label
    is a budget field (``中期资金总额： 万元`` gives a blank amount)."""
    found: list[Sentence] = []
    position = 0
    for match in _MONEY.finditer(text):
        name = lookup(labels, match["label"])
        if name is None or not _BETWEEN.match(text[position : match.start()]):
            return None
        found.append(Sentence(name, match["label"], match["number"], match["unit"]))
        position = match.end()
    return found if found and _BETWEEN.match(text[position:]) else None

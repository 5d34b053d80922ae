"""文字规范 (text hygiene, part of 完整性): quotes, doubled characters, punctuation, stray spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from jixiao.domain.model import Document, Source, TargetTable
from jixiao.domain.review.finding import Field
from jixiao.domain.review.helpers import at_row, goals, rows
from jixiao.domain.review.registry import BOTH, Context, Hit, rule

_DOUBLED_WORD = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
_DOUBLED_CHAR = re.compile(r"([\u4e00-\u9fff])\1")
_INNER_SPACE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
_TRAILING = "。，；、,;"


@rule(
    "CMP-07",
    category="完整性",
    severity="info",
    title="文字不规范：引号不配对、字词重复、名称末尾标点、多余空格",
    explanation="目标表随预算公开，错字和不配对的引号影响公开质量；指标名称末尾不加句号。",
    basis="预算管理一体化 指标名称要求（C14）；预算公开",
    suggestion="改正引号、重复字词和标点。",
    example="通过推进科科学治污",
    scope=BOTH,
    params={
        # reduplications and word boundaries that are not typing errors (人人、饮用水|水源 …)
        "allowed_doubles": [
            "人人",
            "事事",
            "时时",
            "处处",
            "常常",
            "天天",
            "年年",
            "层层",
            "家家",
            "户户",
            "个个",
            "项项",
            "水水",
            "金金",
            "网网",
            "通通",
            "五五",
            "次次",
            "车车",
        ],
    },
)
def hygiene(document: Document, ctx: Context) -> Iterator[Hit]:
    allowed = _allowed(tuple(ctx.param("allowed_doubles")))
    for field, label, text, source in _texts(document):
        for problem, problem_en in _problems(text, allowed):
            yield Hit(f"{label}{problem}：{text[:40]}", f"{label}: {problem_en}", source, field)
    for row in rows(document):
        for message, message_en in _name_problems(row.level3, allowed):
            yield at_row(row, message, message_en)


def _texts(document: Document) -> Iterator[tuple[Field, str, str, Source]]:
    """The texts a reviewer reads: title, project, purpose and each goal, with where they are."""
    yield "title", "标题", document.title, document.source
    if isinstance(document, TargetTable):
        if document.project.name not in document.title:
            yield "project", "项目名称", document.project.name, document.source
        if document.purpose:
            yield "purpose", "资金用途", document.purpose, document.source
    for text, source in goals(document):
        yield "goals", "绩效目标", text, source


@lru_cache(maxsize=16)
def _allowed(doubles: tuple[str, ...]) -> frozenset[str]:
    """One set object per parameter value: :func:`_problems` finds its kept answers by it (an
    equal set built for each document would be compared item by item on every look-up)."""
    return frozenset(doubles)


@lru_cache(maxsize=1 << 16)
def _name_problems(name: str, allowed: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The messages (zh, en) of a 三级指标 name's problems: those of any text, then a punctuation
    mark at its end (names recur from table to table: the recent names' answers are kept)."""
    found = [(f"三级指标名称{zh}", f"indicator name: {en}") for zh, en in _problems(name, allowed)]
    last = name.rstrip()[-1:]
    if last and last in _TRAILING:
        found.append((f"三级指标名称末尾有标点“{last}”", "the name ends with punctuation"))
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def _problems(text: str, allowed: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The problems of ``text`` (indicator names and goals repeat from table to table: the
    recent texts' answers are kept)."""
    return tuple(_find_problems(text, allowed))


def _find_problems(text: str, allowed: frozenset[str]) -> Iterator[tuple[str, str]]:
    opening, closing = text.count("“"), text.count("”")
    if opening != closing:
        yield f"引号不配对（“ {opening} 个，” {closing} 个）", "unbalanced quotation marks"
    if "“”" in text:
        yield "有空引号“”", "empty quotation marks"
    for match in _DOUBLED_WORD.finditer(text):
        yield f"词语重复“{match.group(0)}”", f"doubled word '{match.group(0)}'"
    for match in _DOUBLED_CHAR.finditer(text):
        if match.group(0) not in allowed:
            yield f"疑似重复字“{match.group(0)}”", f"possibly doubled character '{match.group(0)}'"
    if len(text.split(maxsplit=1)) > 1 and _INNER_SPACE.search(text):  # no inner space: most
        yield "汉字之间有多余空格", "a stray space between characters"

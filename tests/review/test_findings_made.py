"""Hits and findings made in bulk (branch ``wrk6``): the rules' hits made by ``tuple.__new__`` are
the named tuples ``Hit(…)`` gives, and a document's findings made together
(:func:`~jixiao.domain.review.finding.stamped_all`) are those validation gives, field by field;
their values without the models (:func:`~jixiao.domain.review.finding.stamped_values`) and a
reader worker's rows made of them (:func:`~jixiao.domain.review.engine.review_rows`, branch
``wrk7``) are those of the findings."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from review_builders import good_rows, ind, table

from jixiao.demo import seed_paths
from jixiao.domain.model import Document, Source
from jixiao.domain.review import finding_row, load_profile, review
from jixiao.domain.review.engine import review_alone, review_digested, review_rows
from jixiao.domain.review.finding import Finding, Made, stamp, stamped_all, stamped_values
from jixiao.domain.review.helpers import at_document, at_goal, at_row
from jixiao.domain.review.registry import Hit

_ROW = ind("数量指标", "培训人数", "≥120人", line=12)
_TABLE = table()


@pytest.mark.parametrize(
    ("made", "named"),
    [
        (at_row(_ROW, "甲", "a"), Hit("甲", "a", _ROW.source, "indicator", "培训人数")),
        (
            at_row(_ROW, "甲", "a", severity="info"),
            Hit("甲", "a", _ROW.source, "indicator", "培训人数", severity="info"),
        ),
        (at_document(_TABLE, "title", "乙", "b"), Hit("乙", "b", _TABLE.source, "title")),
        (
            at_document(_TABLE, "budget", "乙", "b", severity="warning"),
            Hit("乙", "b", _TABLE.source, "budget", severity="warning"),
        ),
        (
            at_goal(Source(file="t.txt", line=3), "丙", "c"),
            Hit("丙", "c", Source(file="t.txt", line=3), "goals"),
        ),
    ],
)
def test_a_hit_made_is_the_named_tuple_hit_gives(made: Hit, named: Hit) -> None:
    assert type(made) is Hit and made._asdict() == named._asdict()
    assert (made.internal, made.indicator is None) == (False, named.indicator is None)


_CMP07 = stamp("CMP-07", "info", "完整性", "文字不规范", "改正")
_APP01 = stamp("APP-01", "error", "适当性", "成本指标合计与预算数不符", "核定成本")


def _made(shared: Any = _CMP07, **changed: Any) -> Made:
    own: dict[str, Any] = {
        "severity": shared.severity,
        "message": "标题疑似重复字“科科”",
        "message_en": "title: possibly doubled character",
        "source": Source(file="a.txt", line=3),
        "field": "title",
        "indicator": None,
    }
    own |= changed
    return (shared, *own.values())


def _validated(document: str, label: str, made: Made) -> Finding:
    shared, severity, message, message_en, source, field, indicator = made
    return Finding(
        rule=shared.rule, severity=severity, category=shared.category, title=shared.title,
        message=message, message_en=message_en, suggestion=shared.suggestion, source=source,
        document=document, label=label, field=field, indicator=indicator,
    )  # fmt: skip


def _shown(finding: Finding) -> tuple[str, list[tuple[str, type, object]], set[str]]:
    values = [(name, type(v), v) for name, v in finding.__dict__.items()]
    return finding.model_dump_json(), values, finding.model_fields_set


class _Text(str):
    pass


_SEVERAL = [
    _made(),
    _made(_APP01, message="成本超过预算", message_en="costs exceed", field="budget"),
    _made(severity="warning", field="indicator", indicator="培训人数"),
]


@pytest.mark.parametrize(
    "made",
    [
        _SEVERAL,
        [_made()],
        [*_SEVERAL, _made(message=_Text("子类"))],  # one that does not fit: all validated
        [_made(source=Source(file="a.txt")), *_SEVERAL],
    ],
)
def test_a_documents_findings_made_together_are_the_validated_ones(made: list[Made]) -> None:
    found = stamped_all("abc#0", "a.txt 第 3 行", made)
    expected = [_validated("abc#0", "a.txt 第 3 行", one) for one in made]
    assert [_shown(f) for f in found] == [_shown(f) for f in expected]
    values = stamped_values("abc#0", "a.txt 第 3 行", made)  # no models: their values
    assert [_typed(v) for v in values] == [_typed(f.__dict__) for f in expected]


def _typed(values: dict[str, Any]) -> list[tuple[str, type, object]]:
    return [(name, type(v), v) for name, v in values.items()]


@pytest.mark.parametrize(
    "wrong",
    [
        {"field": "nonsense"},
        {"severity": "fatal"},
        {"source": None},
        {"indicator": 3},
        {"message_en": 1},
    ],
)
def test_a_wrong_value_among_a_documents_findings_is_refused(wrong: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        stamped_all("abc#0", "label", [*_SEVERAL, _made(**wrong)])
    with pytest.raises(ValidationError):
        stamped_values("abc#0", "label", [*_SEVERAL, _made(**wrong)])


@pytest.mark.parametrize(("document", "label"), [(None, "label"), ("abc#0", ["label"])])
def test_a_wrong_key_or_label_is_refused(document: Any, label: Any) -> None:
    with pytest.raises(ValidationError):
        stamped_all(document, label, _SEVERAL)


def test_a_documents_findings_come_by_line_then_severity_then_rule_then_as_found() -> None:
    """The rules run in catalogue order (CMP-03 before CMP-07, FEA-03 last); a document's
    findings come by source line, severity and rule, a rule's hits on one line as it found
    them."""
    rows = [
        *good_rows(),
        ind("数量指标", "检查检查次数", "12", line=20),
        ind("质量指标", "宣传宣传合格率", "约95%", line=11),
        ind("数量指标", "培训人数。", "≥5人", line=11),
    ]
    found = [(f.source.line, f.severity, f.rule, f.message) for f in review([table(rows)])]
    assert found == [
        (10, "warning", "CMP-08", "三级指标“培训人数”出现 2 次（数量指标）"),
        (11, "warning", "FEA-03", "指标值“约95%”是约数"),
        (11, "info", "CMP-07", "三级指标名称词语重复“宣传宣传”"),  # found first, sorts last
        (11, "info", "CMP-07", "三级指标名称末尾有标点“。”"),
        (20, "error", "CMP-03", "指标值“12”没有计量单位"),
        (20, "info", "CMP-07", "三级指标名称词语重复“检查检查”"),
    ]


def _seeds() -> list[Document]:
    from jixiao.ingest import read_path

    return [d for path in seed_paths() for d in read_path(path)]


def test_a_workers_rows_are_those_of_the_findings_of_each_document() -> None:
    """:func:`review_rows` (and :func:`review_digested`'s rows) make no finding: they are the
    rows of :func:`review_alone`'s findings on each document's indicators, in their order —
    also for a table whose findings the rules find out of line order (CMP-07's before CMP-03's,
    FEA-03 last) and on its indicator rows."""
    rows = [
        *good_rows(),
        ind("数量指标", "检查检查次数", "12", line=20),
        ind("质量指标", "宣传宣传合格率", "约95%", line=11),
        ind("数量指标", "培训人数。", "≥5人", line=11),
    ]
    documents = [*_seeds(), table(rows), table()]
    profile = load_profile("tianjin")
    found = review_alone(documents, profile)
    expected = [finding_row.rows(f, d.indicators) for d, f in zip(documents, found, strict=True)]
    assert review_rows(documents, profile) == expected
    assert [rows for _, rows in review_digested(documents, profile)] == expected
    assert [r[0] for r in expected[-2]] == [0, 8, 8, 8, 6, 6]  # on their indicator rows
    assert sum(map(len, expected)) > 20 and expected[-1] == []

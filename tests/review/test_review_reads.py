"""The single-document review's reads (branch ``srev``) give what the long way gives: the goals'
quantities matched only where a match can start, a row's values read once (:class:`RowValues`),
REL-01/02 finding a goal's numbers through the values by number and by unit."""

from __future__ import annotations

import random

from review_builders import evaluation, ind, res, table

from jixiao.domain.review import review
from jixiao.domain.review.helpers import (
    _QUANTITY_IN_TEXT,
    RowValues,
    _quantity_matches,
    classified,
    rows,
)

_PIECES = [
    "不少于", "不低于", "不超过", "至少", "超过", "≥", "≤", ">", "<", "不", "至", "超",
    "1", "20", "2025", "3.5", ".", "12.", "万", "亿", "人", "人次", "个", "年", "月底前", "%",
    "A", "GB", "v", " ", "，", "。", "（", "开展培训", "完成",
]  # fmt: skip


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def test_the_quantities_are_the_patterns_matches() -> None:
    texts = [
        "不少于2000人次，至少3个",
        "GB12345标准",  # a number after a letter: no match at its digits
        "a1.5万人与1.5万人",
        "完成v2.0版本",
        "不少于 5人",
        "超过超过12个",
        "",
        "没有数字的目标",
    ]
    generated = random.Random(16)
    texts += ["".join(generated.choices(_PIECES, k=generated.randint(1, 14))) for _ in range(3000)]
    for text in texts:
        assert _spans(_quantity_matches(text)) == _spans(_QUANTITY_IN_TEXT.finditer(text)), text


def test_a_documents_rows_are_read_once_with_their_values() -> None:
    rows_in = [
        ind("数量指标", "培训人数", "≥120人", description="参训人数", line=10),
        ind("质量指标", "不适用", "不适用", line=11),  # a template slot
        ind("成本指标", "培训费", "≤20万元", line=12),
    ]
    document = table(rows_in)
    read = list(rows(document))
    assert all(type(row) is RowValues for row in read)
    for row, model in zip(read, (rows_in[0], rows_in[2]), strict=True):
        fields = ("level1", "level2", "level3", "direction", "source", "description")
        assert [getattr(row, f) for f in fields] == [getattr(model, f) for f in fields]
        assert row.target.raw == model.target.raw  # a view (tests/review/test_review_values.py)
    assert [row for row, _, _ in classified(document)] == read and list(rows(document)) == read
    results = list(rows(evaluation([res("数量指标", "培训人数", "≥100人", "110人")])))
    assert [(r.level3, r.description) for r in results] == [("培训人数", None)]


def test_a_goals_numbers_are_found_by_number_and_by_unit() -> None:
    """REL-01 and REL-02 against each value in order (what they did before the index)."""
    document = table(
        [
            ind("数量指标", "培训人数", "≥90人", line=10),  # near 100人
            ind("数量指标", "检查次数", "≥100次", line=11),  # 100, another unit
            ind("数量指标", "回访人数", "≥115人", line=12),  # near 100人
            ind("数量指标", "检查企业数", "≥50个", line=13),
            ind("数量指标", "复查企业数", "≥50个", line=14),
        ],
        goals=("1.培训不少于105人。", "2.检查50家企业。", "3.回访200户。"),
    )
    found = {(f.rule, f.source.line, f.message) for f in review([document])}
    disagree = sorted((line, m) for rule, line, m in found if rule == "REL-02")
    assert disagree == [
        (10, "目标写“≥105人”，指标值为“≥90人”，数值不一致"),
        (12, "目标写“≥105人”，指标值为“≥115人”，数值不一致"),
        (13, "目标写“50家”，指标值为“≥50个”，计量单位不一致"),
    ]
    uncovered = sorted(m for rule, _, m in found if rule == "REL-01")
    assert uncovered == ["目标中的“200户”没有对应的指标：3.回访200户。"]

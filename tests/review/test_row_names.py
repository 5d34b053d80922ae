"""CMP-08 and CMP-09 on the rows' names (branch ``wrk6``): a name's length looked at first (the
spaces taken out only of names longer than the limit), a name's duplicate key made without a
call per row — the same findings as the long way; a document's rows kept for it alone."""

from __future__ import annotations

import pytest
from review_builders import good_rows, ind, table

from jixiao.domain.review import review
from jixiao.domain.review.helpers import rows

_LIMIT = 40  # CMP-09's max_length under the tianjin profile


@pytest.mark.parametrize(
    ("name", "long"),
    [
        ("培" * _LIMIT, False),
        ("培" * (_LIMIT + 1), True),
        ("培" * _LIMIT + " ", False),  # 41 characters, 40 without the space
        ("培" * 20 + " " + "训" * 20, False),
        ("培" * 20 + " " + "训" * 21, True),
    ],
)
def test_a_name_is_long_by_its_characters_without_spaces(name: str, long: bool) -> None:
    document = table([*good_rows(), ind("数量指标", name, "≥5家", line=16)])
    found = [f.message for f in review([document]) if f.rule == "CMP-09"]
    assert bool(found) is long
    if long:
        assert found == [f"三级指标名称长 {_LIMIT + 1} 字，超过 {_LIMIT} 字：{'培' * 20}…"]


def _duplicates(*names: str) -> list[str]:
    document = table(
        [*good_rows(), *(ind("数量指标", n, "≥5家", line=16 + i) for i, n in enumerate(names))]
    )
    return [f.message for f in review([document]) if f.rule == "CMP-08"]


def test_names_are_duplicates_by_their_keys_in_table_after_table() -> None:
    assert _duplicates("检查 企业数", "检查企业数。") == [
        "三级指标“检查 企业数”出现 2 次（数量指标）"
    ]
    assert _duplicates("检查企业数", "检查企业户数") == []
    assert _duplicates("检查企业数。", "。检查企业数") == [
        "三级指标“检查企业数。”出现 2 次（数量指标）"
    ]
    assert _duplicates("检查 企业数", "检查企业数。") == [
        "三级指标“检查 企业数”出现 2 次（数量指标）"
    ]


def test_a_documents_rows_are_kept_for_it_alone() -> None:
    one, other = table(), table([*good_rows()[:3]])
    assert rows(one) is rows(one) and len(rows(one)) == 6
    assert len(rows(other)) == 3 and len(rows(one)) == 6

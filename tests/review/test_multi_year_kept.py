"""APP-01 and APP-07 ask one answer of each table: why its cost indicators look like a
multi-year total (kept for the last table, branch ``wrk6``) — each table's own, table after
table."""

from __future__ import annotations

from review_builders import good_rows, ind, table, with_fields

from jixiao.domain.model import TargetTable
from jixiao.domain.review import review


def _costing(cost: str) -> TargetTable:
    rows = [r for r in good_rows() if r.level2 != "成本指标"]
    return table([*rows, ind("成本指标", "项目成本", cost, line=13)], total="20", fiscal="20")


def _said(document: TargetTable) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in review([document]) if f.rule in ("APP-01", "APP-07")]


def test_each_tables_cost_is_judged_by_its_own_cause() -> None:
    tripled, over, fits = _costing("≤60万元"), _costing("≤25万元"), _costing("≤20万元")
    cause = "成本指标合计 60.00万元 超过本年度预算数 20.00万元，是预算数的 3 倍，疑似填写了多年合计"
    exceeds = "成本指标合计 ≤25万元（25.00万元）超过预算数 20.00万元"
    for _ in range(2):
        assert _said(tripled) == [("APP-07", cause)]
        assert _said(over) == [("APP-01", exceeds)]
        assert _said(fits) == []
    assert _said(with_fields(_costing("≤25万元"), term="2024年—2026年")) == [
        (
            "APP-07",
            "成本指标合计 25.00万元 超过本年度预算数 20.00万元，实施期限为 2024年—2026年，疑似填写了多年合计",
        )
    ]

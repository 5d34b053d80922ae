"""Claims of the 自评结论 text."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.scoring.claims import read_claims


def test_claims_of_a_conclusion() -> None:
    claims = read_claims(
        "自评分值 92.5分，自评等级为优。全年预算总额100.5万元，其中基本支出60万元，项目支出40.5万元，"
        "支出执行率分别为95%、90%。共涉及年度绩效目标3项。涉及年度绩效指标12个，其中数量指标5项，"
        "满意度指标1项。"
    )
    assert claims.total == Decimal("92.5")
    assert (claims.goals, claims.indicators) == (3, 12)
    assert claims.categories == {"数量指标": 5, "服务对象满意度指标": 1}
    assert claims.budget_total == Decimal("100.5")
    assert claims.budget_parts == {"基本支出": Decimal(60), "项目支出": Decimal("40.5")}
    assert claims.rate == Decimal(95)


def test_no_conclusion_claims_nothing() -> None:
    claims = read_claims(None)
    assert claims.total is None and claims.categories == {} and claims.indicators is None

"""Shenzhen-style tables (built in shenzhen_documents.py): the profile is detected and every finding
is pinned — the faults each table was built with, and nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from shenzhen_documents import DEPARTMENT, tables

from jixiao.domain.review import Finding, detect_profile, review
from jixiao.domain.targets import parse_target
from jixiao.ingest import read_path

OFFICE = Path(__file__).resolve().parents[1] / "data" / "office"

# project → the exact (rule, severity, message) of every finding under the detected profile
EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "社区工作站经费": [],
    "道路清扫保洁服务": [
        ("APP-07", "error", "成本指标合计 60.00万元 超过本年度预算数 20.00万元，是预算数的 3 倍，疑似填写了多年合计"),
        ("FEA-06", "warning", "测算依据没有列出单价 × 数量：根据实际工作需要测算"),
        ("REL-05", "warning", "“市容环境”的指标值“明显改善”无法评判，指标解释中也没有评价标准"),
        ("REL-08", "warning", "政策依据没有引用文件名称、文号或三定方案：根据区委区政府工作部署开展"),
    ],
    "社区文体活动经费": [
        ("APP-07", "error", "成本指标合计 1,109.80万元 超过本年度预算数 109.80万元，比预算数多出前面的数字，疑似填写了多年合计"),
        ("CMP-03", "error", "缺少三级指标"),
        ("CMP-10", "warning", "“生态效益指标”行没有内容，不适用的应填写“不适用”"),
    ],
    "社区健康服务": [
        ("APP-06", "warning", "测算依据合计 35.00万元 与预算数 50.00万元 不符，成本指标合计 50.00万元"),
        ("CMP-09", "warning", "三级指标名称长 53 字，超过 40 字：对辖区65岁以上常住老年人开展包括血常规…"),
        ("CMP-10", "warning", "必填的二级指标“时效指标”填了“不适用”"),
    ],
    "学位建设项目": [
        ("REL-05", "warning", "“辖区学位供给能力”的指标值“得到提升”无法评判，指标解释中也没有评价标准"),
        ("REL-08", "warning", "缺少政策依据"),
    ],
    "安全生产巡查服务": [],
}  # fmt: skip


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Finding]]:
    documents = tables()
    (profile,) = {detect_profile(document) for document in documents}
    assert profile == "shenzhen"
    found = review(documents, profile)
    by_project = {d.project.name: [f for f in found if f.source.cell and
                                   f.source.cell.startswith(f"{d.number}.")] for d in documents}  # fmt: skip
    assert sum(map(len, by_project.values())) == len(found)
    return by_project


@pytest.mark.parametrize("project", list(EXPECTED))
def test_findings_are_pinned(findings: dict[str, list[Finding]], project: str) -> None:
    got = sorted((f.rule, f.severity, f.message) for f in findings[project])
    assert got == sorted(EXPECTED[project])


def test_template_conventions_raise_nothing(findings: dict[str, list[Finding]]) -> None:
    """其他满意度, the mandated 不适用 rows, 80万 as a cost, 半小时内, 12月底前 are understood."""
    rules = {f.rule for found in findings.values() for f in found}
    assert not rules & {"CMP-04", "CMP-05", "CMP-08", "FEA-01", "FEA-02", "REL-04", "APP-01"}


def test_few_findings_per_table(findings: dict[str, list[Finding]]) -> None:
    serious = [f for found in findings.values() for f in found if f.severity != "info"]
    assert len(serious) <= 3 * len(findings)


def test_tianjin_profile_does_not_know_the_template() -> None:
    """Why detection matters: under tianjin, 其他满意度 is an unknown level 2."""
    found = review(tables()[:1], "tianjin")
    assert [f.rule for f in found if f.severity == "error"] == ["CMP-05"]


def test_region_decides_when_the_template_does_not() -> None:
    (table, *_) = tables()
    plain = table.model_copy(update={"title": "2025年项目绩效目标表", "indicators": ()})
    assert detect_profile(plain) == "shenzhen"
    tianjin = plain.model_copy(update={"department": DEPARTMENT.model_copy(
        update={"name": "天津市生态环境局"})})  # fmt: skip
    assert detect_profile(tianjin) == "tianjin"
    nowhere = plain.model_copy(update={"department": DEPARTMENT.model_copy(
        update={"name": "某某局"}), "project": table.project.model_copy(update={"name": "培训"})})  # fmt: skip
    assert detect_profile(nowhere) is None


def test_central_template_or_department() -> None:
    (table, *_) = tables()
    central = table.model_copy(update={"title": "中央部门项目支出绩效目标申报表", "indicators": ()})
    assert detect_profile(central) == "central"
    ministry = DEPARTMENT.model_copy(update={"name": "中华人民共和国生态环境部"})
    plain = central.model_copy(
        update={
            "title": "项目绩效目标表",
            "department": ministry,
            "project": table.project.model_copy(update={"name": "培训"}),
        }
    )
    assert detect_profile(plain) == "central"


def test_a_form_without_the_fields_is_not_faulted_unless_the_profile_requires_them() -> None:
    """basis/calculation None = the form has no such field: only the shenzhen profile requires it."""
    (table, *_) = tables()
    bare = table.model_copy(update={"basis": None, "calculation": None})
    assert {f.message for f in review([bare], "shenzhen")} == {"缺少政策依据", "缺少测算依据"}
    assert not [f for f in review([bare], "central") if f.rule in ("REL-08", "FEA-06")]


def _over_budget(**update: object) -> list[str]:
    """APP-07 messages on a table whose cost (65 万元) exceeds its budget (20 万元) by no multiple."""
    (_, cleaning, *_) = tables()
    rows = tuple(
        row.model_copy(update={"target": parse_target("≤65万元")})
        if row.level2 == "经济成本指标"
        else row
        for row in cleaning.indicators
    )
    table = cleaning.model_copy(update={"indicators": rows, **update})
    return [f.message for f in review([table], "shenzhen") if f.rule in ("APP-07", "APP-01")]


def test_multi_year_cost_from_the_term_or_the_mid_term_total() -> None:
    (plain,) = _over_budget()  # no sign of a multi-year total: APP-01's over-budget error
    assert plain.startswith("成本指标合计 ≤65万元（65.00万元）超过预算数 20.00万元")
    (term,) = _over_budget(term="2024年1月至2026年12月")
    assert "实施期限为 2024年1月至2026年12月，疑似填写了多年合计" in term
    assert len(_over_budget(term="2025年1月至2025年12月")) == 1  # one year: APP-01 as before
    budget = tables()[1].budget.model_copy(update={"mid_term": Decimal(65)})
    (mid_term,) = _over_budget(budget=budget)
    assert "等于中期资金总额 65.00万元" in mid_term


# The office fixtures in this template (tests/data/office/shenzhen.xlsx/.xls, made by
# tests/data/make_fixtures.py): every finding under the detected profile, judged right by hand.
OFFICE_EXPECTED = [
    ("APP-08", "warning", "2.社区安全巡查经费（巡查队伍）!A1", "金额疑似以元填写在万元栏内，已除以 10000 换算（预算数读作 120.50万元），请核实金额单位"),
    ("CMP-03", "error", "2.社区安全巡查经费（巡查队伍）!D13", "缺少三级指标"),
    ("FEA-06", "warning", "2.社区安全巡查经费（巡查队伍）!A1", "测算依据没有列出单价 × 数量：按实际需要安排"),
    ("REL-05", "warning", "2.社区安全巡查经费（巡查队伍）!C14", "“隐患整改率”的指标值“得到提升”不可衡量（名称表明是定量指标）"),
    ("REL-05", "warning", "2.社区安全巡查经费（巡查队伍）!C15", "“社区治安状况”的指标值“明显”无法评判，指标解释中也没有评价标准"),
    ("REL-08", "warning", "2.社区安全巡查经费（巡查队伍）!A1", "政策依据没有引用文件名称、文号或三定方案：根据工作需要"),
]  # fmt: skip


@pytest.mark.parametrize("name", ["shenzhen.xlsx", "shenzhen.xls"])
def test_office_fixture_findings_are_pinned(name: str) -> None:
    documents = read_path(OFFICE / name)
    assert {detect_profile(d) for d in documents} == {"shenzhen"}
    found = review(documents, "shenzhen")
    assert sorted((f.rule, f.severity, f.source.cell, f.message) for f in found) == OFFICE_EXPECTED

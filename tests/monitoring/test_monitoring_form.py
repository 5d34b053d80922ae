"""The monitoring form (绩效运行监控表 在线填报): prefill, build, and the explanation rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from jixiao.domain.drafting import RowFields as TableRow
from jixiao.domain.drafting import TableFields
from jixiao.domain.drafting import build as build_table
from jixiao.domain.model import Department, TargetTable
from jixiao.domain.monitoring_form import (
    ReportFields,
    RowFields,
    build,
    fields_for,
    fields_of,
    missing_explanations,
)
from jixiao.domain.scoring.monitoring import assess_monitoring


def table_fields(
    department: Department | None = None, name: str = "辐射安全许可现场核查"
) -> TableFields:
    """A 2025 target table of two indicators (≥120家 核查, done by the end of the year)."""
    return TableFields(
        department=department or Department(name="天津市生态环境局", code="362101"),
        year=2025,
        project=name,
        total="120",
        fiscal="120",
        other="",
        purpose="",
        goals="完成核查",
        rows=(
            TableRow("产出指标", "数量指标", "现场核查数量", "", "≥120家"),
            TableRow("产出指标", "时效指标", "完成时间", "", "2025年12月31日前"),
        ),
    )


def approved_table() -> TargetTable:
    return build_table(table_fields()).table


def july(**rows: RowFields) -> ReportFields:
    return ReportFields(
        as_of="2025-07-31",
        annual="120",
        executed="70",
        rows=(
            rows.get("first", RowFields(progress="30家")),
            rows.get("second", RowFields(progress="进行中")),
        ),
    )


def test_a_new_report_starts_on_july_31_with_the_approved_budget_and_one_row_per_indicator() -> (
    None
):
    fields = fields_for(approved_table())
    assert fields.as_of == "2025-07-31"
    assert fields.annual == "120"
    assert len(fields.rows) == 2


def test_the_report_keeps_the_approved_targets_and_reads_amounts_as_decimal() -> None:
    built = build(approved_table(), july())
    report = built.report
    assert built.errors == {}
    assert report.month == 7 and report.as_of == date(2025, 7, 31)
    assert report.budget.executed == Decimal("70")
    assert report.indicators[0].target.raw == "≥120家"
    assert report.indicators[0].progress.value == Decimal("30")


def test_unreadable_input_is_named_in_chinese() -> None:
    fields = replace(
        july(first=RowFields(progress="1", likelihood="大概")), executed="七十", as_of="7月底"
    )
    errors = build(approved_table(), fields).errors
    assert "1–7月执行数" in errors["executed"]
    assert "截至日期" in errors["as_of"]
    assert "完成可能性" in errors["likelihood-0"]


def test_a_red_light_needs_a_reason_and_measures_before_submission() -> None:
    report = build(approved_table(), july()).report
    pacing = assess_monitoring(report, "central_2020")
    assert pacing.indicators[0].light == "red"  # 30 of 120×7/12 = 70 → 0.43
    problems = missing_explanations(report, pacing)
    assert problems == ["第 1 行「现场核查数量」为红灯，提交前请填写：偏差原因、纠偏措施"]
    explained = RowFields(progress="30家", reasons=("经费保障",), measures="追加采购核查服务")
    report = build(approved_table(), july(first=explained)).report
    assert missing_explanations(report, assess_monitoring(report, "central_2020")) == []


def test_every_row_needs_its_progress() -> None:
    report = build(approved_table(), july(first=RowFields())).report
    problems = missing_explanations(report, assess_monitoring(report, "central_2020"))
    assert problems == ["第 1 行「现场核查数量」请填写1–7月执行情况"]


def test_a_stored_report_opens_with_what_was_typed() -> None:
    typed = july(first=RowFields(progress="30家", forecast="110家", likelihood="有可能",
                                 reasons=("经费保障", "其他"), note="资金晚到", measures="加快"))  # fmt: skip
    assert fields_of(build(approved_table(), typed).report) == replace(typed, forecast="")

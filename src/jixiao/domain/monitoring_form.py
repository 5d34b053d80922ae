"""绩效运行监控表 filled in a form: the fields, the report they describe, and the submission rule.

A monitoring report starts from an approved target table (:func:`fields_for`): as of 7月31日, the
year's budget prefilled from the table, one row per approved indicator whose 年度指标值 is read
only. :func:`build` turns what the unit typed into a :class:`MonitoringReport` (amounts Decimal,
1–7月执行情况 and 全年预计完成值 parsed like any 指标值). Before submission,
:func:`missing_explanations` lists the rows whose pacing light (red or yellow) or 完成可能性 calls
for an explanation the row lacks: 偏差原因 (and what the profile also asks) and 纠偏措施.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast, get_args

from jixiao.domain.drafting import read_amount
from jixiao.domain.model import (
    DeviationReason,
    Likelihood,
    MonitoringBudget,
    MonitoringIndicator,
    MonitoringReport,
    Source,
    TargetTable,
)
from jixiao.domain.scoring.monitoring import LIGHT_NAMES, PacingReport, deviation_reason
from jixiao.domain.targets import in_context, parse_target

FORM_FILE = "在线填报"  # the source file named by a report filled in the form
LIKELIHOODS: tuple[Likelihood, ...] = get_args(Likelihood)
REASONS: tuple[DeviationReason, ...] = get_args(DeviationReason)
EXPLAINED = ("red", "yellow")  # lights that need 纠偏措施 before submission
ROW_TEXTS = ("progress", "forecast", "likelihood", "note", "measures")  # a row's text fields
MONEY_FIELDS = {"annual": "全年预算数", "executed": "1–7月执行数", "forecast": "全年预计执行数"}


@dataclass(frozen=True)
class RowFields:
    """What the unit typed on one indicator row (its 年度指标值 comes from the approved table)."""

    progress: str = ""  # 1–7月执行情况
    forecast: str = ""  # 全年预计完成值
    likelihood: str = ""  # 完成可能性
    reasons: tuple[str, ...] = ()  # 偏差原因 (multi-select)
    note: str = ""  # 原因说明
    measures: str = ""  # 纠偏措施


@dataclass(frozen=True)
class ReportFields:
    """The form of one monitoring report: 截至日期, the budget (万元) and the indicator rows."""

    as_of: str  # ISO date
    annual: str = ""
    executed: str = ""
    forecast: str = ""
    rows: tuple[RowFields, ...] = ()


@dataclass
class Built:
    """The report the fields describe, and the fields that could not be read (name → message)."""

    report: MonitoringReport
    errors: dict[str, str] = field(default_factory=dict)


def default_as_of(year: int | None) -> date:
    """7月31日 of the year (the 136号 checkpoint, 1–7月)."""
    return month_end(year, 7)


def _text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def fields_for(table: TargetTable) -> ReportFields:
    """A new report of ``table``: as of 7月31日, its 预算数 as the year's budget, empty rows."""
    return ReportFields(
        as_of=default_as_of(table.year).isoformat(),
        annual=_text(table.budget.total),
        rows=tuple(RowFields() for _ in table.indicators),
    )


def month_end(year: int | None, month: int) -> date:
    """The last day of ``month`` (a report of 1–7月 is as of 7月31日)."""
    year = year or date.today().year
    return date(year, month, monthrange(year, month)[1])


def fields_of(report: MonitoringReport) -> ReportFields:
    """The form of a stored report (to open a draft or an imported report)."""
    as_of = report.as_of or month_end(report.year, report.month)
    return ReportFields(
        as_of=as_of.isoformat(),
        annual=_text(report.budget.annual),
        executed=_text(report.budget.executed),
        forecast=_text(report.budget.forecast),
        rows=tuple(
            RowFields(
                progress=i.progress.raw,
                forecast=i.forecast.raw if i.forecast else "",
                likelihood=i.likelihood or "",
                reasons=i.reasons,
                note=i.note or "",
                measures=i.measures or "",
            )
            for i in report.indicators
        ),
    )


def _as_of(text: str, year: int | None, errors: dict[str, str]) -> date:
    try:
        as_of = date.fromisoformat(text.strip())
    except ValueError:
        errors["as_of"] = f"截至日期“{text.strip()}”不是日期，请按 2025-07-31 的格式填写"
        return default_as_of(year)
    if year is not None and as_of.year != year:
        errors["as_of"] = f"截至日期 {as_of.isoformat()} 不在 {year} 年度内"
    return as_of


def _row(table: TargetTable, i: int, row: RowFields, errors: dict[str, str]) -> MonitoringIndicator:
    approved = table.indicators[i]
    money = "成本" in approved.level2
    likelihood: Likelihood | None = None
    if row.likelihood.strip():
        if row.likelihood.strip() in LIKELIHOODS:
            likelihood = cast(Likelihood, row.likelihood.strip())
        else:
            errors[f"likelihood-{i}"] = f"第 {i + 1} 行完成可能性“{row.likelihood}”不是可选项"
    reasons: list[DeviationReason] = []
    for label in row.reasons:
        try:
            reasons.append(deviation_reason(label))
        except ValueError:
            errors[f"reasons-{i}"] = f"第 {i + 1} 行偏差原因“{label}”不是可选项"
    forecast = row.forecast.strip()
    return MonitoringIndicator(
        level1=approved.level1,
        level2=approved.level2,
        level3=approved.level3,
        target=approved.target,
        progress=in_context(parse_target(row.progress.strip()), money=money, year=table.year),
        forecast=in_context(parse_target(forecast), money=money) if forecast else None,
        likelihood=likelihood,
        reasons=tuple(dict.fromkeys(reasons)),
        note=row.note.strip() or None,
        measures=row.measures.strip() or None,
        direction=approved.direction,
        source=Source(file=FORM_FILE, line=i + 1),
    )


def build(table: TargetTable, fields: ReportFields) -> Built:
    """The monitoring report of ``table`` the fields describe (rows beyond the table are ignored)."""
    errors: dict[str, str] = {}
    as_of = _as_of(fields.as_of, table.year, errors)
    amounts = {
        name: read_amount(getattr(fields, name), label, errors, name)
        for name, label in MONEY_FIELDS.items()
    }
    rows = fields.rows + tuple(RowFields() for _ in range(len(table.indicators) - len(fields.rows)))
    report = MonitoringReport(
        title=f"{table.year or ''}年度项目支出绩效目标执行监控表",
        year=table.year,
        month=as_of.month,
        as_of=as_of,
        department=table.department,
        project=table.project,
        budget=MonitoringBudget(**amounts),
        goals=table.goals,
        indicators=tuple(
            _row(table, i, r, errors) for i, r in enumerate(rows[: len(table.indicators)])
        ),
        source=Source(file=FORM_FILE, line=0),
    )
    return Built(report, errors)


def missing_explanations(report: MonitoringReport, pacing: PacingReport) -> list[str]:
    """Why ``report`` may not be submitted yet, one Chinese sentence per row (empty: it may)."""
    problems = []
    if report.budget.annual is None or report.budget.executed is None:
        problems.append(f"请填写全年预算数和1–{report.month}月执行数")
    for indicator, paced in zip(report.indicators, pacing.indicators, strict=True):
        name = f"第 {paced.index} 行「{indicator.level3}」"
        if "empty" in indicator.progress.problems:
            problems.append(f"{name}请填写1–{report.month}月执行情况")
            continue
        missing = list(paced.missing)
        if paced.light in EXPLAINED and not indicator.measures:
            missing.append("纠偏措施")
        if missing:
            light = f"为{LIGHT_NAMES[paced.light]}灯，" if paced.light else ""
            problems.append(f"{name}{light}提交前请填写：{'、'.join(missing)}")
    return problems


def _name(level3: str) -> str:
    return "".join(level3.split())


def aligned(table: TargetTable, report: MonitoringReport) -> MonitoringReport:
    """``report`` (read from a file or sent to the API) on the rows of the approved ``table``:
    each row found by its 三级指标 and given the approved 年度指标值; rows the file lacks are
    blank. ValueError (in Chinese) for rows that are not in the table."""
    approved = {_name(i.level3) for i in table.indicators}
    extra = [i.level3 for i in report.indicators if _name(i.level3) not in approved]
    if extra:
        raise ValueError(f"以下指标不在已批复的绩效目标表中：{'、'.join(extra)}")
    found = {_name(i.level3): i for i in report.indicators}
    rows = []
    for line, want in enumerate(table.indicators, start=1):
        levels = {"level1": want.level1, "level2": want.level2, "level3": want.level3}
        have = found.get(_name(want.level3))
        rows.append(
            have.model_copy(update={**levels, "target": want.target})
            if have is not None
            else MonitoringIndicator(
                **levels,
                target=want.target,
                progress=parse_target(""),
                direction=want.direction,
                source=Source(file=FORM_FILE, line=line),
            )
        )
    as_of = report.as_of or month_end(table.year, report.month)
    return report.model_copy(
        update={"indicators": tuple(rows), "as_of": as_of, "goals": table.goals}
    )

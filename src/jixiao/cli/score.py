"""``jixiao score`` and ``jixiao weights``: recompute a self-evaluation; help allocate 分值."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jixiao.cli.parse import read_all
from jixiao.domain.model import MonitoringReport, SelfEvaluation
from jixiao.domain.profile_choice import DEFAULT_SCORING, ProfileChoice
from jixiao.domain.scoring import (
    PacingReport,
    Profile,
    ProfileError,
    ScoreReport,
    WeightAllocation,
    allocate_by_level1,
    allocate_weights,
    assess_monitoring,
    load_profile,
    score_self_evaluation,
)
from jixiao.domain.scoring.monitoring import LIGHT_NAMES
from jixiao.domain.scoring.rounding import fmt

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class Format(StrEnum):
    text = "text"
    json = "json"


ProfileOpt = Annotated[
    str,
    typer.Option(
        "--profile", "-p", help="Profile name (central_2020, tianjin_dept) or a .toml file."
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f")]


def register(app: typer.Typer) -> None:
    app.command()(score)
    app.command()(weights)


@cache
def _profile(name: str) -> Profile:
    try:
        return load_profile(name)
    except ProfileError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def score(
    file: Annotated[
        Path,
        typer.Argument(
            help="A self-evaluation or monitoring report (any readable file, or interchange JSON)."
        ),
    ],
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            "-p",
            help="Profile name or .toml file (default: by scope, 项目支出 central_2020, 整体支出 tianjin_dept).",
        ),
    ] = None,
    format: FormatOpt = Format.text,
) -> None:
    """Recompute a self-evaluation (rows, totals, grade, differences) or pace a monitoring report."""
    choice = ProfileChoice.overridden(scoring={"project": profile, "department": profile})
    reports: list[ScoreReport | PacingReport] = []
    for doc in read_all([file]):
        if isinstance(doc, SelfEvaluation):
            reports.append(score_self_evaluation(doc, _profile(choice.scoring_for(doc))))
        elif isinstance(doc, MonitoringReport):
            reports.append(assess_monitoring(doc, _profile(choice.scoring_for(doc))))
    if not reports:
        err.print(
            f"[bold red]error:[/] {file}: no self-evaluation (绩效自评表) or monitoring report"
        )
        raise typer.Exit(2)
    if format is Format.json:
        typer.echo("[" + ",\n".join(r.model_dump_json(indent=2) for r in reports) + "]")
        return
    for report in reports:
        if isinstance(report, ScoreReport):
            print_report(report)
        else:
            print_pacing(report)


def _cell(value: Decimal | None) -> str:
    return "—" if value is None else fmt(value)


def print_report(report: ScoreReport) -> None:
    """The per-row table, the budget, totals and grade, then every difference."""
    table = Table(
        title=f"{report.title} {report.year or ''} {report.department} — 规则 {report.profile}"
    )
    for heading in ("#", "目标", "三级指标", "分值", "报告", "重算", "说明"):
        table.add_column(heading, overflow="fold", max_width=16 if heading == "三级指标" else None)
    for row in report.rows:
        style = "red" if row.difference else ("dim" if row.outcome.fallback else None)
        table.add_row(
            str(row.index), str(row.goal_no or ""), row.level3, _cell(row.weight), _cell(row.reported), _cell(row.recomputed),
            ("[沿用] " if row.outcome.fallback else "") + row.outcome.explanation, style=style,
        )  # fmt: skip
    out.print(table)
    b, t = report.budget, report.totals
    out.print(f"预算执行：报告 {_cell(b.reported)}，重算 {_cell(b.recomputed)}（{b.explanation}）")
    out.print(
        f"指标：Σ分值 {fmt(t.indicator_weight_sum)}/{fmt(t.indicator_points)}，"
        f"Σ得分 报告 {fmt(t.reported_indicator_sum)}，重算 {fmt(t.recomputed_indicator_sum)}"
    )
    out.print(
        f"总分：所述 {_cell(t.stated_total)}，报告各项之和 {_cell(t.sum_of_stated_parts)}，"
        f"重算 {fmt(t.recomputed_total)}；等级：所述 {t.stated_grade or '—'}，重算 {t.recomputed_grade}"
    )
    _print_differences(report)


def _print_differences(report: ScoreReport) -> None:
    if report.differences:
        out.print(f"[bold]差异 {len(report.differences)} 项[/]")
        for d in report.differences:
            out.print(f"  [{d.code}] {d.where}：所述 {d.stated}，应为 {d.recomputed} — {d.message}")
    else:
        out.print("[bold]无差异[/]")
    tally = Counter(f.code for f in report.findings)
    if tally:
        out.print("提示：" + "，".join(f"{code} {n}" for code, n in tally.items()))
    for finding in report.findings:
        if finding.code != "fallback":
            out.print(f"  [{finding.code}] {finding.where}：{finding.message}")


def print_pacing(report: PacingReport) -> None:
    """The budget light and one line per indicator (light, why, what is missing)."""
    out.print(f"[bold]{report.title}[/] 1–{report.month}月 监控 — 规则 {report.profile}")
    if report.month != report.checkpoint:
        out.print(f"注意：规则的检查点为 1–{report.checkpoint}月")
    out.print(f"预算：{report.budget.explanation}")
    for row in report.indicators:
        light = LIGHT_NAMES[row.light] if row.light else "—"
        missing = f"；缺：{'、'.join(row.missing)}" if row.missing else ""
        out.print(
            f"  {row.index}. [{light}] {row.level3}：{row.explanation}{missing}", highlight=False
        )
    out.print(f"需关注 {len(report.warnings)} 项")


def _level1_counts(items: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        level, _, number = item.partition("=")
        if not number.isdigit():
            raise typer.BadParameter(f"expected 一级指标=行数, got {item!r}", param_hint="--level1")
        counts[level] = int(number)
    return counts


def weights(
    count: Annotated[
        int | None, typer.Option(help="Number of indicator rows (equal split).")
    ] = None,
    level1: Annotated[
        list[str] | None,
        typer.Option(help="Rows per 一级指标, e.g. 产出指标=30 (split by the profile's points)."),
    ] = None,
    points: Annotated[
        str | None, typer.Option(help="Points to split (default: the profile's).")
    ] = None,
    step: Annotated[str | None, typer.Option(help="Weight step (default: the profile's).")] = None,
    profile: ProfileOpt = DEFAULT_SCORING["department"],
    format: FormatOpt = Format.text,
) -> None:
    """Allocate 分值 so they sum exactly: --count 165 --points 90, or --level1 产出指标=30 …"""
    rules = _profile(profile)
    try:
        step_value = Decimal(step) if step else rules.weights.step
        points_value = Decimal(points) if points else rules.weights.indicator_points
        if level1:
            result = allocate_by_level1(_level1_counts(level1), rules.weights.level1, step_value)
        elif count is not None:
            result = {"全部指标": allocate_weights(count, points_value, step_value)}
        else:
            raise typer.BadParameter("give --count or --level1")
    except (ValueError, InvalidOperation) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    _print_allocation(result, format)


def _print_allocation(result: dict[str, WeightAllocation], format: Format) -> None:
    if format is Format.json:
        typer.echo("{" + ",".join(f'"{k}": {v.model_dump_json()}' for k, v in result.items()) + "}")
        return
    for name, allocation in result.items():
        out.print(f"{name}：{allocation.count} 行，{allocation.describe()}", highlight=False)

"""``jixiao review`` and ``jixiao rules``: review documents, list the rule catalogue.

Exit codes of ``jixiao review``: 0 = no error-level finding, 1 = at least one error-level finding,
2 = an input file could not be read or the profile is unknown (nothing is reviewed then).
"""

from __future__ import annotations

import html
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jixiao.cli.parse import read_all, read_each
from jixiao.domain.disclosure import Disclosure
from jixiao.domain.model import Document
from jixiao.domain.profile_choice import ProfileChoice
from jixiao.domain.review import RULES, Finding, Profile, ProfileError, load_profile
from jixiao.domain.review import review as run_review
from jixiao.domain.review.catalogue import markdown
from jixiao.domain.review.identity import place
from jixiao.domain.review.report import ProjectReview, project_reviews
from jixiao.export.review import write_report
from jixiao.ingest.disclosure import read_disclosure_path

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, highlight=False)

COLOURS = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


class ReviewFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        help="Profile name or path to a .toml file (default: the one the documents' template "
        "or region calls for, else tianjin).",
    ),
]


def review(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Documents to read.", show_default=False)
    ] = None,
    profile: ProfileOpt = None,
    format: Annotated[ReviewFormat, typer.Option("--format", "-f")] = ReviewFormat.text,
    report_xlsx: Annotated[
        Path | None,
        typer.Option(
            "--report-xlsx",
            help="Also write the review report (.xlsx, one row per "
            "project with its numbered opinions) to this file.",
        ),
    ] = None,
    report_docx: Annotated[
        Path | None,
        typer.Option(
            "--report-docx",
            help="Also write a Word 审核意见书 per project (one .docx) to this file.",
        ),
    ] = None,
    disclosure: Annotated[
        list[Path] | None,
        typer.Option(
            "--disclosure",
            help="A budget or final-accounts disclosure report (.txt or "
            ".docx) whose 预算绩效管理情况 is checked too; repeatable.",
        ),
    ] = None,
) -> None:
    """Review target tables and self-evaluations (绩效目标审核). Exit 1 when errors are found."""
    if not files and not disclosure:
        err.print("[bold red]error:[/] 请给出要审核的文件（FILES 或 --disclosure）")
        raise typer.Exit(2)
    documents = read_all(files or [])
    chosen = _profile(ProfileChoice.overridden(profile).review_for(documents))
    findings = run_review([*documents, *_disclosures(disclosure or [])], chosen)
    reviewed = _reviewed(documents, findings, chosen)
    _write_reports(reviewed, {"xlsx": report_xlsx, "docx": report_docx})
    if format is ReviewFormat.json:
        typer.echo(_json(findings, reviewed, chosen))
    elif format is ReviewFormat.html:
        typer.echo(_html(findings, reviewed, chosen))
    else:
        _text(findings, reviewed)
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


def _disclosures(paths: list[Path]) -> list[Disclosure]:
    """The 预算绩效管理情况 of each report; exit 2 naming the files that have none."""
    return read_each(paths, lambda path: [read_disclosure_path(path)])


def _profile(name: str) -> Profile:
    try:
        return load_profile(name)
    except ProfileError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(2) from exc


def _reviewed(
    documents: list[Document], findings: list[Finding], profile: Profile
) -> list[ProjectReview]:
    """Every reviewed table in input order, with its own findings, counts and grade."""
    return project_reviews(documents, findings, profile.grade)


def _write_reports(reviewed: list[ProjectReview], outputs: dict[str, Path | None]) -> None:
    """Write the review report in each format given an output path (``--report-xlsx`` …)."""
    for format, path in outputs.items():
        if path is not None:
            path.write_bytes(write_report(reviewed, format))
            err.print(f"审核报告已写入 {path}")


def _document_summary(row: ProjectReview) -> dict[str, object]:
    return {
        "document": row.key,
        "label": row.label,
        "file": row.document.source.file,
        "place": row.place,
        "errors": row.counts["error"],
        "warnings": row.counts["warning"],
        "info": row.counts["info"],
        "grade": row.grade,
        "conclusion": row.conclusion,
    }


def _text(findings: list[Finding], reviewed: list[ProjectReview]) -> None:
    current = None
    for finding in findings:
        if finding.document != current:
            current = finding.document
            out.print(f"\n[bold]{finding.label}[/]  ({finding.source.file})")
        colour = COLOURS[finding.severity]
        where = place(finding.source)
        out.print(
            f"  [{colour}]{LABELS[finding.severity]} {finding.rule}[/] {where} {finding.message}"
        )
    out.print()
    out.print(_summary(findings, reviewed))


def _summary(findings: list[Finding], reviewed: list[ProjectReview]) -> Table:
    """One row per table (not per title): file, sheet/page/line, counts and grade."""
    files = len({r.document.source.file for r in reviewed})
    table = Table(
        title=f"审核汇总：{files} 份文件，{len(reviewed)} 张表，{len(findings)} 条审核意见"
    )
    for heading in ("文件", "位置", "表", "错误", "警告", "提示", "建议等级"):
        table.add_column(heading, overflow="fold")
    for row in reviewed:
        table.add_row(
            Path(row.document.source.file).name,
            row.place,
            row.subject[:40],
            str(row.counts["error"]),
            str(row.counts["warning"]),
            str(row.counts["info"]),
            row.grade,
        )
    return table


def _json(findings: list[Finding], reviewed: list[ProjectReview], profile: Profile) -> str:
    payload = {
        "profile": profile.name,
        "documents": [_document_summary(row) for row in reviewed],
        "findings": [f.model_dump(mode="json") for f in findings],
        "grades": {row.key: row.grade for row in reviewed},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _html(findings: list[Finding], reviewed: list[ProjectReview], profile: Profile) -> str:
    rows = "\n".join(
        f'<tr class="{f.severity}" data-document="{html.escape(f.document)}">'
        f"<td>{html.escape(f.label)}</td><td>{html.escape(place(f.source))}</td>"
        f"<td>{f.rule}</td><td>{LABELS[f.severity]}</td><td>{html.escape(f.message)}</td>"
        f"<td>{html.escape(f.suggestion)}</td></tr>"
        for f in findings
    )
    summary = "".join(
        f'<li data-document="{html.escape(row.key)}">{html.escape(row.label)}：{row.grade}</li>'
        for row in reviewed
    )
    return (
        '<!doctype html><html lang="zh"><meta charset="utf-8"><title>绩效目标审核意见</title>'
        "<style>body{font-family:sans-serif}td{border-bottom:1px solid #ddd;padding:4px}"
        ".error{color:#b00}.warning{color:#a60}.info{color:#06a}</style>"
        f"<h1>绩效目标审核意见（{html.escape(profile.name)}）</h1><ul>{summary}</ul>"
        "<table><tr><th>表</th><th>位置</th><th>规则</th><th>级别</th><th>意见</th><th>修改建议</th></tr>"
        f"{rows}</table></html>"
    )


def rules(
    markdown_out: Annotated[bool, typer.Option("--markdown", help="Print docs/rules.md.")] = False,
) -> None:
    """List the review rule catalogue (审核规则目录)."""
    if markdown_out:
        typer.echo(markdown(), nl=False)
        return
    table = Table(title=f"审核规则 {len(RULES)} 条")
    for heading in ("代码", "类别", "默认级别", "规则"):
        table.add_column(heading)
    for rule in RULES.values():
        table.add_row(rule.code, rule.category, rule.severity, rule.title)
    out.print(table)

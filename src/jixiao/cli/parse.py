"""``jixiao parse`` and ``jixiao schema``: documents to interchange JSON or readable tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from jixiao.domain import interchange
from jixiao.domain.model import Document, MonitoringReport, SelfEvaluation, TargetTable
from jixiao.domain.targets import Target, render
from jixiao.ingest import MAX_BYTES, ReadError, describe, quality, read_bytes, read_path
from jixiao.ingest.report import FileReport

T = TypeVar("T")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class ParseFormat(StrEnum):
    json = "json"
    table = "table"


FilesArg = Annotated[list[Path], typer.Argument(help="Documents to read.", show_default=False)]


def read_all(files: list[Path]) -> list[Document]:
    """Every document in ``files``; on any ReadError print them all and exit with code 2."""
    return read_each(files, read_path)


def read_each(files: list[Path], read: Callable[[Path], Sequence[T]]) -> list[T]:
    """What ``read`` finds in each of ``files``; on any ReadError print them all, exit 2."""
    documents: list[T] = []
    errors: list[ReadError] = []
    for path in files:
        try:
            documents.extend(read(path))
        except ReadError as exc:
            errors.append(exc)
    if errors:
        for error in errors:
            err.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(2)
    return documents


def parse(
    files: FilesArg,
    format: Annotated[ParseFormat, typer.Option("--format", "-f")] = ParseFormat.json,
    report: Annotated[
        bool,
        typer.Option(
            "--report",
            help="Print what was recognised and skipped to stderr; with a folder, print the "
            "reader quality report of every file in it (and no JSON).",
        ),
    ] = False,
) -> None:
    """Read documents and print the interchange JSON (or a readable table)."""
    if report and any(path.is_dir() for path in files):
        corpus(files)
        return
    if report:
        for described in filter(None, map(_describe, files)):
            err.print(described.summary(), markup=False, highlight=False)
    documents = read_all(files)
    if format is ParseFormat.json:
        typer.echo(interchange.dumps(documents))
        return
    for document in documents:
        out.print(summary_table(document))


def corpus(paths: list[Path]) -> None:
    """Per file documents, indicators and skipped cells by reason, then totals (stdout)."""
    files = [
        found
        for path in paths
        for found in (
            sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        )
    ]
    results = [_quality(path) for path in files]
    for result in results:
        out.print(result.line(), markup=False, highlight=False)
    out.print(quality.totals(results), markup=False, highlight=False)


def _quality(path: Path) -> quality.FileQuality:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ReadError(str(path), f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
        described = describe(str(path), data)
        if described is None:
            return quality.of_documents(str(path), read_bytes(str(path), data))
        return quality.of_report(described)
    except ReadError as exc:
        return quality.FileQuality(str(path), error=exc.message)
    except OSError as exc:
        return quality.FileQuality(str(path), error=exc.strerror or str(exc))


def _describe(path: Path) -> FileReport | None:
    """The reader's report of ``path``; None without one or when unreadable (read_all says why)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return describe(str(path), path.read_bytes())
    except (OSError, ReadError):
        return None


def summary_table(document: Document) -> Table:
    if isinstance(document, TargetTable):
        return _target_table(document)
    if isinstance(document, SelfEvaluation):
        return _self_evaluation(document)
    return _monitoring(document)


def _target_table(doc: TargetTable) -> Table:
    budget = doc.budget
    table = Table(
        title=f"{doc.title}  ({doc.department.code or ''}{doc.department.name}, {doc.year})",
        caption=f"预算数 {budget.total} = 财政资金 {budget.fiscal} + 其他资金 {budget.other} (万元)",
        show_lines=False,
    )
    for heading in ("一级指标", "二级指标", "三级指标", "指标值", "kind", "读作", "problems"):
        table.add_column(heading)
    for ind in doc.indicators:
        t = ind.target
        table.add_row(
            ind.level1, ind.level2, ind.level3, t.raw, t.kind, _reading(ind.target),
            ", ".join(t.problems),
        )  # fmt: skip
    return table


def _self_evaluation(doc: SelfEvaluation) -> Table:
    b = doc.budget
    table = Table(
        title=f"{doc.title} ({doc.year}) {doc.department.name}",
        caption=(
            f"预算执行: A={b.annual} B={b.executed} 执行率={b.rate}% 得分={b.score}/{b.weight}; "
            f"总分 {doc.total}/{doc.total_weight}, 等级 {doc.grade or '—'}; 目标 {len(doc.goals)} 项"
        ),
    )
    for heading in (
        "目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ):
        table.add_column(heading)
    for ind in doc.indicators:
        table.add_row(
            str(ind.goal_no or ""), ind.level1, ind.level2, ind.level3, ind.target.raw,
            ind.actual.raw, str(ind.weight), str(ind.score),
        )  # fmt: skip
    return table


def _monitoring(doc: MonitoringReport) -> Table:
    b = doc.budget
    table = Table(
        title=f"{doc.title} ({doc.year} 1–{doc.month}月) {doc.department.name}",
        caption=f"项目资金: A={b.annual} B={b.executed} 全年预计={b.forecast} (万元)",
    )
    for heading in ("一级指标", "二级指标", "三级指标", "年度指标值", "当前完成值", "可能性"):
        table.add_column(heading)
    for ind in doc.indicators:
        table.add_row(
            ind.level1, ind.level2, ind.level3, ind.target.raw, ind.progress.raw,
            ind.likelihood or "",
        )  # fmt: skip
    return table


def _reading(target: Target) -> str:
    if target.deadline:
        return f"{target.op} {target.deadline.isoformat()}"
    return render(target) if target.value is not None else ""


def schema(
    write: Annotated[bool, typer.Option(help="Write the checked-in schema file.")] = False,
) -> None:
    """Print (or --write) the JSON Schema of the interchange format."""
    text = interchange.schema_text()
    if write:
        interchange.SCHEMA_PATH.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {interchange.SCHEMA_PATH}")
    else:
        typer.echo(text, nl=False)

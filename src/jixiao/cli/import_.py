"""``jixiao import FILE...``: preview the files, then store the whole batch in the database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from jixiao.cli.serve import setup_django

if TYPE_CHECKING:
    from jixiao.ingest.report import FileReport
    from jixiao.web.importing import Preview, Upload

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

FilesArg = Annotated[list[Path], typer.Argument(help="Documents to import.", show_default=False)]


def import_files(
    files: FilesArg,
    dry_run: Annotated[bool, typer.Option(help="Preview only; write nothing.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every skipped cell and normalised value.")
    ] = False,
) -> None:
    """Import documents into the database in one transaction (all files or none)."""
    setup_django()
    from jixiao.web import actions, bootstrap, importing

    bootstrap.migrate()
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("reading", total=len(files))

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=f"reading {Path(name).name}")

        preview = importing.preview(_uploads(files), progress=advance)
    for result in preview.files:
        if result.report is not None:
            out.print(report_text(result.report, verbose=verbose), markup=False)
        if result.duplicate_of is not None:
            out.print(
                f"skipped {result.name}: imported before (batch {result.duplicate_of.batch_id})"
            )
    if preview.errors:
        for error in preview.errors:
            err.print(f"[bold red]error:[/] {error}")
        err.print("nothing was imported")
        raise typer.Exit(2)
    if dry_run or not preview.documents:
        out.print(f"would import: {preview.summary()}" if dry_run else "nothing new to import")
        return
    for line in plan_lines(preview):
        out.print(line, markup=False)
    batch = actions.import_batch(preview, actions.Actor(None, "cli"))
    out.print(f"imported batch {batch.pk}: {batch.outcome}")


def plan_lines(preview: Preview) -> list[str]:
    """A line for every table that is a new version of a stored one, or unchanged."""
    from jixiao.domain.diff import summary_zh

    lines = []
    for result in preview.files:
        for document, plan in zip(result.documents, result.plans, strict=True):
            if plan.status == "version":
                lines.append(
                    f"更新：{document.title}：第 {plan.version} 版；{summary_zh(plan.changes)}"
                )
            elif plan.status == "unchanged":
                lines.append(f"未变化：{document.title}（第 {plan.version} 版）")
    return lines


def report_text(report: FileReport, *, verbose: bool) -> str:
    """The reader's report of a file: its tables (summary() lists them first), then counts.

    With ``verbose`` every skipped cell (and why) and every normalised value is listed too.
    """
    if verbose:
        return report.summary()
    tables = report.summary().splitlines()[: 1 + len(report.tables)]
    counts = (
        f"  {len(report.skipped)} skipped, {len(report.notes)} normalised (--verbose lists them)"
    )
    return "\n".join([*tables, counts])


def _uploads(files: list[Path]) -> list[Upload]:
    from jixiao.web.importing import Upload

    uploads = []
    for path in files:
        try:
            uploads.append(Upload.from_path(path, name=str(path)))
        except OSError as exc:
            err.print(f"[bold red]error:[/] {path}: {exc.strerror or exc}")
            raise typer.Exit(2) from exc
    return uploads

"""``jixiao import FILE...``: preview the files, then store the whole batch in the database
(``--batch-files N``: N files at a time, each batch its own transaction, :mod:`jixiao.web.pipeline`)."""

from __future__ import annotations

from collections.abc import Iterator
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
    batch_files: Annotated[
        int,
        typer.Option(
            help="Import N files at a time, each batch in its own transaction (all its files or "
            "none; the batches before a failing one stay); the next batch is read while one is "
            "written. 0: every file in one batch.",
            min=0,
        ),
    ] = 0,
) -> None:
    """Import documents into the database in one transaction (all files or none)."""
    from jixiao.ingest import sandbox

    sandbox.start()  # the readers' server loads while Django starts and the migrations are checked
    setup_django()
    from jixiao.web import actions, bootstrap, importing

    bootstrap.migrate()
    if batch_files and not dry_run:
        _import_in_batches(files, batch_files, verbose)
        return
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("reading", total=len(files))

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=f"reading {Path(name).name}")

        preview = importing.preview(_uploads(files), progress=advance)
    _print_files(preview, verbose)
    if preview.errors:
        for error in preview.errors:
            err.print(f"[bold red]error:[/] {error}")
        err.print("nothing was imported")
        raise typer.Exit(2)
    if dry_run or not preview.cards:
        out.print(f"would import: {preview.summary()}" if dry_run else "nothing new to import")
        return
    for line in plan_lines(preview):
        out.print(line, markup=False)
    batch = actions.import_batch(preview, actions.Actor(None, "cli"))
    out.print(f"imported batch {batch.pk}: {batch.outcome}")


def _import_in_batches(files: list[Path], size: int, verbose: bool) -> None:
    """``files`` ``size`` at a time (:func:`jixiao.web.pipeline.import_in_batches`)."""
    from jixiao.web import actions, importing, pipeline

    imported = 0
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("reading", total=len(files))

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=f"reading {Path(name).name}")

        steps = pipeline.import_in_batches(
            _each_upload(files), actions.Actor(None, "cli"), files_per_batch=size, progress=advance
        )
        try:
            for step in steps:
                _print_files(step.preview, verbose)
                if step.batch is None:
                    out.print("nothing new to import in this batch")
                    continue
                for line in plan_lines(step.preview):
                    out.print(line, markup=False)
                out.print(f"imported batch {step.batch.pk}: {step.batch.outcome}")
                imported += 1
        except importing.ImportRefused as refused:
            _print_files(refused.preview, verbose)
            for error in refused.preview.errors:
                err.print(f"[bold red]error:[/] {error}")
            err.print(f"nothing of this batch was imported; the {imported} batches before it were")
            raise typer.Exit(2) from refused


def _print_files(preview: Preview, verbose: bool) -> None:
    for result in preview.files:
        if result.report is not None:
            out.print(report_text(result.report, verbose=verbose), markup=False)
        if result.duplicate_of is not None:
            out.print(
                f"skipped {result.name}: imported before (batch {result.duplicate_of.batch_id})"
            )


def plan_lines(preview: Preview) -> list[str]:
    """A line for every table that is a new version of a stored one, or unchanged."""
    from jixiao.domain.diff import summary_zh

    lines = []
    for result in preview.files:
        for card, plan in zip(result.cards, result.plans, strict=True):
            if plan.status == "version":
                lines.append(
                    f"更新：{card.title}：第 {plan.version} 版；{summary_zh(plan.changes)}"
                )
            elif plan.status == "unchanged":
                lines.append(f"未变化：{card.title}（第 {plan.version} 版）")
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
    return list(_each_upload(files))


def _each_upload(files: list[Path]) -> Iterator[Upload]:
    """Each file read when it is needed (a batch at a time)."""
    from jixiao.web.importing import Upload

    for path in files:
        try:
            upload = Upload.from_path(path, name=str(path))
        except OSError as exc:
            err.print(f"[bold red]error:[/] {path}: {exc.strerror or exc}")
            raise typer.Exit(2) from exc
        yield upload

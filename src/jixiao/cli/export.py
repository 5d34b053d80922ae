"""``jixiao export``: the stored tables of a department and year as one file, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from jixiao.cli.serve import setup_django

err = Console(stderr=True, highlight=False, soft_wrap=True)


def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="xlsx, docx, pdf (a zip), csv or json.")
    ] = "xlsx",
    department: Annotated[
        str | None, typer.Option(help="Department code (单位编码); its sub-units are included.")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Budget year.")] = None,
    evaluations: Annotated[
        bool, typer.Option(help="Include self-evaluations (绩效自评表).")
    ] = True,
) -> None:
    """Export the current versions of the stored tables (one sheet / section / PDF per table)."""
    setup_django()
    from jixiao.export import FORMATS
    from jixiao.export.batch import export as export_batch
    from jixiao.export.pdf import ConversionError
    from jixiao.web import bootstrap
    from jixiao.web.documents import Selection, documents

    if format not in FORMATS:
        err.print(f"[bold red]error:[/] unknown format {format!r} (one of {', '.join(FORMATS)})")
        raise typer.Exit(2)
    bootstrap.migrate()
    found = documents(Selection(department=department, year=year, evaluations=evaluations))
    if not found:
        err.print("[bold red]error:[/] no stored tables match")
        raise typer.Exit(1)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("exporting", total=len(found))

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, description=f"exporting {done}/{total}")

        try:
            data = export_batch(found, format, advance)
        except ConversionError as exc:
            err.print(f"[bold red]error:[/] {exc}")
            raise typer.Exit(1) from exc
    output.write_bytes(data)
    err.print(f"wrote {output} ({len(found)} tables, {len(data):,} bytes)")

"""``jixiao backup FILE`` and ``jixiao restore FILE``: the whole database in one file and back.

The database is the one ``jixiao serve`` uses (``JIXIAO_DATA_DIR`` or ``DATABASE_URL``). See
:mod:`jixiao.web.backup` for the file format; exit code 2 when it cannot be done.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from jixiao.cli.serve import setup_django

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def backup(
    file: Annotated[Path, typer.Argument(help="The backup file to write.", show_default=False)],
) -> None:
    """Back up the whole database (a consistent snapshot, also while the server runs)."""
    setup_django()
    from jixiao.web import backup as backups

    try:
        manifest = backups.backup(file)
    except backups.BackupError as exc:
        _fail(str(exc))
    out.print(f"backup of the {manifest.database} database written to {file}")


def restore(
    file: Annotated[Path, typer.Argument(help="The backup file to read.", show_default=False)],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that is not empty.")
    ] = False,
) -> None:
    """Restore a backup into an empty database (stop the server first)."""
    setup_django()
    from jixiao.web import backup as backups

    try:
        manifest = backups.restore(file, force=force)
    except backups.BackupError as exc:
        _fail(str(exc))
    out.print(
        f"restored the {manifest.database} backup of {manifest.created_at} "
        f"(jixiao {manifest.jixiao_version})"
    )


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(2)

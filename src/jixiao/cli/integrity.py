"""``jixiao check-integrity``: the rows left without their parent (:mod:`jixiao.web.integrity`).

Exit code 0 when there is none, 1 when there are (one line per foreign key either way).
"""

from __future__ import annotations

import typer
from rich.console import Console

from jixiao.cli.serve import setup_django

out = Console(highlight=False, soft_wrap=True)


def check_integrity() -> None:
    """Count the stored rows whose parent row is missing (the foreign keys the database does not
    check: a version's rows, the kept totals, the versions' and files' import batch); exit code 1
    when there are any. Migrates first, as ``jixiao import`` does."""
    setup_django()
    from jixiao.web import bootstrap, integrity

    bootstrap.migrate()

    found = integrity.orphans()
    for item in found:
        state = "[bold red]" if item.count else ""
        out.print(
            f"{state}{item.table}.{item.column} → {item.parent}: {item.count} orphan rows",
            markup=bool(state),
        )
    if any(item.count for item in found):
        raise typer.Exit(1)

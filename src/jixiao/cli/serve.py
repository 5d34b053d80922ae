"""``jixiao serve``: migrate, load the demo data on first start, and serve the web app (waitress)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def setup_django() -> None:
    """Configure Django with :mod:`jixiao.web.settings` (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    threads: Annotated[
        int,
        typer.Option(help="Worker threads (0: 4 more than the file readers can hold, at least 8)."),
    ] = 0,
) -> None:
    """Run the web application at http://HOST:PORT (first start: database, demo data, admin)."""
    setup_django()
    from django.conf import settings
    from waitress import serve as waitress_serve

    from jixiao.web import bootstrap, untrusted
    from jixiao.web.wsgi import application

    with bootstrap.one_at_a_time():  # several processes may start at once on a new database
        bootstrap.migrate()
        try:
            admin = bootstrap.ensure_admin()
        except bootstrap.WeakPassword as exc:
            err.print(f"[bold red]error:[/] JIXIAO_ADMIN_PASSWORD is too weak: {exc}")
            raise typer.Exit(2) from exc
        bootstrap.expire_uploads()
        batch = bootstrap.load_demo()
    if batch is not None:
        out.print(f"demo data loaded: {batch.outcome}")
    if admin is not None and admin.password:
        out.print(
            f"[bold]administrator created:[/] user [bold]{admin.username}[/] "
            f"password [bold]{admin.password}[/] (shown once; change it after logging in)"
        )
    elif admin is not None:
        out.print(f"administrator created: user {admin.username}")
    out.print(f"database: {settings.DATABASES['default']['NAME']}")
    if settings.JIXIAO_WORKER_THREAD:
        from jixiao.web.jobs import worker

        worker.Background().start()
        out.print("background jobs: run by a worker thread of this process")
    out.print(f"jixiao at http://{host}:{port}/  (Ctrl+C to stop)")
    # imports hold at most workers + queue threads: the rest keep answering everybody else
    limits = untrusted.limits()
    threads = threads or max(8, limits.workers + limits.queue + 4)
    waitress_serve(
        application, host=host, port=port, threads=threads, ident="jixiao",
        channel_request_lookahead=1,  # lets a read stop when its client goes away
    )  # fmt: skip

"""``jixiao serve``: migrate, load the demo data on first start, and serve the web app (waitress)."""

from __future__ import annotations

import os
from typing import Annotated, Any

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
    processes: Annotated[
        int,
        typer.Option(min=1, help="Web processes sharing the port (one per core uses every core)."),
    ] = 1,
) -> None:
    """Run the web application at http://HOST:PORT (first start: database, demo data, admin)."""
    setup_django()
    if processes == 1:
        _prepare(talk=True)
        out.print(f"jixiao at http://{host}:{port}/  (Ctrl+C to stop)")
        _waitress(threads, index=0, host=host, port=port)
        return
    from jixiao.cli import processes as prefork

    listening = prefork.listen(host, port)
    out.print(f"jixiao at http://{host}:{port}/  ({processes} web processes; Ctrl+C to stop)")

    def serve_copy(index: int) -> None:
        # every copy prepares under the start lock: the first does the work, the others find
        # nothing left to do (and the sandbox's reader server is started by each copy itself)
        try:
            _prepare(talk=index == 0)
        except typer.Exit as exc:  # a configuration error: the parent stops every copy
            raise SystemExit(exc.exit_code) from exc
        _waitress(threads, index=index, sockets=[listening])

    code = prefork.run(processes, serve_copy)
    if code:
        raise typer.Exit(code)


def _prepare(talk: bool) -> None:
    """First start: migrations, the administrator, old uploads expired, the demo data."""
    from django.conf import settings

    from jixiao.web import bootstrap

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
    if talk:
        out.print(f"database: {settings.DATABASES['default']['NAME']}")
    if talk and settings.JIXIAO_WORKER_THREAD:
        out.print("background jobs: run by a worker thread of this process")


def _waitress(threads: int, index: int, **where: Any) -> None:
    """Serve with waitress on ``where`` (host and port, or sockets); the first process (index 0)
    also runs the background-job thread when the settings ask for one."""
    from django.conf import settings
    from waitress import serve as waitress_serve

    from jixiao.web import untrusted
    from jixiao.web.wsgi import application

    if settings.JIXIAO_WORKER_THREAD and index == 0:
        from jixiao.web.jobs import worker

        worker.Background().start()
    # imports hold at most workers + queue threads: the rest keep answering everybody else
    limits = untrusted.limits()
    waitress_serve(
        application, **where, threads=threads or max(8, limits.workers + limits.queue + 4),
        ident="jixiao", channel_request_lookahead=1,  # a read stops when its client goes away
    )  # fmt: skip

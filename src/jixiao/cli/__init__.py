"""The ``jixiao`` command line. Each command lives in a module of its own and is registered here."""

from __future__ import annotations

import importlib.util
import sys

import typer

from jixiao.cli import backup, export, import_, integrity, jobs, parse, review, score, serve, users

app = typer.Typer(
    help="jixiao (绩效): budget performance management — read, review and score performance tables.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _as_module() -> None:
    """Run by the ``jixiao`` script as by ``python -m jixiao``: the sandbox's reader processes
    (:mod:`jixiao.ingest.sandbox`, multiprocessing ``forkserver``) then skip running the main
    script again, which imported the whole command line for every file read (0.3–1 s each)."""
    main = sys.modules["__main__"]
    if main.__spec__ is None and getattr(main, "__file__", "").endswith("jixiao"):
        main.__spec__ = importlib.util.find_spec("jixiao.__main__")


app.command()(parse.parse)
app.command()(parse.schema)
app.command()(review.review)
app.command()(review.rules)
app.command()(serve.serve)
app.command("import")(import_.import_files)
app.command()(export.export)
app.command()(backup.backup)
app.command()(backup.restore)
app.command()(integrity.check_integrity)
score.register(app)
app.add_typer(users.app, name="users")
app.add_typer(jobs.app, name="jobs")
app.command()(jobs.worker)

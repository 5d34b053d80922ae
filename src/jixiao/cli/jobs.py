"""``jixiao jobs`` (后台作业): list jobs, start a review or a recomputation and follow its Rich
progress bar, cancel a job; ``jixiao worker`` runs jobs (docs/jobs.md).

The command line acts for the operator: its jobs have no user and are recorded as ``cli``.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from jixiao.cli.serve import setup_django

if TYPE_CHECKING:
    from jixiao.web.models import Job

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

app = typer.Typer(help="Background jobs (后台作业): list, start, follow, cancel.")

HERE = typer.Option(help="Run the job in this process instead of leaving it to the workers.")
WAIT = typer.Option(help="Follow the job with a progress bar until it ends.")


@app.callback(invoke_without_command=True)
def jobs(context: typer.Context) -> None:
    """The latest jobs: id, kind, state, progress, who, message."""
    if context.invoked_subcommand is not None:
        return
    setup_django()
    from jixiao.web import bootstrap, models

    bootstrap.migrate()
    table = Table("id", "kind", "state", "progress", "user", "created", "message")
    for job in models.Job.objects.select_related("user")[:50]:
        table.add_row(
            str(job.pk),
            job.kind,
            job.state,
            f"{job.done}/{job.total}",
            job.user.get_username() if job.user else job.via,
            f"{job.created_at:%Y-%m-%d %H:%M}",
            job.message,
        )
    out.print(table)


@app.command()
def review(
    year: Annotated[int, typer.Argument(help="The budget year to review again.")],
    here: Annotated[bool, HERE] = False,
    wait: Annotated[bool, WAIT] = True,
) -> None:
    """Review the current tables of YEAR again under the review profile in force."""
    _start("review", {"year": year}, here=here, wait=wait)


@app.command()
def recompute(
    here: Annotated[bool, HERE] = False,
    wait: Annotated[bool, WAIT] = True,
) -> None:
    """Review again every year whose findings were made under another review profile."""
    _start("recompute", {}, here=here, wait=wait)


@app.command()
def watch(job_id: Annotated[int, typer.Argument(help="The job's id.")]) -> None:
    """Follow a job with a progress bar until it ends (exit status 1 unless it succeeded)."""
    _follow(_job(job_id))


@app.command()
def cancel(job_id: Annotated[int, typer.Argument(help="The job's id.")]) -> None:
    """Cancel a queued or running job (a running one stops at its next step)."""
    job = _job(job_id)
    from jixiao.web import actions

    try:
        actions.jobs.cancel_job(job, actions.Actor(None, "cli"))
    except actions.jobs.JobGone as exc:
        err.print(f"[bold red]error:[/] job {job_id} has ended already ({job.state})")
        raise typer.Exit(1) from exc
    out.print(f"job {job_id}: cancel requested")


def worker(
    interval: Annotated[
        float, typer.Option(help="Seconds between looks at the queue when it is empty.")
    ] = 1.0,
    batch: Annotated[bool, typer.Option(help="Run the queued jobs, then stop.")] = False,
) -> None:
    """Run background jobs from the database (as many workers, on as many machines, as wanted)."""
    setup_django()
    from jixiao.web.jobs import worker as jobs_worker

    out.print("jixiao worker: waiting for jobs (Ctrl+C to stop after the running job)")
    jobs_worker.work(interval=interval, batch=batch)


def _job(job_id: int) -> Job:
    setup_django()
    from jixiao.web import models

    job = models.Job.objects.filter(pk=job_id).first()
    if job is None:
        err.print(f"[bold red]error:[/] no job {job_id}")
        raise typer.Exit(2)
    return job


def _start(kind: str, params: dict[str, object], *, here: bool, wait: bool) -> None:
    setup_django()
    from jixiao.web import actions, bootstrap

    bootstrap.migrate()
    job = actions.jobs.queue_job(kind, params, actions.Actor(None, "cli"))
    out.print(f"job {job.pk} queued ({kind})")
    if here:
        from jixiao.web.jobs import worker

        args = (job.pk, job.task_id, worker.worker_id())
        threading.Thread(target=_run_here, args=args, daemon=True).start()
    if wait or here:
        _follow(job)


def _run_here(job_id: int, task_id: str, worker_id: str) -> None:
    from django.db import connection

    from jixiao.web.jobs import runner

    try:
        runner.run(job_id, task_id, worker_id)
    finally:
        connection.close()  # this thread's own connection


def _follow(job: Job) -> None:
    """A Rich progress bar over the job's progress in the database, until the job ends."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        bar = progress.add_task(f"job {job.pk} {job.kind}", total=None)
        while not job.finished:
            time.sleep(0.3)
            job.refresh_from_db()
            progress.update(bar, completed=job.done, total=job.total or None, description=job.state)
    out.print(f"job {job.pk}: {job.state} — {job.message}")
    if job.state != job.State.SUCCEEDED:
        raise typer.Exit(1)

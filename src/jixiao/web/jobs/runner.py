"""One attempt of a job: claim it, run its kind with progress, and record how it ended.

The progress (done/total) is counted in memory and written by a heartbeat thread every second
on a connection of its own, so it shows on every web process even while the job's own
transaction is open (PostgreSQL; on SQLite the write waits for that transaction). The heartbeat
also brings back a cancel request, which stops the job at its next step: :class:`Cancelled`
rolls back what the step's transaction wrote.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from django.db import DatabaseError, connection
from django.utils import timezone

from jixiao.web import actions, models
from jixiao.web.actions.jobs import JobGone
from jixiao.web.jobs import kinds

logger = logging.getLogger(__name__)

BEAT_SECONDS = 1.0
Job = models.Job

#: the jobs running in this process (the reaper never takes them for lost)
RUNNING: set[int] = set()


class Cancelled(Exception):
    """The job's owner asked to cancel it."""


@dataclass
class Progress:
    """How far the job is; :meth:`step` is the callback the job's work calls."""

    done: int = 0
    total: int = 0
    cancel: threading.Event = field(default_factory=threading.Event)

    def step(self, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise Cancelled
        self.done, self.total = done, total


class Heartbeat(threading.Thread):
    """Writes the job's heartbeat and progress every second; reads its cancel request."""

    def __init__(self, job: models.Job, progress: Progress) -> None:
        super().__init__(name=f"jixiao-job-{job.pk}", daemon=True)
        self.job, self.progress, self.stopped = job, progress, threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(BEAT_SECONDS):
                self.beat()
        finally:
            connection.close()

    def beat(self) -> None:
        rows = Job.objects.filter(pk=self.job.pk, attempt=self.job.attempt)
        try:
            rows.update(
                heartbeat_at=timezone.now(), done=self.progress.done, total=self.progress.total
            )
            if rows.filter(cancel_requested=True).exists():
                self.progress.cancel.set()
        except DatabaseError:  # SQLite busy beyond its timeout: the next beat tries again
            logger.warning("job %s: heartbeat not written", self.job.pk)


def run(job_id: int, task_id: str, worker: str) -> str:
    """Run the attempt ``task_id`` of job ``job_id``; the state it ended in."""
    try:
        job = actions.jobs.start_job(job_id, task_id, worker)
    except JobGone:
        return "gone"
    return carry_out(job)


def carry_out(job: models.Job) -> str:
    """Run a started job to its end (a cancel requested already stops it at its first step)."""
    progress = Progress()
    if job.cancel_requested:
        progress.cancel.set()
    heartbeat = Heartbeat(job, progress)
    RUNNING.add(job.pk)
    heartbeat.start()
    try:
        ending = _attempt(job, progress)
    finally:
        heartbeat.stopped.set()
        heartbeat.join()
        RUNNING.discard(job.pk)
    job.done, job.total = progress.done, progress.total
    try:
        actions.jobs.finish_job(job, *ending)
    except JobGone:
        return "gone"
    return ending.state


def _attempt(job: models.Job, progress: Progress) -> kinds.Ending:
    try:
        return kinds.KINDS[job.kind](job, progress.step)
    except Cancelled:
        return kinds.Ending(Job.State.CANCELLED, "已取消：未写入任何内容。")
    except kinds.EXPECTED as exc:
        return kinds.Ending(Job.State.FAILED, f"作业失败：{exc}")
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        return kinds.Ending(Job.State.FAILED, f"作业失败（程序错误）：{type(exc).__name__}: {exc}")

"""Job workers: django-tasks' database worker loop, plus the reaper that takes over lost jobs.

``jixiao worker`` runs :func:`work` (one process; run as many as wanted, on any machine that
reaches the database); ``jixiao serve`` on the embedded SQLite database runs :class:`Background`,
so that one command serves pages and runs jobs. A job whose heartbeat is older than
JIXIAO_JOB_STALE_SECONDS and that no thread of this process runs lost its worker: the reaper
queues it again (or marks it failed after JIXIAO_JOB_ATTEMPTS attempts), through
:func:`jixiao.web.actions.jobs.retry_job`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jixiao.web import actions, models
from jixiao.web.actions.jobs import JobGone
from jixiao.web.jobs import runner

logger = logging.getLogger(__name__)
Job = models.Job


def worker_id() -> str:
    """A worker's name, unique across machines: host, process and a random part."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"


def reap() -> int:
    """Queue again (or fail) the running jobs whose worker stopped beating; how many."""
    horizon = timezone.now() - timedelta(seconds=settings.JIXIAO_JOB_STALE_SECONDS)
    lost = Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=horizon)
    taken = 0
    for job in lost.exclude(pk__in=list(runner.RUNNING)):
        try:
            actions.jobs.retry_job(job)
            taken += 1
        except JobGone:  # another reaper took it, or its worker came back
            continue
        logger.warning("job %s: worker %s lost, job %s", job.pk, job.worker, job.state)
    return taken


class Reaper(threading.Thread):
    """Runs :func:`reap` every quarter of JIXIAO_JOB_STALE_SECONDS."""

    def __init__(self) -> None:
        super().__init__(name="jixiao-reaper", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while True:
                try:
                    reap()
                except Exception:  # a database hiccup must not end the reaper
                    logger.exception("reaper")
                if self.stopped.wait(max(settings.JIXIAO_JOB_STALE_SECONDS / 4, 0.5)):
                    return
        finally:
            connection.close()


def _worker(interval: float, batch: bool) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id(),
        excluded_queue_names=[],
    )


def work(interval: float = 1.0, batch: bool = False) -> None:
    """Run jobs until stopped (Ctrl+C or SIGTERM finish the running job first), or with
    ``batch`` until none is left."""
    reaper = Reaper()
    reaper.start()
    worker = _worker(interval, batch)
    if not batch:
        worker.configure_signals()
    try:
        reap()
        worker.run()
    finally:
        reaper.stopped.set()
        reaper.join()


class Background:
    """A worker and a reaper in threads of this process (``jixiao serve``, embedded mode)."""

    def __init__(self, interval: float = 1.0) -> None:
        self.reaper = Reaper()
        self.worker = _worker(interval, batch=False)
        self.thread = threading.Thread(target=self._run, name="jixiao-worker", daemon=True)

    def start(self) -> Background:
        self.reaper.start()
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop after the running job (if any)."""
        self.worker.running = False
        self.reaper.stopped.set()
        self.thread.join()
        self.reaper.join()

    def _run(self) -> None:
        try:
            self.worker.run()
        finally:
            connection.close()

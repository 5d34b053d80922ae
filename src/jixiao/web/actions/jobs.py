"""后台作业的状态: every change of a job's state — queued, started, retried, cancelled,
finished — is one action here, with its audit row (the progress counters are not: they are
written by the worker's heartbeat, :mod:`jixiao.web.jobs.runner`).

A worker changes a job only while the attempt it started is the job's current one (the
``attempt`` fence), so a worker taken for lost cannot overwrite the job another worker took over.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from jixiao.web import models
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["JobGone", "cancel_job", "finish_job", "queue_job", "retry_job", "start_job"]

Audit = models.AuditEntry.Action
Job = models.Job
SYSTEM = Actor(None, "system")


class JobGone(Exception):
    """The job is not (or no longer) in the state the caller expected: nothing was changed."""


def _enqueue(job: models.Job) -> None:
    """Hand the job to the queue (django-tasks, database backend) in the current transaction."""
    from jixiao.web.jobs.queue import run_job

    job.task_id = str(run_job.enqueue(job.pk).id)
    job.save(update_fields=["task_id"])


@action
def queue_job(kind: str, params: dict[str, Any], actor: Actor) -> models.Job:
    """Create a job of ``kind`` for ``actor`` and queue it for a worker."""
    job = Job.objects.create(kind=kind, params=params, user=actor.account, via=actor.via)
    _enqueue(job)
    record(actor, Audit.QUEUE_JOB, job, new={"kind": kind, "params": params})
    return job


@action
def start_job(job_id: int, task_id: str, worker: str) -> models.Job:
    """The worker ``worker`` takes the job queued as ``task_id`` (JobGone when it was cancelled
    or handed to another attempt meanwhile)."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, state=Job.State.QUEUED, task_id=task_id).update(
        state=Job.State.RUNNING,
        attempt=F("attempt") + 1,
        worker=worker[:100],
        started_at=now,
        heartbeat_at=now,
    )
    if not taken:
        raise JobGone(job_id)
    job = Job.objects.get(pk=job_id)
    record(_actor(job), Audit.START_JOB, job, new={"attempt": job.attempt, "worker": worker})
    return job


@action
def retry_job(job: models.Job) -> models.Job:
    """A running job whose worker stopped sending heartbeats: queue it again, or mark it failed
    once it has had JIXIAO_JOB_ATTEMPTS attempts."""
    lost = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempt=job.attempt)
    if not lost.filter(heartbeat_at=job.heartbeat_at).update(heartbeat_at=timezone.now()):
        raise JobGone(job.pk)
    _forget_task(job.task_id)
    old = {"state": job.state, "attempt": job.attempt, "worker": job.worker}
    if job.attempt >= settings.JIXIAO_JOB_ATTEMPTS or job.cancel_requested:
        _end(job, Job.State.CANCELLED if job.cancel_requested else Job.State.FAILED, _lost(job))
    else:
        job.state = Job.State.QUEUED
        job.save(update_fields=["state"])
        _enqueue(job)
    record(SYSTEM, Audit.RETRY_JOB, job, old=old, new={"state": job.state})
    return job


def _lost(job: models.Job) -> str:
    if job.cancel_requested:
        return "已取消：执行作业的进程已中止，未写入任何内容。"
    return (
        f"作业失败：执行作业的进程意外中止（共尝试 {job.attempt} 次），未写入任何内容。"
        "请检查作业进程（jixiao worker）的日志后重新提交。"
    )


@action
def cancel_job(job: models.Job, actor: Actor) -> models.Job:
    """Cancel a job: a queued one at once, a running one at its next step (its worker stops and
    nothing of it is written). JobGone when it has finished already."""
    if job.finished:
        raise JobGone(job.pk)
    if job.state == Job.State.QUEUED:
        if not Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
            state=Job.State.CANCELLED, cancel_requested=True
        ):
            raise JobGone(job.pk)
        job.refresh_from_db()
        _forget_task(job.task_id)
        _end(job, Job.State.CANCELLED, "已取消：作业尚未开始。")
    else:
        Job.objects.filter(pk=job.pk).update(cancel_requested=True)
        job.cancel_requested = True
    record(actor, Audit.CANCEL_JOB, job, old={"state": job.state}, new={"cancel_requested": True})
    return job


@action
def finish_job(
    job: models.Job,
    state: str,
    message: str,
    outcome: dict[str, Any] | None = None,
    file: tuple[str, bytes] | None = None,
) -> models.Job:
    """The end of the job's current attempt: succeeded, failed or cancelled, with its outcome
    (JobGone when the attempt was taken over meanwhile)."""
    current = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempt=job.attempt)
    if not current.update(heartbeat_at=timezone.now()):
        raise JobGone(job.pk)
    job.outcome = outcome
    if file is not None:
        job.file_name, job.file = file
    _end(job, state, message)
    record(
        _actor(job),
        Audit.FINISH_JOB,
        job,
        new={"state": state, "message": message, "outcome": outcome, "attempt": job.attempt},
    )
    return job


def _end(job: models.Job, state: str, message: str) -> None:
    job.state, job.message, job.finished_at = state, message, timezone.now()
    job.save()


def _forget_task(task_id: str) -> None:
    """The queue's entry of an attempt that will not run (or did not finish) is marked failed."""
    from django_tasks_db.models import DBTaskResult

    if not task_id:
        return
    DBTaskResult.objects.filter(id=task_id, status__in=["READY", "RUNNING"]).update(
        status="FAILED", finished_at=timezone.now()
    )


def _actor(job: models.Job) -> Actor:
    return Actor(job.user, job.via)

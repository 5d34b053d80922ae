"""The queue's one task: run an attempt of a :class:`~jixiao.web.models.Job` (django-tasks)."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> str:
    """Run the job ``job_id`` in this worker; its state says what came of it."""
    from jixiao.web.jobs import runner

    workers = context.task_result.worker_ids
    return runner.run(job_id, str(context.task_result.id), workers[-1] if workers else "")

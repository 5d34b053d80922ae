"""后台作业 (background jobs): bulk import, review of a year, batch export and recomputation
after a profile change, run by workers that take them from the shared database (docs/jobs.md).

- :mod:`~jixiao.web.jobs.queue`: the one django-tasks task, :func:`~jixiao.web.jobs.queue.run_job`.
- :mod:`~jixiao.web.jobs.runner`: runs one attempt of a job — heartbeat, progress, cancel.
- :mod:`~jixiao.web.jobs.kinds`: what each kind of job does (over the existing actions).
- :mod:`~jixiao.web.jobs.worker`: the worker loop (django-tasks' own) and the reaper of lost jobs.
"""

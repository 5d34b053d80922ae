"""Background jobs (后台作业) run by real workers: django-tasks' database worker loop in this
process, or ``jixiao worker`` processes (one of them killed in the middle of a job)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from jixiao.demo import SEEDS, seed_paths
from jixiao.web import actions, importing, models
from jixiao.web.actions.reviews import stale_years
from jixiao.web.jobs import runner, worker

#: workers and heartbeats use connections of their own: they see only committed rows
pytestmark = pytest.mark.django_db(transaction=True)

Job = models.Job
ACTOR = actions.Actor(None, "cli")


def _run_queued() -> None:
    """django-tasks' worker loop, in this process, until the queue is empty."""
    worker.work(interval=0.05, batch=True)


def _audit(job: models.Job) -> list[str]:
    rows = models.AuditEntry.objects.filter(object_type="job", object_id=str(job.pk))
    return list(rows.order_by("id").values_list("action", flat=True))


def test_a_review_job_runs_with_progress_and_its_audit_rows(demo, user) -> None:
    job = actions.jobs.queue_job("review", {"year": 2025}, actions.Actor(user, "web"))
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    _run_queued()
    job.refresh_from_db()
    documents = models.Project.objects.filter(year=2025).count()
    documents += models.SelfEvaluation.objects.filter(year=2025).count()
    assert (job.state, job.done, job.total, job.attempt) == ("succeeded", documents, documents, 1)
    assert "重新审核" in job.message and job.outcome["documents"] == documents
    assert _audit(job) == ["queue_job", "start_job", "finish_job"]
    assert models.AuditEntry.objects.filter(action="review_year", username=user.username).exists()
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_reviewing_a_year_again_changes_nothing_when_nothing_changed(demo) -> None:
    """The year is reviewed with last year's self-evaluations, as on import (历史标准 rules)."""
    before = sorted(models.Finding.objects.values_list("id", "rule", "message"))
    summary = actions.review_year(2025, ACTOR)
    assert summary["changed"] == 0 and summary["documents"] > 0
    assert sorted(models.Finding.objects.values_list("id", "rule", "message")) == before


def test_recompute_reviews_the_years_made_under_another_profile(demo) -> None:
    assert stale_years() == []
    models.Project.objects.filter(year=2025).update(review_profile_hash="earlier")
    assert stale_years() == [2025]
    job = actions.jobs.queue_job("recompute", {}, ACTOR)
    _run_queued()
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("succeeded", 1, 1)
    assert stale_years() == []


def test_an_export_job_keeps_its_file_for_the_page(client_in, demo) -> None:
    response = client_in.post(
        "/jobs/start/export/", {"year": "2025", "format": "xlsx"}, headers={"HX-Request": "true"}
    )
    job = Job.objects.get()
    assert response.status_code == 204 and response["HX-Redirect"] == f"/jobs/{job.pk}/"
    page = client_in.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "排队中" in page  # polls while it waits
    _run_queued()
    fragment = client_in.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "hx-get" not in fragment and "已完成" in fragment  # polling stops at the end
    download = client_in.get(f"/jobs/{job.pk}/file")
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_an_import_job_commits_the_previewed_upload(client_in) -> None:
    seed = seed_paths()[2]
    preview = client_in.post(
        "/import/", {"files": [SimpleUploadedFile(seed.name, seed.read_bytes())]}
    )
    token = preview.context["token"]
    started = client_in.post("/jobs/start/import/", {"token": token})
    job = Job.objects.get()
    assert started.status_code == 302 and started["Location"] == f"/jobs/{job.pk}/"
    assert not models.ImportBatch.objects.exists()  # nothing until the worker runs it
    _run_queued()
    job.refresh_from_db()
    assert job.state == "succeeded" and (job.done, job.total) == (1, 1)
    batch = models.ImportBatch.objects.get()
    assert job.outcome == {"batch": batch.pk} and batch.via == "web"
    assert models.PendingUpload.objects.get(token=token).batch == batch
    assert f"/imports/{batch.pk}/" in client_in.get(f"/jobs/{job.pk}/").content.decode()


def test_an_expired_or_foreign_upload_is_refused_before_queueing(client_in) -> None:
    response = client_in.post("/jobs/start/import/", {"token": "0" * 43})
    assert response.status_code == 400 and "重新上传" in response.content.decode()
    assert not Job.objects.exists()


def test_cancelling_a_queued_job_means_it_never_runs(client_in, user, demo) -> None:
    job = actions.jobs.queue_job("review", {"year": 2025}, actions.Actor(user, "web"))
    response = client_in.post(f"/jobs/{job.pk}/cancel/")
    assert response.status_code == 302
    _run_queued()
    job.refresh_from_db()
    assert (job.state, job.attempt) == ("cancelled", 0) and "尚未开始" in job.message
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert _audit(job) == ["queue_job", "cancel_job"]
    again = client_in.post(f"/jobs/{job.pk}/cancel/")
    assert again.status_code == 409 and "已结束" in again.content.decode()


def test_cancelling_a_running_job_writes_nothing_of_it(demo) -> None:
    models.Project.objects.filter(year=2025).update(review_profile_hash="earlier")
    job = actions.jobs.queue_job("review", {"year": 2025}, ACTOR)
    started = actions.jobs.start_job(job.pk, job.task_id, "test-worker")  # as a worker does
    actions.jobs.cancel_job(started, ACTOR)
    assert runner.carry_out(started) == "cancelled"
    job.refresh_from_db()
    assert job.state == "cancelled" and "未写入" in job.message
    assert set(models.Project.objects.values_list("review_profile_hash", flat=True)) >= {"earlier"}
    assert not models.AuditEntry.objects.filter(action="review_year").exists()
    assert _audit(job) == ["queue_job", "start_job", "cancel_job", "finish_job"]


def test_the_heartbeat_writes_progress_and_brings_back_a_cancel(demo) -> None:
    job = actions.jobs.queue_job("review", {"year": 2025}, ACTOR)
    job = actions.jobs.start_job(job.pk, job.task_id, "test-worker")
    progress = runner.Progress()
    progress.step(3, 7)
    beat = runner.Heartbeat(job, progress)
    beat.beat()
    assert Job.objects.values_list("done", "total").get(pk=job.pk) == (3, 7)
    assert not progress.cancel.is_set()
    actions.jobs.cancel_job(job, ACTOR)
    beat.beat()
    assert progress.cancel.is_set()
    with pytest.raises(runner.Cancelled):
        progress.step(4, 7)


def test_a_job_lost_too_often_fails_with_a_clear_message(demo, settings) -> None:
    settings.JIXIAO_JOB_STALE_SECONDS = 0
    job = actions.jobs.queue_job("review", {"year": 2025}, ACTOR)
    Job.objects.filter(pk=job.pk).update(
        state="running", attempt=settings.JIXIAO_JOB_ATTEMPTS, heartbeat_at="2000-01-01T00:00Z"
    )
    assert worker.reap() == 1
    job.refresh_from_db()
    assert job.state == "failed" and job.finished_at is not None
    assert f"意外中止（共尝试 {settings.JIXIAO_JOB_ATTEMPTS} 次）" in job.message
    assert _audit(job) == ["queue_job", "retry_job"]


def test_users_see_their_own_jobs_and_administrators_all(client_in, member, client) -> None:
    other = member("unit_editor")
    theirs = actions.jobs.queue_job("export", {"year": 2025}, actions.Actor(other, "web"))
    assert client_in.get(f"/jobs/{theirs.pk}/").status_code == 404
    assert f"/jobs/{theirs.pk}/" not in client_in.get("/jobs/").content.decode()
    client.force_login(member("administrator"))
    assert f"/jobs/{theirs.pk}/" in client.get("/jobs/").content.decode()


def test_a_year_review_is_refused_to_roles_that_do_not_see_every_department(member, client) -> None:
    client.force_login(member("unit_editor"))
    response = client.post("/jobs/start/review/", {"year": "2025"})
    assert response.status_code == 403 and "重新审核" in response.content.decode()
    assert client.post("/jobs/start/recompute/").status_code == 403
    assert not Job.objects.exists()


# --- a worker process killed in the middle of a job --------------------------------------------


def _copies(count: int) -> list[importing.Upload]:
    """Seed 000 (34 tables) ``count`` times, each copy with titles of its own."""
    text = (SEEDS / "000_c59c10b86de5a10a.txt").read_text(encoding="utf-8")
    title = re.compile(r"^(\s*\[bookmark:[^\]]*\]\d+\.)(.*)$", re.MULTILINE)
    return [
        importing.Upload(f"copy{i}.txt", title.sub(rf"\1\2（第{i}批）", text).encode())
        for i in range(count)
    ]


def _worker_process(database_url: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "JIXIAO_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "jixiao", "worker", "--interval", "0.1"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(job: models.Job, states: set[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} still {job.state}")


def test_a_job_whose_worker_was_killed_is_taken_over_and_finished(
    database_url, tmp_path, settings
) -> None:
    pending = actions.stash_upload(_copies(8), ACTOR)
    job = actions.jobs.queue_job("import", {"token": pending.token}, ACTOR)
    process = _worker_process(database_url, tmp_path)
    try:
        _wait(job, {"running", "succeeded", "failed"})
        os.kill(process.pid, signal.SIGKILL)  # mid-job: 8 files of 34 tables take seconds
    finally:
        process.wait()
    job.refresh_from_db()
    assert (job.state, job.attempt) == ("running", 1), job.message
    assert not models.ImportBatch.objects.exists()  # the lost attempt's transaction is gone
    settings.JIXIAO_JOB_STALE_SECONDS = 0.2
    time.sleep(0.3)
    assert worker.reap() == 1
    job.refresh_from_db()
    assert job.state == "queued"
    _run_queued()  # another worker takes it over
    job.refresh_from_db()
    assert (job.state, job.attempt, job.done, job.total) == ("succeeded", 2, 8, 8), job.message
    batch = models.ImportBatch.objects.get()
    assert batch.files.count() == 8 and batch.documents == 8 * 34
    assert _audit(job) == ["queue_job", "start_job", "retry_job", "start_job", "finish_job"]


def test_the_command_line_runs_a_job_with_a_progress_bar_and_lists_it(demo) -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    result = CliRunner().invoke(app, ["jobs", "review", "2025", "--here"])
    assert result.exit_code == 0, result.output
    job = Job.objects.get()
    assert f"job {job.pk}: succeeded" in result.output and job.via == "cli"
    listed = CliRunner().invoke(app, ["jobs"])
    assert listed.exit_code == 0 and "succeeded" in listed.output and "review" in listed.output
    cancelled = CliRunner().invoke(app, ["jobs", "cancel", str(job.pk)])
    assert cancelled.exit_code == 1 and "ended already" in cancelled.output
    assert CliRunner().invoke(app, ["jobs", "watch", "999999"]).exit_code == 2

"""Stateless app servers (issue 16): two ``jixiao serve`` processes and one ``jixiao worker`` on
one PostgreSQL database — a login on one server, an import job queued on the other, done by the
worker. The check itself is ``tools/two-servers-check`` (CI also runs it on its own database)."""

from __future__ import annotations

import os
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path
from typing import Any

import pytest

from jixiao.web import models

SCRIPT = Path(__file__).parents[2] / "tools" / "two-servers-check"

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="several servers share one database on PostgreSQL (CI runs tests/web on it)",
)


def _script() -> Any:
    loader = SourceFileLoader("two_servers_check", str(SCRIPT))
    spec = spec_from_loader(loader.name, loader)
    assert spec is not None
    module = module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_a_login_on_one_server_and_a_job_queued_on_another_are_done(database_url, tmp_path) -> None:
    fragment = _script().check(database_url, tmp_path)
    assert "job-succeeded" in fragment
    job = models.Job.objects.get()
    assert (job.kind, job.state, job.via, job.user.username) == (
        "import",
        "succeeded",
        "web",
        "two-servers-check",
    )
    assert models.ImportBatch.objects.get().pk == job.outcome["batch"]

"""``jixiao serve`` and ``jixiao import``: first start, demo data, administrator, command line."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import SEEDS, seed_paths
from jixiao.web import bootstrap, models


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# a first start migrates and warms up: ≈ 30–45 s on a 2-core machine busy with two test runs
START_SECONDS = 180


def start(data_dir: Path, port: int, *options: str, **env: str) -> subprocess.Popen[str]:
    """``jixiao serve`` on SQLite in ``data_dir`` (with ``options`` and ``env``), once it answers."""
    hidden = {"DATABASE_URL", "JIXIAO_DEMO", "JIXIAO_ADMIN_PASSWORD"}
    environment = {k: v for k, v in os.environ.items() if k not in hidden}
    environment.update(env, JIXIAO_DATA_DIR=str(data_dir))
    command = [sys.executable, "-m", "jixiao", "serve", "--port", str(port), *options]
    server = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:
                assert response.status == 200
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    output = server.communicate(timeout=30)[0]
    raise AssertionError(f"jixiao serve did not answer (exit {server.returncode}):\n{output}")


def _serve_once(data_dir: Path) -> str:
    """Start ``jixiao serve`` on SQLite, wait until it answers, stop it; its standard output."""
    server = start(data_dir, free_port())
    server.terminate()
    output, _ = server.communicate(timeout=30)
    return output


@pytest.mark.ignores_database_url
def test_serve_first_start_loads_demo_and_prints_the_password_once(tmp_path: Path) -> None:
    first = _serve_once(tmp_path)
    assert "44 张表（新增 44" in first
    assert "administrator created: user admin password " in first
    second = _serve_once(tmp_path)
    assert "administrator created" not in second
    assert "demo data loaded" not in second
    with sqlite3.connect(tmp_path / "jixiao.sqlite3") as db:
        assert db.execute("select count(*) from jixiao_project").fetchone() == (43,)
        assert db.execute("select count(*) from jixiao_department").fetchone() == (3,)


def test_demo_loads_once(db) -> None:
    assert bootstrap.load_demo() is not None
    assert bootstrap.load_demo() is None
    assert models.Project.objects.count() == 43
    assert models.ImportBatch.objects.count() == 1


def test_demo_off_starts_empty(db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_DEMO", "0")
    assert bootstrap.load_demo() is None
    assert models.Project.objects.count() == 0


def test_admin_from_environment(db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_ADMIN_USER", "chief")
    monkeypatch.setenv("JIXIAO_ADMIN_PASSWORD", "Long-enough-s3cret")
    assert bootstrap.ensure_admin() == bootstrap.Admin("chief", None)
    assert bootstrap.ensure_admin() is None
    user = get_user_model().objects.get(username="chief")
    assert user.is_superuser
    assert user.password.startswith("argon2")


def test_generated_admin_password_logs_in(db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIXIAO_ADMIN_USER", raising=False)
    monkeypatch.delenv("JIXIAO_ADMIN_PASSWORD", raising=False)
    admin = bootstrap.ensure_admin()
    assert admin is not None and admin.password
    request = RequestFactory().post("/login/")
    assert authenticate(request, username="admin", password=admin.password) is not None


def test_cli_import_writes_a_batch_and_detects_a_reimport(db) -> None:
    runner = CliRunner()
    files = [str(p) for p in seed_paths()[2:]]
    first = runner.invoke(app, ["import", *files])
    assert first.exit_code == 0, first.output
    assert "9 张表（新增 9" in first.output
    assert models.Project.objects.count() == 9
    again = runner.invoke(app, ["import", *files])
    assert again.exit_code == 0
    assert "imported before" in again.output
    assert models.Project.objects.count() == 9


def test_cli_import_of_a_bad_file_writes_nothing(db, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是绩效目标表\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(SEEDS / seed_paths()[0].name), str(bad)])
    assert result.exit_code == 2
    assert "bad.txt" in result.output and "nothing was imported" in result.output
    assert models.Project.objects.count() == 0
    assert models.ImportBatch.objects.count() == 0

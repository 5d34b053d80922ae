"""``jixiao serve --processes N``: copies of the server on one port, kept alive by the parent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.web.test_serve import free_port, start

#: the same whatever DATABASE_URL names: CI's PostgreSQL pass leaves it to make test
pytestmark = pytest.mark.ignores_database_url


def copies(server: subprocess.Popen[str]) -> set[int]:
    """The parent's children: the web processes (the parent itself reads no file)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    return {int(pid) for pid in children.split()}


def wait_for(condition: Callable[[], bool], what: str) -> None:
    for _ in range(300):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def answers(port: int) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/") as response:
        return response.status == 200 and "登录" in response.read().decode()


def test_copies_share_the_port_and_one_that_dies_is_started_again(tmp_path: Path) -> None:
    port = free_port()
    server = start(tmp_path, port, "--processes", "2")
    try:
        wait_for(lambda: len(copies(server)) == 2, "two web processes")
        first, second = sorted(copies(server))
        # the demo data was read (in the sandbox) and loaded once, by one of the copies
        with sqlite3.connect(tmp_path / "jixiao.sqlite3") as db:
            assert db.execute("select count(*) from jixiao_project").fetchone() == (43,)
            assert db.execute("select count(*) from jixiao_importbatch").fetchone() == (1,)
        for victim in (first, second):  # each copy in turn: the other answers meanwhile
            os.kill(victim, signal.SIGKILL)
            assert all(answers(port) for _ in range(10))
            wait_for(
                lambda v=victim: len(copies(server)) == 2 and v not in copies(server), "a new copy"
            )
        assert not {first, second} & copies(server)
        assert all(answers(port) for _ in range(10))
        remaining = copies(server)
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in remaining)
    assert output.count("administrator created") == 1
    assert output.count("jixiao at http://") == 1


def test_a_weak_admin_password_stops_every_copy(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        JIXIAO_DATA_DIR=str(tmp_path), JIXIAO_ADMIN_PASSWORD="12345", JIXIAO_DEMO="0"
    )
    command = [
        sys.executable,
        "-m",
        "jixiao",
        "serve",
        "--port",
        str(free_port()),
        "--processes",
        "2",
    ]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "JIXIAO_ADMIN_PASSWORD is too weak" in done.stderr

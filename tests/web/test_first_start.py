"""Several ``jixiao serve`` started at the same instant on one empty database: the tables are
created once, one administrator is made, the demo data is loaded once, and every process serves."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from tests.web.databases import drop
from tests.web.test_serve import free_port

#: SQLite processes of their own, the same whatever DATABASE_URL names (CI's PostgreSQL pass
#: leaves them to make test), and a PostgreSQL database when it names one
KINDS = [
    pytest.param("sqlite", marks=pytest.mark.ignores_database_url),
    *(["postgresql"] if os.environ.get("DATABASE_URL") else []),
]


@pytest.fixture(params=KINDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of ``jixiao`` processes on a new, empty database of each kind."""
    hidden = {"DATABASE_URL", "JIXIAO_DEMO", "JIXIAO_ADMIN_PASSWORD", "JIXIAO_ADMIN_USER"}
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env["JIXIAO_DATA_DIR"] = str(tmp_path)
    if request.param == "sqlite":
        yield env
        return
    server, _, _ = os.environ["DATABASE_URL"].rpartition("/")
    name = f"jixiao_first_start_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield {**env, "DATABASE_URL": f"{server}/{name}"}
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            drop(admin, name)


def _count(env: dict[str, str], sql: str) -> int:
    if "DATABASE_URL" in env:
        with psycopg.connect(env["DATABASE_URL"]) as db:
            row = db.execute(sql).fetchone()
    else:
        with sqlite3.connect(Path(env["JIXIAO_DATA_DIR"]) / "jixiao.sqlite3") as db:
            row = db.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/") as response:
            return bool(response.status == 200)
    except OSError:
        return False


def test_two_servers_started_at_once_make_one_administrator(
    empty_database: dict[str, str],
) -> None:
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "jixiao", "serve", "--port", str(port)],
            env=empty_database,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for port in ports
    ]
    try:
        waiting = set(ports)
        for _ in range(1200):
            waiting = {p for p in waiting if not _answers(p)}
            exited = [s for s in servers if s.poll() is not None]
            if not waiting or exited:
                break
            time.sleep(0.1)
        assert not exited, exited[0].communicate()[1]
        assert not waiting, "a server did not answer"
    finally:
        for server in servers:
            server.terminate()
        outputs = [server.communicate(timeout=60)[0] for server in servers]
    assert sum("administrator created" in out for out in outputs) == 1
    assert sum("demo data loaded" in out for out in outputs) == 1
    assert _count(empty_database, "select count(*) from auth_user where is_superuser") == 1
    assert _count(empty_database, "select count(*) from jixiao_project") == 43

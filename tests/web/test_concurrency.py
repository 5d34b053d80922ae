"""SQLite under concurrency: imports at the same time against a live ``jixiao serve``.

Two imports at once both succeed, or one answers 409 with a message; never 500 ("database is
locked", UNIQUE constraint). The database is in WAL mode and private to the server's user.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.demo import seed_paths

from .test_serve import free_port, start

#: the same whatever DATABASE_URL names: CI's PostgreSQL pass leaves it to make test
pytestmark = pytest.mark.ignores_database_url

PASSWORD = "Concurrent-imports-2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data = tmp_path_factory.mktemp("concurrency")
    port = free_port()
    process = start(data, port, JIXIAO_DEMO="0", JIXIAO_ADMIN_PASSWORD=PASSWORD)
    _importer(data)
    yield f"http://127.0.0.1:{port}", data
    process.terminate()
    process.communicate(timeout=30)


def _call(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _importer(data: Path) -> None:
    """A finance reviewer (who imports), made with ``jixiao users create`` like an operator."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(JIXIAO_DATA_DIR=str(data), JIXIAO_USER_PASSWORD=PASSWORD)
    command = [sys.executable, "-m", "jixiao", "users", "create", "importer"]
    made = subprocess.run(
        [*command, "--role", "finance_reviewer"], env=environment, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr


def _token(base: str) -> str:
    body = json.dumps({"username": "importer", "password": PASSWORD}).encode()
    status, answer = _call(f"{base}/api/auth/token", body, {"Content-Type": "application/json"})
    assert status == 200, answer
    return str(answer["token"])


def _import(base: str, token: str, path: Path) -> tuple[int, dict[str, object]]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="commit"\r\n\r\ntrue\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"'
        "\r\nContent-Type: text/plain\r\n\r\n".encode(),
        path.read_bytes(),
        f"\r\n--{boundary}--\r\n".encode(),
    ]
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Accept-Language": "zh-CN",
    }
    return _call(f"{base}/api/import", b"".join(parts), headers)


def _at_once(base: str, token: str, files: list[Path]) -> list[tuple[int, dict[str, object]]]:
    """Import each file in its own thread, all released together."""
    results: list[tuple[int, dict[str, object]]] = [(0, {})] * len(files)
    barrier = threading.Barrier(len(files))

    def run(i: int) -> None:
        barrier.wait()
        results[i] = _import(base, token, files[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(files))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_different_imports_at_once_both_succeed(server: tuple[str, Path]) -> None:
    base, _ = server
    results = _at_once(base, _token(base), [seed_paths()[2], seed_paths()[3]])
    assert [status for status, _ in results] == [200, 200], results
    assert all(answer["committed"] for _, answer in results)


def test_the_same_file_twice_at_once_gives_one_import_and_one_409(
    server: tuple[str, Path],
) -> None:
    base, _ = server
    token = _token(base)
    for seed in (seed_paths()[0], seed_paths()[1]):
        results = sorted(_at_once(base, token, [seed, seed, seed]), key=lambda r: r[0])
        assert [status for status, _ in results] == [200, 409, 409], results
        for _, refused in results[1:]:
            assert refused["committed"] is False
            summary = str(refused["summary"])
            # refused while the first import runs, or read before and planned after it: all of
            # its tables are then unchanged (新增 0) — either way nothing is imported twice
            assert (
                "另一批文件正在同时导入" in summary
                or refused["files"][0]["status"] == "duplicate"
                or "新增 0，更新版本 0" in summary
            ), summary


def test_the_database_is_in_wal_mode_and_private(server: tuple[str, Path]) -> None:
    _, data = server
    database = data / "jixiao.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("pragma journal_mode").fetchone() == ("wal",)
    assert data.stat().st_mode & 0o777 == 0o700
    for path in [database, data / "secret_key", *data.glob("jixiao.sqlite3-*")]:
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_a_shared_directory_is_refused_as_the_data_directory(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o1777)
    shared.chmod(0o1777)  # mkdir's mode passes through the umask
    script = "import jixiao.web.settings"
    env = {**os.environ, "JIXIAO_DATA_DIR": str(shared)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert f"JIXIAO_DATA_DIR={shared} is a shared directory" in done.stderr
    assert shared.stat().st_mode & 0o7777 == 0o1777  # left as it was

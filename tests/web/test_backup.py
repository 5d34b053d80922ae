"""``jixiao backup`` / ``jixiao restore``: a running server's database into a new one, identical.

On SQLite always; on PostgreSQL too when the suite runs with DATABASE_URL (two databases of
their own on that server). Every table's rows and every stored document must read back equal.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from jixiao.web import backup

from .databases import drop
from .test_serve import free_port, start

#: SQLite processes of their own, the same whatever DATABASE_URL names (CI's PostgreSQL pass
#: leaves them to make test), and a PostgreSQL database when it names one
KINDS = [
    pytest.param("sqlite", marks=pytest.mark.ignores_database_url),
    *(["postgresql"] if os.environ.get("DATABASE_URL") else []),
]

#: prints every table's rows (sorted) and every stored document as interchange JSON
STATE = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
django.setup()
from django.db import connection
from jixiao.web import models, storage
tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        tables[table] = sorted(json.dumps(list(row), default=str) for row in cursor.fetchall())
documents = [storage.target_table(p).model_dump_json() for p in models.Project.objects.order_by("id")]
documents += [
    storage.self_evaluation(e).model_dump_json() for e in models.SelfEvaluation.objects.order_by("id")
]
print(json.dumps({"tables": tables, "documents": documents}))
"""


def _environment(**env: str) -> dict[str, str]:
    hidden = {"DATABASE_URL", "JIXIAO_DEMO", "JIXIAO_ADMIN_PASSWORD"}
    return {**{k: v for k, v in os.environ.items() if k not in hidden}, **env}


def _jixiao(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "jixiao", *args]
    return subprocess.run(command, env=_environment(**env), capture_output=True, text=True)


def _state(env: dict[str, str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", STATE], env=_environment(**env), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def databases(request, tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """The environments of a source and an empty target database of the kind asked for."""
    source = {"JIXIAO_DATA_DIR": str(tmp_path / "source")}
    target = {"JIXIAO_DATA_DIR": str(tmp_path / "target")}
    if request.param == "sqlite":
        yield source, target
        return
    url = os.environ["DATABASE_URL"]
    names = [f"{url.rsplit('/', 1)[1]}_backup_{side}" for side in ("source", "target")]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        source["DATABASE_URL"], target["DATABASE_URL"] = (
            f"{url.rsplit('/', 1)[0]}/{name}" for name in names
        )
        yield source, target
        for name in names:
            drop(admin, name)


@pytest.mark.parametrize("databases", KINDS, indirect=True)
def test_backup_of_a_running_server_restores_identical(databases, tmp_path: Path) -> None:
    source, target = databases
    server = start(
        Path(source["JIXIAO_DATA_DIR"]),
        free_port(),
        JIXIAO_ADMIN_PASSWORD="Backup-and-restore-2026",
        **{k: v for k, v in source.items() if k == "DATABASE_URL"},
    )
    file = tmp_path / "jixiao.backup"
    try:
        made = _jixiao(source, "backup", str(file))  # while the server runs
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert made.returncode == 0, made.stderr
    assert file.stat().st_mode & 0o777 == 0o600
    manifest = json.loads(zipfile.ZipFile(file).read("manifest.json"))
    assert manifest["database"] == databases_kind(source)
    assert manifest["format_version"] == 1 and manifest["jixiao_version"]

    restored = _jixiao(target, "restore", str(file))
    assert restored.returncode == 0, restored.stderr
    before, after = _state(source), _state(target)
    assert len(before["documents"]) == 44  # the demo: 43 target tables, 1 self-evaluation
    assert after["documents"] == before["documents"]
    assert after["tables"].keys() == before["tables"].keys()
    for table, rows in before["tables"].items():
        assert after["tables"][table] == rows, table
    assert len(after["tables"]["auth_user"]) == 1
    checked = _jixiao(target, "check-integrity")
    assert checked.returncode == 0, checked.stdout
    assert "jixiao_finding.project_id → jixiao_project: 0 orphan rows" in checked.stdout

    again = _jixiao(target, "restore", str(file))
    assert again.returncode == 2
    assert "not empty" in again.stderr and "--force" in again.stderr
    forced = _jixiao(target, "restore", "--force", str(file))
    assert forced.returncode == 0, forced.stderr
    assert _state(target) == after


def databases_kind(env: dict[str, str]) -> str:
    return "postgresql" if "DATABASE_URL" in env else "sqlite"


def _zip(path: Path, manifest: dict[str, object] | None, payload: bytes = b"x") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        if manifest is not None:
            archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("database.sqlite3", payload)
    return path


def _manifest(**changes: object) -> dict[str, object]:
    kind = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    fields = {
        "format_version": 1,
        "database": kind,
        "jixiao_version": "0.1.0",
        "created_at": "2026-12-02T00:00:00+00:00",
        "payload": backup.PAYLOAD[kind],
        "sha256": "0" * 64,
    }
    return {**fields, **changes}


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (None, "no valid manifest.json"),
        ({"format_version": 1}, "no valid manifest.json"),
        (_manifest(format_version=2), "newer jixiao"),
        (_manifest(payload="elsewhere.db"), "no database in it"),
        (_manifest(payload="database.sqlite3", database="sqlite"), "damaged"),
    ],
)
def test_restore_refuses_what_is_not_a_good_backup(
    db, tmp_path: Path, manifest: dict[str, object] | None, message: str
) -> None:
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(_zip(tmp_path / "bad.backup", manifest))


def test_restore_refuses_a_backup_of_the_other_database_kind(db, tmp_path: Path) -> None:
    other = "sqlite" if os.environ.get("DATABASE_URL") else "postgresql"
    manifest = _manifest(
        database=other, payload="database.sqlite3", sha256=hashlib.sha256(b"x").hexdigest()
    )
    file = _zip(tmp_path / "other.backup", manifest)
    with pytest.raises(backup.BackupError, match=f"backup of a {other} database"):
        backup.restore(file)


def test_restore_of_a_file_that_is_no_zip(db, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(backup.BackupError, match="is not a jixiao backup"):
        backup.restore(text)


@pytest.mark.ignores_database_url
def test_a_missing_postgresql_client_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(backup, "PG_DIRS", Path("/nonexistent"))
    with pytest.raises(backup.BackupError, match="apt install postgresql-client"):
        backup.pg_program("pg_dump")


@pytest.mark.ignores_database_url
def test_the_postgresql_client_is_found() -> None:
    assert backup.pg_program("pg_dump").name == "pg_dump"

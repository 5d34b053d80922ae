"""备份与恢复 (backup and restore) of the whole database, SQLite or PostgreSQL.

A backup is a zip file holding ``manifest.json`` (format version, database kind, jixiao version,
created at, the payload's SHA-256) and the payload: a SQLite snapshot made with SQLite's online
backup API (consistent while the server runs and writes), or a ``pg_dump --format=custom`` archive
(one transaction, consistent too). A restore goes only into an empty database — no row in any
table but those ``migrate`` fills by itself — unless forced; it replaces everything there.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connection

from jixiao import __version__
from jixiao.web.files import private_file

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOAD = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: tables ``migrate`` fills by itself: rows there do not make a database "not empty"
MIGRATE_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
#: where Debian installs each PostgreSQL version's programs (when they are not on PATH)
PG_DIRS = Path("/usr/lib/postgresql")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    """What a backup file holds (``manifest.json``)."""

    format_version: int
    database: str  # sqlite | postgresql
    jixiao_version: str
    created_at: str  # ISO 8601, UTC
    payload: str
    sha256: str


def database_kind() -> str:
    vendor = str(connection.vendor)
    if vendor not in PAYLOAD:
        raise BackupError(f"backups of {vendor} databases are not supported")
    return vendor


def backup(target: Path) -> Manifest:
    """Write a backup of the configured database to ``target`` (0600)."""
    kind = database_kind()
    with tempfile.TemporaryDirectory() as work:
        payload = Path(work) / PAYLOAD[kind]
        if kind == "sqlite":
            _sqlite_snapshot(Path(connection.settings_dict["NAME"]), payload)
        else:
            _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={payload}")
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            database=kind,
            jixiao_version=__version__,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            payload=payload.name,
            sha256=_sha256(payload),
        )
        with zipfile.ZipFile(private_file(target), "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(asdict(manifest), indent=2))
            archive.write(payload, payload.name)
    return manifest


def restore(source: Path, *, force: bool = False) -> Manifest:
    """Restore ``source`` into the configured database (empty, or ``force``)."""
    kind = database_kind()
    with _opened(source) as (manifest, payload):
        if manifest.database != kind:
            raise BackupError(
                f"{source} is a backup of a {manifest.database} database; "
                f"the configured database is {kind}"
            )
        if not force and not is_empty():
            raise BackupError(
                "the database is not empty; restore into a new data directory or database, "
                "or use --force to replace everything in it"
            )
        connection.close()
        if kind == "sqlite":
            _sqlite_snapshot(payload, Path(connection.settings_dict["NAME"]))
        else:
            _run(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(payload),
            )
    return manifest


def is_empty() -> bool:
    """No row in any table except those ``migrate`` fills by itself."""
    tables = set(connection.introspection.table_names()) - MIGRATE_TABLES
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                return False
    return True


@contextmanager
def _opened(source: Path) -> Iterator[tuple[Manifest, Path]]:
    """The manifest and the extracted payload of a backup file, checked."""
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{source} is not a jixiao backup ({exc})") from exc
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = _manifest(source, archive)
        payload = Path(archive.extract(manifest.payload, work))
        if _sha256(payload) != manifest.sha256:
            raise BackupError(f"{source} is damaged: its database does not match the manifest")
        yield manifest, payload


def _manifest(source: Path, archive: zipfile.ZipFile) -> Manifest:
    try:
        fields: dict[str, Any] = json.loads(archive.read(MANIFEST))
        manifest = Manifest(**fields)
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"{source} is not a jixiao backup (no valid {MANIFEST})") from exc
    if manifest.format_version > FORMAT_VERSION:
        raise BackupError(
            f"{source} was written by a newer jixiao ({manifest.jixiao_version}); upgrade first"
        )
    if manifest.payload not in PAYLOAD.values() or manifest.payload not in archive.namelist():
        raise BackupError(f"{source} is not a jixiao backup (no database in it)")
    return manifest


def _sqlite_snapshot(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page (SQLite's online backup API: a consistent copy)."""
    private_file(target)
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    with closing(reader), closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(program: str, *args: str) -> None:
    """Run a PostgreSQL client program against the configured database."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": str(db.get("HOST") or ""),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": str(db.get("USER") or ""),
        "PGPASSWORD": str(db.get("PASSWORD") or ""),
        "PGDATABASE": str(db["NAME"]),
    }
    result = subprocess.run(
        [str(pg_program(program)), *args], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def pg_program(name: str) -> Path:
    """``pg_dump`` / ``pg_restore``: on PATH, else the newest in /usr/lib/postgresql/*/bin."""
    if found := shutil.which(name):
        return Path(found)
    candidates = sorted(
        PG_DIRS.glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise BackupError(
            f"{name} not found (PATH, /usr/lib/postgresql/*/bin): install PostgreSQL's client "
            "programs, on Debian: apt install postgresql-client"
        )
    return candidates[-1]

"""PostgreSQL databases made by a test for processes it starts, and dropped after it."""

from __future__ import annotations

import psycopg

ATTEMPTS = 3


def drop(admin: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    """Drop database ``name``: the test's own sessions on it ended first, then a plain ``DROP``.

    Not ``WITH (FORCE)``: it refuses to end an autovacuum worker's process unless the role is a
    superuser (CI's ``jixiao`` is not), while a plain ``DROP`` stops that worker itself and waits
    up to 5 s for the other sessions to go (tried again if one is still closing)."""
    for attempt in range(ATTEMPTS):
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND usename = current_user AND pid <> pg_backend_pid()",
            [name],
        )
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except psycopg.errors.ObjectInUse:
            if attempt == ATTEMPTS - 1:
                raise

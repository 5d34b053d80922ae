"""Imports one at a time (导入串行化): a commit that collides with another answers 409, not 500.

Within the server a process-wide lock lets one import transaction write at a time. Another process
(``jixiao import`` while the server runs) is waited for by the database: on SQLite each
transaction begins IMMEDIATE with a busy timeout (settings). What is left — the other import
stored the same file first, or the database stayed busy beyond the timeout — comes back as
:class:`ImportConflict`, with a message asking to preview again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, OperationalError
from django.utils.translation import gettext as _

_LOCK = threading.Lock()


class ImportConflict(Exception):
    """Another import wrote at the same time; nothing of this one was written."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Another import was being stored at the same time; nothing was written. "
                "Preview the files again."
            )
        )


@contextmanager
def one_import_at_a_time() -> Iterator[None]:
    """Hold the import lock around a commit (``jixiao.web.actions``); collisions: ImportConflict."""
    with _LOCK:
        try:
            yield
        except IntegrityError as exc:
            raise ImportConflict from exc
        except OperationalError as exc:
            if "locked" not in str(exc):  # SQLite: database is locked (busy beyond the timeout)
                raise
            raise ImportConflict from exc

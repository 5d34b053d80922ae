"""The web's door to the sandbox (:mod:`jixiao.ingest.sandbox`): uploads are read in a worker.

:func:`read` reads one file; :func:`batch` gives the workers that read the files of one batch
(the import preview), which end with it.

The budget comes from the settings ``JIXIAO_PARSE_SECONDS``, ``JIXIAO_PARSE_MEMORY_MB``,
``JIXIAO_PARSE_WORKERS`` and ``JIXIAO_PARSE_QUEUE``. :class:`CancelOnDisconnect` (middleware)
lets a read stop as soon as waitress sees that the client has gone away.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from jixiao.domain.model import Document
from jixiao.ingest.answers import Reviewed
from jixiao.ingest.report import FileReport
from jixiao.ingest.sandbox import Batch, Limits, read_untrusted

__all__ = ["CancelOnDisconnect", "Read", "Reviewed", "batch", "limits", "read"]

Read = tuple[list[Document], FileReport | None]

_disconnected: ContextVar[Callable[[], bool] | None] = ContextVar("disconnected", default=None)


def limits() -> Limits:
    """The sandbox budget of the settings (workers 0 or unset: one per CPU core)."""
    workers = settings.JIXIAO_PARSE_WORKERS or Limits().workers
    return Limits(
        seconds=settings.JIXIAO_PARSE_SECONDS,
        memory_mb=settings.JIXIAO_PARSE_MEMORY_MB,
        workers=workers,
        queue=settings.JIXIAO_PARSE_QUEUE,
    )


def read(name: str, data: bytes) -> Read:
    """The documents and report of an uploaded file, read in the sandbox (ReadError otherwise)."""
    return read_untrusted(name, data, limits(), _cancelled())


def batch() -> Batch:
    """The sandbox's workers for the files of one batch (a context manager: they end with it),
    cancelled when the client of the current request disconnects."""
    return Batch(limits(), _cancelled())


def _cancelled() -> Callable[[], bool]:
    return _disconnected.get() or (lambda: False)


class CancelOnDisconnect:
    """Middleware: the reads of a request stop when its client disconnects (waitress only)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _disconnected.set(request.META.get("waitress.client_disconnected"))
        try:
            return self.get_response(request)
        finally:
            _disconnected.reset(token)

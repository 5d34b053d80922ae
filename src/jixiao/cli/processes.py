"""Several web processes on one port (多进程): ``jixiao serve --processes N``.

waitress answers requests with threads of one Python process, so one process uses one core for
the Python part of a page. ``--processes N`` binds the port once and forks N copies of the server
that accept on the same socket (the kernel hands each new connection to one of them), as
gunicorn's pre-fork model does. The parent only watches: a copy that dies is started again, and
SIGTERM or SIGINT to the parent stops them all. The copies share nothing but the socket and the
database (the app keeps no local state, docs/deploy.md), so they behave like separate
``jixiao serve`` processes behind a load balancer.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable
from types import FrameType
from typing import NoReturn

__all__ = ["listen", "run"]

STOP_ALL = 2  # a copy's exit code that stops every copy (as ``jixiao serve`` exits with it)
_RESTART_PAUSE = 1.0  # seconds before a copy that died is started again (no busy loop)


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every copy accepts on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=1024)


def run(processes: int, serve_copy: Callable[[int], None]) -> int:
    """Fork ``processes`` copies, each running ``serve_copy(index)``; keep them alive until told
    to stop (0), or until a copy ends with :data:`STOP_ALL` (a configuration error every copy
    would meet: that code is returned). ``serve_copy`` does not return while the copy serves."""
    children: dict[int, int] = {}  # pid → index
    stopping, code = False, 0

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            _signal(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stdout.flush()  # else each copy would write out what the parent had buffered
    for index in range(processes):
        children[_fork(index, serve_copy)] = index
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        if pid not in children:
            continue
        index = children.pop(pid)
        if os.waitstatus_to_exitcode(status) == STOP_ALL and not stopping:
            code = STOP_ALL
            stop(signal.SIGTERM, None)
        elif not stopping:
            print(f"web process {index} (pid {pid}) ended; starting it again", file=sys.stderr)
            time.sleep(_RESTART_PAUSE)
            children[_fork(index, serve_copy)] = index
    return code


def _fork(index: int, serve_copy: Callable[[int], None]) -> int:
    pid = os.fork()
    if pid == 0:
        _copy(index, serve_copy)
    return pid


def _copy(index: int, serve_copy: Callable[[int], None]) -> NoReturn:
    """In the forked copy: serve until stopped, then end without running the parent's exit code."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 0
    try:
        serve_copy(index)
    except KeyboardInterrupt:
        pass
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # a copy reports and ends; the parent starts it again
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)

"""Reading untrusted files (不可信文件) in a sandbox: a worker process with a CPU and memory budget.

:func:`read_untrusted` reads one file in a child process forked from a server that has the readers
loaded (multiprocessing's ``forkserver``, so a fork costs milliseconds and never copies the web
server's threads), with the caller's registry of readers. The child limits itself with ``setrlimit``: ``RLIMIT_CPU`` (the kernel kills it
when its CPU time runs out), ``RLIMIT_AS`` (an allocation beyond the memory budget fails) and no
core dumps. The caller waits at most a wall-clock deadline (see :attr:`Limits.deadline`) and kills
the child when it passes or when ``cancelled()`` says the client went away. Every way the child
can fail comes back as a :class:`ReadError`; one over its budget says :data:`OVER_BUDGET`.

At most :attr:`Limits.workers` children run at once; further files wait for a free worker (排队中),
at most :attr:`Limits.queue` of them, and a file beyond that is refused at once (the web server's
threads stay free for everybody else). :func:`load` tells how many run and wait.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from jixiao.domain.model import Document
from jixiao.ingest import READERS, Reader, read_described
from jixiao.ingest.errors import OVER_BUDGET, ReadError
from jixiao.ingest.report import FileReport

__all__ = ["OVER_BUDGET", "Limits", "load", "read_untrusted"]

Result = tuple[list[Document], FileReport | None]
_POLL = 0.05  # seconds between looks at the child, the deadline and cancelled()


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Limits:
    """The budget of one file and the size of the pool (settings ``JIXIAO_PARSE_*``)."""

    seconds: float = 20  # CPU seconds per file
    memory_mb: int = 1024  # address space of the worker process
    workers: int = field(default_factory=_cores)  # files read at the same time
    queue: int = 4  # files waiting for a worker (排队中); more are refused

    @property
    def deadline(self) -> float:
        """Wall-clock seconds the caller waits for one file (CPU time plus room for a busy host)."""
        return 3 * self.seconds + 5


class _Pool:
    """Counts the running and waiting files; makes a file wait (排队中) for a free worker."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.running = 0
        self.waiting = 0

    def enter(self, name: str, limits: Limits, cancelled: Callable[[], bool]) -> None:
        with self._changed:
            if self.running >= limits.workers and self.waiting >= limits.queue:
                raise ReadError(name, "服务器繁忙：排队中的文件已满，请稍后再试")
            self.waiting += 1
            try:
                while self.running >= limits.workers:
                    if cancelled():
                        raise ReadError(name, "已取消（客户端已断开）")
                    self._changed.wait(_POLL)
            finally:
                self.waiting -= 1
            self.running += 1

    def leave(self) -> None:
        with self._changed:
            self.running -= 1
            self._changed.notify()


_POOL = _Pool()
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["jixiao.ingest"])


def load() -> tuple[int, int]:
    """(files being read, files waiting for a worker) in this process."""
    return _POOL.running, _POOL.waiting


def read_untrusted(
    name: str, data: bytes, limits: Limits, cancelled: Callable[[], bool] = lambda: False
) -> Result:
    """The documents of ``data`` (with their ids) and its reader's report, read in the sandbox.

    ReadError as :func:`jixiao.ingest.read_described`, or one saying :data:`OVER_BUDGET` when the
    read goes over ``limits`` (CPU time, memory or the wall-clock deadline).
    """
    _POOL.enter(name, limits, cancelled)
    try:
        return _run(name, data, limits, cancelled)
    finally:
        _POOL.leave()


def _run(name: str, data: bytes, limits: Limits, cancelled: Callable[[], bool]) -> Result:
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(
        target=_child,
        args=(name, data, limits, list(READERS), sender),
        name=f"jixiao-read {name}",
        daemon=True,
    )
    try:
        child.start()
    except OSError as exc:  # no process left (ulimit -u), no memory to fork
        receiver.close()
        raise ReadError(name, f"服务器繁忙：无法启动读取进程 ({exc.strerror or exc})") from exc
    finally:
        sender.close()
    try:
        outcome = _wait(name, receiver, child, limits, cancelled)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if isinstance(outcome, ReadError):
        raise outcome
    return outcome


def _wait(
    name: str,
    receiver: Connection,
    child: multiprocessing.process.BaseProcess,
    limits: Limits,
    cancelled: Callable[[], bool],
) -> Result | ReadError:
    """The child's answer; ReadError when it dies, overruns the deadline or the caller gives up."""
    end = time.monotonic() + limits.deadline
    while time.monotonic() < end:
        if cancelled():
            return ReadError(name, "已取消（客户端已断开）")
        if not wait([receiver, child.sentinel], _POLL):
            continue
        try:
            answer: Result | ReadError = receiver.recv()
        except (EOFError, OSError):  # the child died before or while answering: rlimits, a crash
            child.join()
            return _died(name, child.exitcode)
        return answer
    return ReadError(name, f"{OVER_BUDGET}（超过 {limits.deadline:g} 秒）")


def _died(name: str, exitcode: int | None) -> ReadError:
    """The error of a worker that ended without answer: over budget when the kernel killed it."""
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return ReadError(name, OVER_BUDGET)
    return ReadError(name, f"the reader process crashed (exit code {exitcode})")


def _child(
    name: str, data: bytes, limits: Limits, readers: list[Reader], sender: Connection
) -> None:
    """In the worker: apply the budget, read with the caller's readers, send back the answer.

    The readers come pickled by reference (module and class), so plug-in readers registered
    after the worker's server started are used too.
    """
    READERS[:] = readers
    seconds = max(1, math.ceil(limits.seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    answer: Result | ReadError
    try:
        answer = read_described(name, data)
    except ReadError as exc:
        answer = exc
    try:
        sender.send(answer)
    except MemoryError:
        sender.send(ReadError(name, f"{OVER_BUDGET} (out of memory)"))
    sender.close()

"""Reading untrusted files (不可信文件) in a sandbox: worker processes with a CPU and memory budget.

A :class:`Batch` reads the files of one batch (one preview: the upload page, ``POST /api/import``,
``jixiao import``) in at most :attr:`Limits.workers` long-lived worker processes, each forked from
a server that has the readers loaded (multiprocessing's ``forkserver``, so a fork costs
milliseconds and never copies the web server's threads) and reading many files in turn, with the
caller's registry of readers as it is when each file is sent. A worker limits itself with
``setrlimit``: ``RLIMIT_AS`` (an allocation beyond the memory budget fails), no core dumps, and
before each file ``RLIMIT_CPU``'s soft limit set to the CPU time it has used plus the file's
budget (the kernel kills it when that runs out). The caller waits at most a wall-clock deadline
per file (see :attr:`Limits.deadline`) and kills the worker when it passes or when
``cancelled()`` says the client went away. Every way a file can fail comes back as a
:class:`ReadError`; one over its budget says :data:`OVER_BUDGET`. A worker that dies or is killed
is replaced by a fresh one for the next file; a worker is retired after
:attr:`Limits.files_per_worker` files, after a file over budget, when its address space has grown
by more than the slack its memory limit has above the budget (so every file has at least the room
a fresh worker has), or when its lifetime CPU limit is near. The workers of a batch end with it.
:func:`read_untrusted` reads one file with a batch of one worker. :meth:`Batch.read_reviewed` also
has the worker review the documents it read by the single-document rules of a review profile,
within the same budget, and send the findings back with them as the plain rows the import stores
(:mod:`jixiao.domain.review.finding_row`: no model to rebuild in the caller; the import preview
runs only the cross-document rules itself); :meth:`Batch.read_pickled` gives that answer still pickled
(:class:`~jixiao.ingest.answers.Pickled`), for a caller whose reading threads should only carry files to the workers and
back (the thread is free for the next file at once; the answer is unpickled where it is used).
:meth:`Batch.read_digested` is that answer for a caller that stores nothing (the province
benchmark's parse stage): instead of the documents the worker sends what the cross-document rules
read of them, their digests (:mod:`jixiao.domain.review.digest`), with the single-document
findings as rows (:class:`~jixiao.ingest.answers.Digested`). What a worker makes of a file and
the forms its answer takes are :mod:`jixiao.ingest.answers`; this module is the processes, their
limits and the pool.

At most :attr:`Limits.workers` files are read at once in this process, whatever the batch; further
files wait for a free place (排队中), at most :attr:`Limits.queue` of them, and a file beyond that
is refused at once (the web server's threads stay free for everybody else). :func:`load` tells
how many are read and wait.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from types import TracebackType

from jixiao.domain.model import Document
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.registry import RULES
from jixiao.ingest import READERS
from jixiao.ingest.answers import Pickled, Reviewed, answered
from jixiao.ingest.errors import OVER_BUDGET, ReadError
from jixiao.ingest.report import FileReport

__all__ = ["OVER_BUDGET", "Batch", "Limits", "load", "read_untrusted", "start"]

Result = tuple[list[Document], FileReport | None]

_POLL = 0.05  # seconds between looks at the worker, the deadline and cancelled()
_EXITING = 5  # seconds a worker whose connection closed has to finish exiting
_CANCELLED = "已取消（客户端已断开）"
#: objects a worker allocates (net) before the youngest generation is collected: a file's documents
#: and findings are tens of thousands of objects alive until the answer is sent, which Python's
#: default (700) scans again and again as they grow (≈ 7% of a worker's CPU); cyclic garbage
#: waits for at most that many new objects
_YOUNGEST = 10_000


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Limits:
    """The budget of one file and the size of the pool (settings ``JIXIAO_PARSE_*``)."""

    seconds: float = 20  # CPU seconds per file
    memory_mb: int = 1024  # address space a file may use (the worker has 1/8 more, see slack)
    workers: int = field(default_factory=_cores)  # files read at the same time
    queue: int = 4  # files waiting for a worker (排队中); more are refused
    files_per_worker: int = 100  # files a worker reads before a fresh one takes its place

    @property
    def deadline(self) -> float:
        """Wall-clock seconds the caller waits for one file (CPU time plus room for a busy host)."""
        return 3 * self.seconds + 5

    @property
    def cpu_seconds(self) -> int:
        """The whole CPU seconds of a file's budget (RLIMIT_CPU counts whole seconds)."""
        return max(1, math.ceil(self.seconds))

    @property
    def slack_bytes(self) -> int:
        """Address space a worker has above the budget, for what earlier files left behind
        (fragmentation); it is retired once it has grown by more than this."""
        return self.memory_mb * 1024 * 1024 // 8

    @property
    def lifetime_cpu(self) -> int:
        """The hard RLIMIT_CPU of a worker (it can only be lowered): room for several files'
        budgets; the worker is retired when less than one budget is left."""
        return 4 * self.cpu_seconds + 2


class _Pool:
    """Counts the running and waiting files; makes a file wait (排队中) for a free place."""

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
                        raise ReadError(name, _CANCELLED)
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
#: the readers, the rules and what a worker does with each file, loaded once by the server
_CONTEXT.set_forkserver_preload(["jixiao.ingest", "jixiao.domain.review", "jixiao.ingest.answers"])


def start() -> None:
    """Start the server the workers are forked from, if it is not running, without waiting for it.

    Its start is a new interpreter that loads the readers and the rules (≈ 1 s, in its own
    process), which the first worker's start otherwise waits for, before any file is read:
    called early — a web process's warm-up, ``jixiao import`` before its migrations — it runs
    while the caller does the rest of its start."""
    forkserver.ensure_running()


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
    with Batch(limits, cancelled) as batch:
        return batch.read(name, data)


@dataclass(frozen=True)
class _Answer:
    """A worker's answer for one file: its error, or its :class:`Reviewed` (findings None when not
    asked for) pickled by the worker into one bytes blob, which the caller unpickles once the
    worker is given back (so the worker reads its next file meanwhile); and whether to retire
    the worker."""

    outcome: bytes | ReadError
    retire: bool


class _Worker:
    """The parent's handle of one worker process."""

    def __init__(self, limits: Limits) -> None:
        self.connection, theirs = _CONTEXT.Pipe(duplex=True)
        self.process = _CONTEXT.Process(
            target=_serve, args=(theirs, limits), name="jixiao-read", daemon=True
        )
        try:
            self.process.start()
        except BaseException:
            self.connection.close()
            raise
        finally:
            theirs.close()
        self.retired = False

    @property
    def pid(self) -> int:
        return self.process.pid or 0

    def read(
        self,
        name: str,
        data: bytes,
        limits: Limits,
        cancelled: Callable[[], bool],
        profile: Profile | None = None,
        digests: bool = False,
        sha256: str | None = None,
    ) -> _Answer | ReadError:
        """The worker's answer; ReadError when it dies, overruns the deadline or the caller gives
        up (then it is killed and retired)."""
        try:
            review = None if profile is None else (profile, tuple(RULES))
            self.connection.send((name, data, list(READERS), review, digests, sha256))
        except OSError:  # it died while idle
            return self._died(name)
        end = time.monotonic() + limits.deadline
        while time.monotonic() < end:
            if cancelled():
                self.stop()
                return ReadError(name, _CANCELLED)
            if not wait([self.connection, self.process.sentinel], _POLL):
                continue
            try:
                answer: _Answer = self.connection.recv()
            except (EOFError, OSError):  # it died before or while answering: rlimits, a crash
                return self._died(name)
            self.retired = self.retired or answer.retire
            return answer.outcome if isinstance(answer.outcome, ReadError) else answer
        self.stop()
        return ReadError(name, f"{OVER_BUDGET}（超过 {limits.deadline:g} 秒）")

    def _died(self, name: str) -> ReadError:
        """The error of a worker that ended without answer: over budget when the kernel killed
        it. Its end is awaited first (the connection closes before the exit status is known)."""
        self.process.join(_EXITING)
        self.stop()
        exitcode = self.process.exitcode
        if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            return ReadError(name, OVER_BUDGET)
        return ReadError(name, f"the reader process crashed (exit code {exitcode})")

    def stop(self) -> None:
        """End the worker now (an idle one holds nothing worth a goodbye) and wait for it."""
        self.retired = True
        self.connection.close()
        if self.process.exitcode is None:
            self.process.kill()
        self.process.join()


class Batch:
    """The sandbox's workers for one batch of files: use as a context manager; :meth:`read` may
    be called from several threads at once. ``pids`` lists every worker process started, in
    order (a replacement for a dead, killed or retired one included)."""

    def __init__(self, limits: Limits, cancelled: Callable[[], bool] = lambda: False) -> None:
        self.limits = limits
        self.cancelled = cancelled
        self.pids: list[int] = []
        self._idle: list[_Worker] = []
        self._busy = 0
        self._closed = False
        self._changed = threading.Condition()

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the idle workers; a worker still reading is stopped when its file is done."""
        with self._changed:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def read(self, name: str, data: bytes) -> Result:
        """The documents of ``data`` and its reader's report, read by one of the batch's workers
        (ReadError as :func:`read_untrusted`)."""
        reviewed = self._read(name, data, None).loads()
        return list(reviewed.documents), reviewed.report

    def read_reviewed(
        self, name: str, data: bytes, profile: Profile, sha256: str | None = None
    ) -> Reviewed:
        """:meth:`read`, and the worker reviews the documents by the single-document rules of
        ``profile`` right after reading them (within the file's budget): the findings come back
        with them, so the reviewing process runs only the cross-document rules
        (:func:`jixiao.domain.review.engine.review_across`; the findings come as their rows,
        :func:`jixiao.domain.review.engine.review_rows`: the rows of
        :func:`~jixiao.domain.review.engine.review_alone`'s findings, made without the findings'
        models). ``sha256``: the file's SHA-256 (hex)
        when the caller has it (the worker then identifies the documents by it, without
        hashing the file again)."""
        return self._read(name, data, profile, sha256=sha256).loads()  # the worker is free now

    def read_pickled(self, name: str, data: bytes, profile: Profile) -> Pickled:
        """:meth:`read_reviewed` without the unpickling: a reading thread that calls this gives
        the worker its next file at once, however busy the threads that unpickle the answers
        are (they share one interpreter lock with it)."""
        return self._read(name, data, profile)

    def read_digested(self, name: str, data: bytes, profile: Profile) -> Pickled:
        """:meth:`read_pickled` for a caller that stores nothing and only reviews: the answer
        (:meth:`Pickled.digested`) holds no document, only each one's digest
        (:mod:`jixiao.domain.review.digest`: what the cross-document rules read of it,
        :func:`jixiao.domain.review.engine.review_across`) with its single-document findings
        as rows — a fraction of the documents' pickled bytes and of their unpickling."""
        return self._read(name, data, profile, digests=True)

    def _read(
        self,
        name: str,
        data: bytes,
        profile: Profile | None,
        *,
        digests: bool = False,
        sha256: str | None = None,
    ) -> Pickled:
        _POOL.enter(name, self.limits, self.cancelled)
        try:
            worker = self._take(name)
            try:
                outcome = worker.read(
                    name, data, self.limits, self.cancelled, profile, digests, sha256
                )
            except BaseException:  # its answer may still be on the way: it cannot be reused
                worker.retired = True
                raise
            finally:
                self._give_back(worker)
        finally:
            _POOL.leave()
        if isinstance(outcome, ReadError):
            raise outcome
        assert not isinstance(outcome.outcome, ReadError)  # answered as an error above
        return Pickled(outcome.outcome)

    def _take(self, name: str) -> _Worker:
        """An idle worker, or a new one while the batch has fewer than ``workers``."""
        with self._changed:
            while True:
                if self._closed or self.cancelled():
                    raise ReadError(name, _CANCELLED)
                if self._idle or self._busy < self.limits.workers:
                    break
                self._changed.wait(_POLL)
            self._busy += 1
            if self._idle:
                return self._idle.pop()
        try:
            worker = _Worker(self.limits)
        except BaseException as exc:
            with self._changed:
                self._busy -= 1
                self._changed.notify()
            if isinstance(exc, OSError):  # no process left (ulimit -u), no memory to fork
                reason = exc.strerror or exc
                raise ReadError(name, f"服务器繁忙：无法启动读取进程 ({reason})") from exc
            raise
        with self._changed:
            self.pids.append(worker.pid)
        return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._changed:
            self._busy -= 1
            keep = not worker.retired and not self._closed
            if keep:
                self._idle.append(worker)
            self._changed.notify()
        if not keep:
            worker.stop()


def _address_space() -> int:
    """Bytes of address space this process has (what RLIMIT_AS limits); 0 where unknown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _lowered(limit: int, wanted: int) -> int:
    """Set ``limit`` (soft and hard) to ``wanted``, or to the hard limit the worker inherited
    when that is lower (it cannot be raised); the value set."""
    inherited = resource.getrlimit(limit)[1]
    value = wanted if inherited == resource.RLIM_INFINITY else min(wanted, inherited)
    resource.setrlimit(limit, (value, value))
    return value


def _serve(connection: Connection, limits: Limits) -> None:
    """In the worker: apply the budget, then read file after file until the batch closes the
    connection or the worker should retire.

    The readers come with each file, pickled by reference (module and class), so plug-in readers
    registered after the worker's server started are used too, and each file is read with the
    registry as it was when it was sent.
    """
    gc.freeze()  # what the forkserver loaded: never scanned (nor its pages copied) by collections
    gc.set_threshold(_YOUNGEST, *gc.get_threshold()[1:])
    hard = _lowered(resource.RLIMIT_CPU, limits.lifetime_cpu)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _lowered(resource.RLIMIT_AS, limits.memory_mb * 1024 * 1024 + limits.slack_bytes)
    start = _address_space()
    for files in range(1, limits.files_per_worker + 1):
        try:
            name, data, readers, review, digests, sha256 = connection.recv()
        except EOFError:  # the batch is over
            return
        READERS[:] = readers
        soft = min(math.ceil(_cpu_used() + limits.seconds), hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        try:
            outcome = answered(name, data, review, digests, sha256)
        except MemoryError:
            outcome = ReadError(name, f"{OVER_BUDGET} (out of memory)")
        del data
        retire = (
            files == limits.files_per_worker
            or (isinstance(outcome, ReadError) and OVER_BUDGET in outcome.message)
            or _address_space() - start > limits.slack_bytes
            or _cpu_used() + limits.cpu_seconds + 1 > hard
        )
        try:
            connection.send(_Answer(outcome, retire))
        except MemoryError:
            connection.send(_Answer(ReadError(name, f"{OVER_BUDGET} (out of memory)"), True))
            return
        del outcome
        if retire:
            return

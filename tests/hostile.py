"""Hostile input for the sandbox tests: a PDF that is slow to read, readers that misbehave, and
limits that wait for the CPU budget on a loaded host.

A module of its own (importable as ``hostile``: ``tests`` is on the path) because the sandbox's
worker imports plug-in readers by module name.
"""

from __future__ import annotations

import gc
import os
import signal
import time

from fpdf import FPDF

from jixiao.domain.model import Document
from jixiao.ingest import ReadError
from jixiao.ingest.sandbox import Limits


class Patient(Limits):
    """Limits whose wall-clock deadline is five minutes, whatever the CPU budget: for the tests
    that expect the CPU budget's own refusal (the kernel's ``RLIMIT_CPU``: ``OVER_BUDGET`` without
    the deadline's seconds). With the default deadline (3 × 1 s + 5 s) a CPU second that takes
    more than 8 s of wall — a host loaded ≥ 20 on 2 cores — meets the deadline first; ten busy
    processes on the worker's core made it meet a deadline of 60 s."""

    @property
    def deadline(self) -> float:
        return 300


def ruled_grid_pdf(lines: int = 200, step: float = 6.0) -> bytes:
    """A one-page PDF ruled with ``lines`` × ``lines`` lines: pdfplumber's table finder takes
    minutes over it (its cost grows with the fourth power of the lines), the file is 3 KB."""
    size = lines * step + 20
    pdf = FPDF(unit="pt", format=(size, size))
    pdf.add_page()
    pdf.set_line_width(0.5)
    for i in range(lines + 1):
        x = 10 + i * step
        pdf.line(x, 10, x, size - 10)
        pdf.line(10, x, size - 10, x)
    return bytes(pdf.output())


class HungryReader:
    """Allocates far more memory than any budget allows."""

    name = "hungry"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"HUNGRY")

    def read(self, name: str, data: bytes) -> list[Document]:
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))


class CrashingReader:
    """Dies of a segmentation fault, as a broken C extension would."""

    name = "crashing"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"CRASH")

    def read(self, name: str, data: bytes) -> list[Document]:
        os.kill(os.getpid(), signal.SIGSEGV)
        return []


class SleepyReader:
    """Waits without using CPU time, as a reader stuck on a lock or a pipe would: only the
    wall-clock deadline stops it."""

    name = "sleepy"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"SLEEPY")

    def read(self, name: str, data: bytes) -> list[Document]:
        time.sleep(3600)
        return []


class PidReader:
    """Answers every file with an error naming the process that read it (``pid 1234``): which
    worker read which file, seen from inside the worker."""

    name = "pid"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"PID")

    def read(self, name: str, data: bytes) -> list[Document]:
        raise ReadError(name, f"pid {os.getpid()}")


def reader_pid(error: ReadError) -> int:
    """The pid in a :class:`PidReader`'s error."""
    assert error.message.startswith("pid "), error.message
    return int(error.message.removeprefix("pid "))


class CollectorReader:
    """Answers every file (``GC…``) with an error giving the worker's collector settings
    (``gc True 10000 10 10``: enabled, then the three thresholds)."""

    name = "gc"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"GC")

    def read(self, name: str, data: bytes) -> list[Document]:
        raise ReadError(name, " ".join(map(str, ("gc", gc.isenabled(), *gc.get_threshold()))))


class BusyReader:
    """Uses the CPU seconds the file names (``BUSY 0.6``), then answers like :class:`PidReader`."""

    name = "busy"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"BUSY")

    def read(self, name: str, data: bytes) -> list[Document]:
        end = time.process_time() + float(data.split()[1])
        while time.process_time() < end:
            pass
        raise ReadError(name, f"pid {os.getpid()}")


_HOARD: list[bytearray] = []


class HoardingReader:
    """Keeps the megabytes the file names (``HOARD 80``) in a module-level list, as a leaking
    reader would, then answers like :class:`PidReader`."""

    name = "hoarding"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"HOARD")

    def read(self, name: str, data: bytes) -> list[Document]:
        _HOARD.append(bytearray(int(data.split()[1]) * 1024 * 1024))
        raise ReadError(name, f"pid {os.getpid()}")

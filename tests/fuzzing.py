"""Seeded mutations of the reader fixtures: random bytes, zip members, XML, PDF streams and numbers.

Used by ``tests/ingest/test_fuzz.py`` (a few seconds per fixture) and, to hunt for crashers, run
directly::

    python tests/fuzzing.py --seconds 300 --save tests/data/crashers

``.ci/run`` runs it with ``--volume --jobs 2`` at low priority beside the test suite: each
fixture gets :data:`VOLUME` mutations in all (the suite's :data:`CASES` and the rest here); the
exit status is 1 when any case crashed a reader.

A *crash* is an exception that reached the reader registry's guard (logged by ``jixiao.ingest``
and turned into a generic ReadError) or, worse, escaped it; ``--save`` keeps each such file
(named by its digest, with the fixture's suffix) as a regression case.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import io
import logging
import math
import multiprocessing
import random
import re
import resource
import signal
import sys
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from jixiao.demo import SEEDS
from jixiao.ingest import ReadError, read_described

DATA = Path(__file__).parent / "data"
FIXTURES = sorted((DATA / "office").iterdir()) + sorted(SEEDS.glob("*.txt"))
CRASHERS = DATA / "crashers"
SLOW = 2.0  # CPU seconds: a case slower than this is left to the sandbox's CPU budget
_LIBRARIES = ("pdfminer", "pdfplumber", "openpyxl", "docx", "xlrd", "olefile")

#: mutations per fixture in one run of the suite, by format (× ``JIXIAO_FUZZ_SCALE``): about a
#: minute of CPU for all fixtures (a PDF read costs ~50 ms, an .xls ~2 ms; docs/readers.md)
CASES = {".pdf": 20, ".docx": 100, ".xlsx": 300, ".xls": 500, ".txt": 500}
#: mutations per fixture in one CI run, the suite's :data:`CASES` included (``--volume``)
#: (lowered in session 14: at the earlier 1,000 / 1,000 / 3,000 / 3,000 / 3,000 the step took
#: 1,832 CPU-s of a 37-minute CI run, 1,153 of them on the eight PDFs; docs/security.md)
VOLUME = {".pdf": 300, ".docx": 500, ".xlsx": 2000, ".xls": 2000, ".txt": 3000}

Mutator = Callable[[random.Random, bytes], bytes]
_INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF]
_NUMBER = re.compile(rb"\d+(?:\.\d+)?")
_TAG = re.compile(rb"<[^<>]{1,200}>")
_ATTRIBUTE = re.compile(rb'="[^"]{0,100}"')
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_WEIRD = [b"", b"-1", b"0", b"99999999999", b"A0", b"ZZZ1048577", b"1e400", b"\xe2\x80\xae", b"&"]


# --- bytes -------------------------------------------------------------------------------------


def flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def interesting(rng: random.Random, data: bytes) -> bytes:
    width = rng.choice([1, 2, 4])
    value = rng.choice(_INTERESTING) & ((1 << (8 * width)) - 1)
    at = rng.randrange(max(1, len(data) - width))
    return data[:at] + value.to_bytes(width, "little") + data[at + width :]


def splice(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def cut(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 512) :]


def repeat(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    piece = data[at : at + rng.randint(1, 512)]
    return data[:at] + piece * rng.randint(2, 8) + data[at:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    """The first 1 to len − 1 bytes (a byte an earlier mutation left alone stays: CI seed 268396146)."""
    return data[: rng.randrange(1, len(data))] if len(data) > 1 else data


BYTES: list[Mutator] = [flip, interesting, splice, cut, repeat, truncate]


def any_bytes(rng: random.Random, data: bytes) -> bytes:
    return rng.choice(BYTES)(rng, data) if data else data


# --- text: XML parts, PDF objects, seed lines --------------------------------------------------


def edit_tag(rng: random.Random, text: bytes) -> bytes:
    """Delete, duplicate or garble one tag (unbalanced XML, an element twice, a bad name)."""
    tags = list(_TAG.finditer(text))
    if not tags:
        return any_bytes(rng, text)
    tag = rng.choice(tags)
    replacement = rng.choice([b"", tag.group() * 2, tag.group()[: rng.randint(1, 8)], b"<x:y>"])
    return text[: tag.start()] + replacement + text[tag.end() :]


def edit_attribute(rng: random.Random, text: bytes) -> bytes:
    """One attribute value replaced by an odd one (cell refs, indexes, sizes)."""
    values = list(_ATTRIBUTE.finditer(text))
    if not values:
        return any_bytes(rng, text)
    value = rng.choice(values)
    return text[: value.start()] + b'="' + rng.choice(_WEIRD) + b'"' + text[value.end() :]


def edit_number(rng: random.Random, text: bytes) -> bytes:
    """One number (an offset, a length, a count, a coordinate) replaced by an odd one."""
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return any_bytes(rng, text)
    number = rng.choice(numbers)
    odd = rng.choice([b"0", b"-1", b"4294967296", b"99999999999999999999", b"1.5", b"-0.0"])
    return text[: number.start()] + odd + text[number.end() :]


def swap_lines(rng: random.Random, text: bytes) -> bytes:
    lines = text.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


TEXT: list[Mutator] = [edit_tag, edit_attribute, edit_number, any_bytes]


# --- containers --------------------------------------------------------------------------------


def rezip(rng: random.Random, data: bytes) -> bytes:
    """The zip with one member mutated (XML edits or bytes), dropped or truncated, re-packed."""
    members = _members(data)
    if not members:
        return any_bytes(rng, data)  # an earlier mutation broke the archive, or it is empty
    victim = rng.randrange(len(members))
    action = rng.random()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # stored: cheap to write
        for i, (member, content) in enumerate(members):
            if i == victim:
                if action < 0.1:
                    continue
                content = rng.choice(TEXT)(rng, content) if content else content
            archive.writestr(member, content)
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _members(data: bytes) -> tuple[tuple[str, bytes], ...]:
    """The members of a zip (inflated once per fixture, not once per case); () when broken.

    An earlier mutation can break the archive in any way zipfile notices (BadZipFile, zlib.error,
    RuntimeError for a member flagged as encrypted, struct.error, KeyError …): every one of them
    means "no members", and the case falls back to byte mutations.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return tuple((info.filename, archive.read(info)) for info in archive.infolist())
    except Exception:
        return ()


def restream(rng: random.Random, data: bytes) -> bytes:
    """A PDF with one stream's content mutated (inflated and deflated again when it was)."""
    streams = list(_STREAM.finditer(data))
    if not streams:
        return any_bytes(rng, data)
    stream = rng.choice(streams)
    raw = stream.group(1)
    try:
        content = zlib.decompress(raw)
    except zlib.error:
        mutated = any_bytes(rng, raw)
    else:
        mutated = zlib.compress(rng.choice(TEXT)(rng, content))
    return data[: stream.start(1)] + mutated + data[stream.end(1) :]


def mutators(path: Path) -> list[Mutator]:
    """The mutations that fit a fixture: structural ones for its format, bytes for all."""
    head = path.read_bytes()[:8]
    if head.startswith(b"PK"):
        return [any_bytes, rezip, rezip, rezip]
    if head.startswith(b"%PDF"):
        return [any_bytes, restream, restream, edit_number, edit_tag]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return [any_bytes, interesting, interesting]
    return [any_bytes, swap_lines, edit_number]


# --- running -----------------------------------------------------------------------------------


class Slow(BaseException):
    """A case over :data:`SLOW` CPU seconds (a BaseException: the registry's guard lets it pass)."""


class _Unexpected(logging.Handler):
    """The exceptions the registry's guard caught (it logs each one): type and deepest frame."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(signature(record.exc_info[1] if record.exc_info else None))


def signature(exc: BaseException | None) -> str:
    """Where an exception was raised: its type and the innermost frame (one crasher per place)."""
    if exc is None:
        return "?"
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else "?"
    return f"{type(exc).__name__} at {where}"


@dataclass
class Outcome:
    cases: int = 0
    refused: int = 0  # ReadError with a reader's own message
    guarded: dict[str, bytes] = field(default_factory=dict)  # caught by the guard, by signature
    escaped: dict[str, bytes] = field(default_factory=dict)  # not even a ReadError, by signature
    slow: int = 0
    seconds: float = 0.0  # CPU time spent (of this process: other load counts less)

    @property
    def rate(self) -> float:
        """Cases per CPU second (the throughput of mutating and reading this fixture)."""
        return self.cases / self.seconds if self.seconds else 0.0


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Slow


def cases(path: Path, seed: int) -> Iterator[bytes]:
    """Endless seeded mutations of the fixture at ``path`` (one to three stacked)."""
    rng = random.Random(f"{seed}:{path.name}")
    data = path.read_bytes()
    chosen = mutators(path)
    while True:
        mutated = data
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            mutated = rng.choice(chosen)(rng, mutated) if mutated else data
        yield mutated


def fuzz(path: Path, limit: int | None = None, seed: int = 0, seconds: float = math.inf) -> Outcome:
    """Read ``limit`` mutations of ``path`` (or as many as fit in ``seconds``), in this process.

    Each read runs under a CPU-time interval timer of :data:`SLOW` seconds (a case over it
    counts as slow: the sandbox's CPU budget is for those); the libraries' own warning logs are
    muted, as writing them costs more than many reads.
    """
    outcome = Outcome()
    unexpected = _Unexpected()
    logger = logging.getLogger("jixiao.ingest")
    logger.addHandler(unexpected)
    previous = signal.signal(signal.SIGPROF, _alarm)
    start, cpu = time.monotonic(), time.process_time()
    try:
        with _quiet_libraries():
            for data in cases(path, seed):
                if time.monotonic() - start >= seconds or outcome.cases == limit:
                    break
                _one(path.name, data, outcome, unexpected)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        logger.removeHandler(unexpected)
        outcome.seconds = time.process_time() - cpu
    return outcome


@contextlib.contextmanager
def _quiet_libraries() -> Iterator[None]:
    """Warnings off, and the loggers of the parsing libraries (pdfminer's above all) silenced."""
    loggers = [logging.getLogger(name) for name in _LIBRARIES]
    levels = [lg.level for lg in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl and pdfminer warn about what they repair
        for lg in loggers:
            lg.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            for lg, level in zip(loggers, levels, strict=True):
                lg.setLevel(level)


def _one(name: str, data: bytes, outcome: Outcome, unexpected: _Unexpected) -> None:
    outcome.cases += 1
    before = len(unexpected.seen)
    try:
        _timed(name, data)
    except ReadError:
        if len(unexpected.seen) > before:
            outcome.guarded.setdefault(unexpected.seen[-1], data)
        else:
            outcome.refused += 1
    except Slow:
        outcome.slow += 1
    except Exception as exc:
        outcome.escaped.setdefault(signature(exc), data)


def _timed(name: str, data: bytes) -> None:
    """One read under the :data:`SLOW` timer, disarmed before any handler of its outcome runs."""
    signal.setitimer(signal.ITIMER_PROF, SLOW)
    try:
        read_described(name, data)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def save(path: Path, data: bytes, directory: Path) -> Path:
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = directory / f"{path.stem}-{digest}{path.suffix}"
    target.write_bytes(data)
    return target


def main() -> None:
    args = _arguments()
    logging.getLogger("jixiao.ingest").propagate = False
    fixtures = [p for p in FIXTURES if not args.only or p.name in args.only]
    plan = [(p, _wanted(p, args), args.seed, args.seconds) for p in fixtures]
    # the longest first, so that the processes end together
    plan.sort(key=lambda job: -(job[1] or 0) / RATE[job[0].suffix])
    print(f"seed {args.seed} (--seed {args.seed} replays), {len(plan)} fixtures", flush=True)
    crashed, pending = 0, {job[0].name for job in plan}
    # a process that dies (a signal: CPython crashed once under the address-space limit after
    # twenty minutes of fixtures) breaks the pool and ends the run with the fixtures to replay,
    # instead of leaving its fixture waiting for ever as multiprocessing.Pool did
    with ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        try:
            futures = [pool.submit(_run, job) for job in plan]
            for path, outcome in map(Future.result, as_completed(futures)):
                pending.discard(path.name)
                crashed += _print(path, outcome, args)
        except BrokenProcessPool:
            names = " ".join(sorted(pending))
            print(f"a fuzzing process died; replay: --seed {args.seed} --only {names}", flush=True)
            crashed += 1
    sys.exit(1 if crashed else 0)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="per fixture")
    parser.add_argument("--cases", type=int, help="per fixture (instead of --seconds)")
    parser.add_argument(
        "--volume", action="store_true", help="per fixture VOLUME less the suite's CASES"
    )
    parser.add_argument("--seed", type=int, default=random.SystemRandom().randrange(10**9))
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these fixtures only")
    parser.add_argument("--jobs", type=int, default=1, help="processes (fixtures in parallel)")
    parser.add_argument("--save", type=Path, help="keep crashers here")
    return parser.parse_args()


def _wanted(path: Path, args: argparse.Namespace) -> int | None:
    if args.volume:
        return VOLUME[path.suffix] - CASES[path.suffix]
    cases: int | None = args.cases
    return cases


#: rough cases per CPU second by format (docs/readers.md), to start the longest jobs first
RATE = {".pdf": 20, ".docx": 100, ".xlsx": 300, ".xls": 400, ".txt": 500}


#: address space of a fuzzing process, as the sandbox's (``Limits.memory_mb``): a mutant that
#: asks for more gets a MemoryError (a ReadError at the guard) instead of the machine's memory
MEMORY = 1024 * 1024 * 1024


def _run(job: tuple[Path, int | None, int, float]) -> tuple[Path, Outcome]:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    path, wanted, seed, seconds = job
    return path, fuzz(path, wanted, seed, math.inf if wanted else seconds)


def _print(path: Path, outcome: Outcome, args: argparse.Namespace) -> int:
    """One fixture's line (and its crashers, saved with ``--save``); the number of crashers."""
    crashers = {**outcome.guarded, **outcome.escaped}
    total = f" (+{CASES[path.suffix]} in the suite)" if args.volume else ""
    print(
        f"{path.name}: {outcome.cases} cases{total}, {outcome.refused} refused, "
        f"{len(outcome.guarded)} caught by the guard, {len(outcome.escaped)} escaped, "
        f"{outcome.slow} slow; {outcome.rate:.0f} cases/s, {outcome.seconds:.0f} s CPU",
        flush=True,
    )
    for where, data in crashers.items():
        kept = f" → {save(path, data, args.save)}" if args.save else ""
        print(f"  {where}{kept}", flush=True)
    if crashers:
        print(
            f"  replay: python tests/fuzzing.py --seed {args.seed} --cases {outcome.cases} "
            f"--only {path.name} --save tests/data/crashers",
            flush=True,
        )
    return len(crashers)


if __name__ == "__main__":
    main()

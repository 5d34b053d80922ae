"""The sandbox's cost per file: one worker process per file against a batch's long-lived workers.

Reads the province corpus (``province.py``'s generator: 34-table files and one-document
self-evaluations) four ways and prints wall time per file, the ratio to reading in process, and the CPU per file of every
process involved (this one and the workers, which the forkserver reaps: steadier than wall time
on a shared machine):

- in process (``read_described``, no sandbox): the floor;
- one file at a time, each with ``read_untrusted`` (a worker process started for the file);
- one file at a time through one ``Batch`` (one long-lived worker);
- ``Limits().workers`` threads each calling ``read_untrusted`` (the import preview before batches);
- as the import preview does: ``Limits().workers`` threads over one ``Batch``.

    python benchmarks/sandbox_bench.py [--tables 1000]

Run under ``nice`` on a shared machine; the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from province import province_corpus

from jixiao.ingest import read_described
from jixiao.ingest.sandbox import Batch, Limits, read_untrusted


def cpu() -> float:
    """CPU seconds of this process and of the sandbox's workers that have ended (the
    forkserver reaps them: its children's time)."""
    from multiprocessing import forkserver

    own = time.process_time()
    pid = forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return own + (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``run()``."""
    wall, used = time.perf_counter(), cpu()
    run()
    return time.perf_counter() - wall, cpu() - used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=1000)
    args = parser.parse_args()
    # as under the ``jixiao`` script: the workers do not import this script again (25 ms each)
    sys.modules["__main__"].__spec__ = importlib.util.find_spec("jixiao.__main__")
    limits = Limits()
    with tempfile.TemporaryDirectory() as tmp:
        paths = province_corpus(Path(tmp), args.tables)
        files = [(p.name, p.read_bytes()) for p in paths]
    read_untrusted(*files[0], limits)  # start the forkserver

    def each(read: Callable[[str, bytes], object]) -> Callable[[], None]:
        return lambda: [read(name, data) for name, data in files] and None

    def one_batch(workers: int) -> None:
        with Batch(replace(limits, workers=workers)) as batch:
            if workers == 1:
                each(batch.read)()
            else:
                with ThreadPoolExecutor(workers) as pool:
                    list(pool.map(lambda file: batch.read(*file), files))
        started.append(len(batch.pids))

    def per_file_threads() -> None:
        with ThreadPoolExecutor(limits.workers) as pool:
            list(pool.map(lambda file: read_untrusted(*file, limits), files))

    started: list[int] = []
    rows = [
        ("in process (no sandbox)", *timed(each(read_described))),
        ("a worker process per file", *timed(each(lambda n, d: read_untrusted(n, d, limits)))),
        ("one batch, one worker", *timed(lambda: one_batch(1))),
        (f"a process per file, {limits.workers} threads", *timed(per_file_threads)),
        (f"one batch, {limits.workers} workers", *timed(lambda: one_batch(limits.workers))),
    ]
    floor = rows[0][1]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{len(files)} files, {args.tables} tables; load average {load}; "
        f"workers started by the batches: {started}"
    )
    print("| way | wall | per file | × in process | CPU per file (all processes) |")
    print("|---|---|---|---|---|")
    for way, seconds, used in rows:
        per_file = seconds / len(files) * 1000
        print(
            f"| {way} | {seconds:.2f} s | {per_file:.1f} ms | {seconds / floor:.1f} | "
            f"{used / len(files) * 1000:.1f} ms |"
        )


if __name__ == "__main__":
    main()

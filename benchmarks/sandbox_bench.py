"""The sandbox's cost per file: one worker process per file against a batch's long-lived workers.

Reads the province corpus (``province.py``'s generator: 34-table files and one-document
self-evaluations) four ways and prints wall time per file and the ratio to reading in process:

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
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from province import province_corpus

from jixiao.ingest import read_described
from jixiao.ingest.sandbox import Batch, Limits, read_untrusted


def timed(files: list[tuple[str, bytes]], read: Callable[[str, bytes], object]) -> float:
    start = time.perf_counter()
    for name, data in files:
        read(name, data)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=1000)
    args = parser.parse_args()
    limits = Limits()
    with tempfile.TemporaryDirectory() as tmp:
        paths = province_corpus(Path(tmp), args.tables)
        files = [(p.name, p.read_bytes()) for p in paths]
    read_untrusted(*files[0], limits)  # start the forkserver
    rows = [
        ("in process (no sandbox)", timed(files, read_described)),
        ("a worker process per file", timed(files, lambda n, d: read_untrusted(n, d, limits))),
    ]
    with Batch(Limits(workers=1)) as batch:
        rows.append(("one batch, one worker", timed(files, batch.read)))
    with ThreadPoolExecutor(limits.workers) as pool:
        start = time.perf_counter()
        list(pool.map(lambda file: read_untrusted(*file, limits), files))
        rows.append((f"a process per file, {limits.workers} threads", time.perf_counter() - start))
    with Batch(limits) as batch, ThreadPoolExecutor(limits.workers) as pool:
        start = time.perf_counter()
        list(pool.map(lambda file: batch.read(*file), files))
        parallel = time.perf_counter() - start
    rows.append((f"one batch, {limits.workers} workers ({len(batch.pids)} started)", parallel))
    floor = rows[0][1]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{len(files)} files, {args.tables} tables; load average {load}")
    print("| way | wall | per file | × in process |")
    print("|---|---|---|---|")
    for way, seconds in rows:
        per_file = seconds / len(files) * 1000
        print(f"| {way} | {seconds:.2f} s | {per_file:.1f} ms | {seconds / floor:.1f} |")


if __name__ == "__main__":
    main()

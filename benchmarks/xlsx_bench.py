"""Reading a large .xlsx in process: CPU seconds per MB, split into the sheet cells and the rest.

Builds workbooks of the given sizes (``stacked.xlsx`` copied sheet by sheet, as in
preview_bench.py) and reads each with :func:`jixiao.ingest.read_described` (best of
``--repeat``, CPU time of this process, so other load on the machine counts less). ``grids`` is
openpyxl's streaming read and the merged ranges; the rest is finding the tables and their rows.
The last column is the ratio of seconds per MB against the smallest size (1.0 = linear).

    python benchmarks/xlsx_bench.py [--sizes 0.5 1 2] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from preview_bench import workbook

from jixiao.ingest import read_described
from jixiao.ingest.xlsx import grids


def cpu(work: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``work``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    args = parser.parse_args()
    first = None
    for size in args.sizes:
        data = workbook(size)
        megabytes = len(data) / 1e6
        total = cpu(partial(read_described, "bench.xlsx", data), args.repeat)
        cells = cpu(partial(grids, "bench.xlsx", data), args.repeat)
        per_mb = total / megabytes
        first = first or per_mb
        print(
            f"{megabytes:5.2f} MB  read {total:6.2f} s  (cells {cells:5.2f} s, "
            f"tables {total - cells:5.2f} s)  {per_mb:5.2f} s/MB  ×{per_mb / first:4.2f}",
            flush=True,
        )
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(read_described, "bench.xlsx", data)
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()

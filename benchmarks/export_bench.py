"""Export 1,000 target tables to one .xlsx (a sheet per table), with time and peak memory.

The tables are the 34 of seed 000, repeated with unique project names until there are
``--tables`` of them. The benchmark times laying out and writing the workbook, then reads it
back with jixiao's reader to check that every table is in it (not timed).

    python benchmarks/export_bench.py [--tables 1000] [--keep out.xlsx]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from jixiao.demo import SEEDS
from jixiao.domain.model import Project, TargetTable
from jixiao.export import write
from jixiao.ingest import read_bytes, read_path

SEED = SEEDS / "000_c59c10b86de5a10a.txt"


def tables(count: int) -> list[TargetTable]:
    seed = [d for d in read_path(SEED) if isinstance(d, TargetTable)]
    return [
        seed[i % len(seed)].model_copy(
            update={"project": Project(name=f"{seed[i % len(seed)].project.name}（第{i}号）")}
        )
        for i in range(count)
    ]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the workbook here")
    args = parser.parse_args()
    documents = tables(args.tables)
    before = peak_rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    data = write(documents, "xlsx")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = peak_rss_mb()
    indicators = sum(len(d.indicators) for d in documents)
    print(
        f"{len(documents)} tables ({indicators} indicators) → one .xlsx of {len(data) / 1e6:.1f} MB"
    )
    print(
        f"time {seconds:.1f} s wall, {cpu:.1f} s CPU ({cpu / len(documents) * 1000:.1f} ms per table)"
    )
    print(f"peak memory {after:.0f} MB (before writing {before:.0f} MB)")
    if args.keep:
        args.keep.write_bytes(data)
    back = read_bytes("bench.xlsx", data)
    assert len(back) == len(documents), (len(back), len(documents))
    print(f"read back: {len(back)} tables")


if __name__ == "__main__":
    main()

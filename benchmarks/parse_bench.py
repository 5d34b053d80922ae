"""Parse a province-scale corpus: the seed target tables replicated to about 50,000 tables.

Each replica file is seed 000 (34 tables) with the project names made unique and every number in
the value cells varied, so the notation parser's cache sees a realistic mix of new and repeated
values. The benchmark times reading + parsing + notation, one file at a time, and compares it with
the floor: reading the same bytes and splitting them into lines. Peak memory is sampled after each
quarter of the files to show that it stays flat in the number of files.

    python benchmarks/parse_bench.py [--tables 50000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import tempfile
import time
from pathlib import Path

from jixiao.demo import SEEDS
from jixiao.ingest import read_path

SEED = SEEDS / "000_c59c10b86de5a10a.txt"
TABLES_PER_FILE = 34
_VALUE_NUMBER = re.compile(r"^(\t[≥≤<>约]?)(\d+)", re.MULTILINE)
_TITLE = re.compile(r"^(\s*\[bookmark:[^\]]*\]\d+\.)(.*)$", re.MULTILINE)


def make_corpus(directory: Path, tables: int, seed: int = 2025) -> list[Path]:
    """Write replicas of seed 000 until ``tables`` tables exist; return the file paths."""
    rng = random.Random(seed)
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(-(-tables // TABLES_PER_FILE)):
        replica = _TITLE.sub(lambda m, i=i: f"{m[1]}第{i}批{m[2]}", text)
        replica = _VALUE_NUMBER.sub(
            lambda m: f"{m[1]}{rng.randint(1, 9) * int(m[2]) or 1}", replica
        )
        path = directory / f"replica_{i:05d}.txt"
        path.write_text(replica, encoding="utf-8")
        paths.append(path)
    return paths


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        path.read_bytes().decode("utf-8").split("\n")
    return time.perf_counter() - start


def parse(paths: list[Path]) -> tuple[float, int, int, list[float]]:
    tables = indicators = 0
    memory = []
    quarter = max(1, len(paths) // 4)
    start = time.perf_counter()
    for n, path in enumerate(paths, start=1):
        for document in read_path(path):
            tables += 1
            indicators += len(document.indicators)
        if n % quarter == 0:
            memory.append(peak_rss_mb())
    return time.perf_counter() - start, tables, indicators, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        paths = make_corpus(directory, args.tables)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        floor_seconds = floor(paths)
        seconds, tables, indicators, memory = parse(paths)
    print(
        f"corpus        {len(paths)} files, {tables} tables, {indicators} indicators, {size_mb:.1f} MB"
    )
    print(
        f"parse         {seconds:.2f} s: {tables / seconds:,.0f} tables/s, {size_mb / seconds:.2f} MB/s"
    )
    print(
        f"floor         {floor_seconds:.2f} s: {size_mb / floor_seconds:.1f} MB/s (read + split lines)"
    )
    print(f"ratio         parse takes {seconds / floor_seconds:.0f}× the floor")
    print(
        "peak RSS MB   "
        + " → ".join(f"{m:.0f}" for m in memory)
        + " (after each quarter of the files)"
    )


if __name__ == "__main__":
    main()

"""How long the review of all four seeds together takes (reading excluded).

Run: `.venv/bin/python benchmarks/review_bench.py`.

Prints the best and median of several runs; the target is well under a second.
"""

from __future__ import annotations

import statistics
import time

from jixiao.demo import SEEDS
from jixiao.domain.review import load_profile, review
from jixiao.ingest import read_path

RUNS = 20


def main() -> None:
    documents = [d for path in sorted(SEEDS.glob("*.txt")) for d in read_path(path)]
    profile = load_profile("tianjin")
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        findings = review(documents, profile)
        timings.append(time.perf_counter() - start)
    print(
        f"review of {len(documents)} documents: {len(findings)} findings; "
        f"best {min(timings) * 1000:.1f} ms, median {statistics.median(timings) * 1000:.1f} ms "
        f"over {RUNS} runs"
    )


if __name__ == "__main__":
    main()

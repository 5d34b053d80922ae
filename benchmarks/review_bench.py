"""How long review takes: the four seeds together, then 1,000 and 5,000 tables (reading excluded).

Run: `.venv/bin/python benchmarks/review_bench.py`.

Prints the best and median of several runs of the seeds (target: well under a second), then the
time per table for batches of 1,000 and 5,000 tables built from the seeds' target tables (with one
self-evaluation per ten tables, so the cross-document rules APP-02/03 have work): the time per
table should stay flat, i.e. review is linear in the number of documents. Each batch is reviewed
once more in one worker process per core (``review(…, workers=N)``; below 2,000 documents that
runs in the process itself).
"""

from __future__ import annotations

import os
import statistics
import time

from jixiao.demo import SEEDS
from jixiao.domain.model import Department, Document, SelfEvaluation
from jixiao.domain.review import load_profile, review
from jixiao.ingest import read_path

RUNS = 20
BATCHES = (1000, 5000)
WORKERS = os.cpu_count() or 1


def batch(documents: list[Document], size: int) -> list[Document]:
    """``size`` target tables copied from the seeds, one department per ten tables."""
    tables = [d for d in documents if not isinstance(d, SelfEvaluation)]
    evaluations = [d for d in documents if isinstance(d, SelfEvaluation)]
    out: list[Document] = []
    for i in range(size):
        department = Department(code=f"{100 + i // 10:03d}101", name=f"单位{i // 10}")
        out.append(tables[i % len(tables)].model_copy(update={"department": department}))
        if i % 10 == 0:
            out.append(evaluations[0].model_copy(update={"department": department}))
    return out


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
    for size in BATCHES:
        docs = batch(documents, size)
        start, cpu = time.perf_counter(), time.process_time()
        findings = review(docs, profile)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        same = review(docs, profile, workers=WORKERS) == findings
        parallel = time.perf_counter() - start
        print(
            f"{size} tables + {len(docs) - size} self-evaluations: {len(findings)} findings in "
            f"{elapsed:.2f} s = {elapsed / size * 1000:.2f} ms per table (CPU {cpu:.2f} s); "
            f"in {WORKERS} worker processes {parallel:.2f} s"
            + ("" if same else " — DIFFERENT FINDINGS")
        )


if __name__ == "__main__":
    main()

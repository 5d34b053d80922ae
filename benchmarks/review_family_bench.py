"""How the review's time per table grows with the size of one department family (部门家族).

The year's review (重新审核) reviews a family at a time: its target tables with its last-year
self-evaluations, which the 历史标准 rules APP-02/03 match each table's rows against. This
reviews one family of N tables (replicas of seed 000, benchmarks/parse_bench.py's generator:
unique project names, varied numbers) with N/34 last-year self-evaluations (seed 001, one per
unit; ``--varied``: its numbers varied too, else identical copies as in the province clone) and
prints the CPU per table — flat when the review is linear in the family's size — and an MD5 of
the findings (the same before and after a change to the review that must not change them).

    python benchmarks/review_family_bench.py [500 1000 2000 4000] [--varied]
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from parse_bench import _VALUE_NUMBER, TABLES_PER_FILE, make_corpus

from jixiao.demo import SEEDS
from jixiao.domain.model import Department, Document
from jixiao.domain.review import load_profile, review
from jixiao.ingest import read_path

EVALUATION = SEEDS / "001_eb7a6641e668a5f6.txt"


def unit(i: int) -> Department:
    """Unit ``i`` of the family (主管部门 100): codes 100200–100298."""
    return Department(code=f"100{200 + i % 99:03d}", name=f"第100号局第{i}直属单位")


def family(tables: int, varied: bool, directory: Path) -> list[Document]:
    """The family's target tables, then its last-year self-evaluations (one per 34 tables)."""
    documents: list[Document] = []
    for i, path in enumerate(make_corpus(directory, tables)):
        documents += [t.model_copy(update={"department": unit(i)}) for t in read_path(path)]
    documents = documents[:tables]
    rng = random.Random(7)
    text = EVALUATION.read_text(encoding="utf-8")

    def vary(number: re.Match[str]) -> str:
        return f"{number[1]}{rng.randint(1, 9) * int(number[2]) or 1}"

    for i in range(max(1, tables // TABLES_PER_FILE)):
        path = directory / f"evaluation_{i}.txt"
        path.write_text(_VALUE_NUMBER.sub(vary, text) if varied else text, encoding="utf-8")
        documents += [d.model_copy(update={"department": unit(i)}) for d in read_path(path)]
    return documents


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:] if a.isdigit()] or [500, 1000, 2000, 4000]
    varied = "--varied" in sys.argv
    profile = load_profile("tianjin")
    for tables in sizes:
        with tempfile.TemporaryDirectory() as directory:
            documents = family(tables, varied, Path(directory))
            cpu = time.process_time()
            found = review(documents, profile)
            cpu = time.process_time() - cpu
        digest = hashlib.md5(repr([(f.rule, f.document, f.message) for f in found]).encode())
        print(
            f"{tables:6d} tables, {len(documents) - tables:4d} self-evaluations: "
            f"{len(found):6d} findings (MD5 {digest.hexdigest()[:10]}), CPU {cpu:6.2f} s, "
            f"{cpu / tables * 1000:5.2f} ms per table",
            flush=True,
        )


if __name__ == "__main__":
    main()

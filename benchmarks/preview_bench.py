"""Import preview time against file size: it should grow linearly (it grew with the square).

Builds .xlsx workbooks (the fixture ``stacked.xlsx`` copied into as many sheets as needed, each
copy's project names made unique) and text files (seed 000 replicated, as in parse_bench.py) of
about 1, 2 and 4 MB, and times :func:`jixiao.web.importing.preview` on each: reading in the
sandbox plus the review. The sandbox's CPU budget is raised so that the large files are timed,
not refused.

    python benchmarks/preview_bench.py [--sizes 1 2 4] [--kinds xlsx txt]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

STACKED = Path(__file__).parent.parent / "tests" / "data" / "office" / "stacked.xlsx"


def workbook(megabytes: float) -> bytes:
    """``stacked.xlsx`` copied sheet by sheet until the workbook is about ``megabytes`` MB."""
    source = openpyxl.load_workbook(STACKED)
    sample = _copies(source, 10)
    per_copy = len(sample) / 10
    return _copies(source, max(1, round(megabytes * 1e6 / per_copy)))


def _copies(source: openpyxl.Workbook, count: int) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n in range(count):
        for sheet in source.worksheets:
            copy = book.create_sheet(f"{sheet.title}{n}")
            for row in sheet.iter_rows(values_only=True):
                copy.append([f"{v}{n}" if isinstance(v, str) and "项目" in v else v for v in row])
            for merged in sheet.merged_cells.ranges:
                copy.merge_cells(str(merged))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text(megabytes: float) -> bytes:
    """Replicas of seed 000 (parse_bench.py) joined into one file of about ``megabytes`` MB."""
    sys.path.insert(0, str(Path(__file__).parent))
    from parse_bench import TABLES_PER_FILE, make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        replicas = make_corpus(Path(tmp), int(megabytes * 1e6 / 60_000 + 1) * TABLES_PER_FILE)
        return b"\n".join(path.read_bytes() for path in replicas)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4])
    parser.add_argument("--kinds", nargs="+", default=["xlsx", "txt"], choices=["xlsx", "txt"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            JIXIAO_DATA_DIR=tmp,
            JIXIAO_PARSE_SECONDS="600",
            DJANGO_SETTINGS_MODULE="jixiao.web.settings",
        )
        import django

        django.setup()
        from jixiao.web import bootstrap, importing

        bootstrap.migrate()
        builders = {"xlsx": workbook, "txt": text}
        for kind, build in ((k, builders[k]) for k in args.kinds):
            for size in args.sizes:
                data = build(size)
                upload = importing.Upload(name=f"bench.{kind}", data=data)
                started = time.perf_counter()
                preview = importing.preview([upload])
                seconds = time.perf_counter() - started
                (result,) = preview.files
                assert result.error is None, result.error
                print(
                    f"{kind:5} {len(data) / 1e6:5.2f} MB  {len(result.documents):5} documents  "
                    f"{seconds:6.2f} s  {seconds / (len(data) / 1e6):5.2f} s/MB",
                    flush=True,
                )


if __name__ == "__main__":
    main()

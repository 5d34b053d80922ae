"""The confirm of a web upload of 30 files: its time and CPU, the reading kept or read again.

Builds 30 files of the province corpus (25 of seed 000 replicated, 34 target tables a file, and
5 of their departments' self-evaluations; ``--kind xlsx``: the same documents written as .xlsx workbooks by
jixiao's exporter), then, in a fresh SQLite database each time, runs the upload page's two steps
in two processes, as two app servers would: ``stash`` (preview + stash_upload, as the upload
POST) and ``confirm`` (confirm_upload, as the confirm POST). For each it prints the wall time
and CPU of the step itself in its process, and the CPU of the whole process with every process
it started (sandbox workers included: the parent's RUSAGE_CHILDREN around it) less that of a
process that only starts Django.

Works with older code too (a ``stash_upload`` without the ``preview`` argument stashes the bytes
only and the confirm reads them again): run it with ``PYTHONPATH`` pointing at either tree.

    PYTHONPATH=src python benchmarks/confirm_bench.py [--files 30] [--kind txt|xlsx] [--runs 3]
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))


def corpus(directory: Path, files: int, kind: str) -> list[Path]:
    """``files`` files of the province corpus: five in six of target tables, the rest the
    self-evaluations of their departments."""
    from parse_bench import TABLES_PER_FILE
    from province import province_corpus

    tables = files * 5 // 6
    (directory / "txt").mkdir()
    made = province_corpus(directory / "txt", tables * TABLES_PER_FILE)
    paths = made[:tables] + made[tables:][: files - tables]
    if kind == "txt":
        return paths
    from jixiao import export, ingest

    out = directory / "xlsx"
    out.mkdir()
    books = []
    for path in paths:
        book = out / f"{path.stem}.xlsx"
        book.write_bytes(export.write(ingest.read_path(path), "xlsx"))
        books.append(book)
    return books


def stage(name: str, argument: str) -> dict[str, Any]:
    """In a child process: Django only (``setup``), the upload POST (``stash``: ``argument`` is
    the corpus directory) or the confirm POST (``confirm``: ``argument`` is the token)."""
    from jixiao.cli.serve import setup_django

    setup_django()
    from jixiao.web import actions, bootstrap, importing

    bootstrap.migrate()
    actor = actions.Actor(None, "web")
    wall, cpu = time.perf_counter(), time.process_time()
    result: dict[str, Any] = {}
    if name == "stash":
        uploads = [importing.Upload.from_path(p) for p in sorted(Path(argument).iterdir())]
        preview = importing.preview(uploads)
        assert preview.committable, preview.errors
        keeps = "preview" in inspect.signature(actions.stash_upload).parameters
        extra = (preview,) if keeps else ()
        result["token"] = actions.stash_upload(uploads, actor, *extra).token
        result["documents"] = len(preview.documents)
    elif name == "confirm":
        result["documents"] = actions.confirm_upload(argument, actor).documents
    result |= {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    # the forkserver reaps the workers; stopping it here makes this process reap it, so the
    # workers' CPU reaches the parent's RUSAGE_CHILDREN (a private call, for the measurement)
    from multiprocessing import forkserver

    time.sleep(0.5)  # the workers of the closed batch exit
    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    return result


def run(name: str, argument: str, env: dict[str, str]) -> dict[str, Any]:
    """``stage`` in a child process, with the CPU of the child and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [sys.executable, __file__, "--stage", name, argument],
        env=env,
        capture_output=True,
        text=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"stage {name} failed")
    result = dict(json.loads(out.stdout.strip().splitlines()[-1]))
    result["tree_cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--kind", choices=["txt", "xlsx"], default="txt")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("argument", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(stage(args.stage, args.argument)), flush=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = Path(tmp) / "upload"
        files.mkdir()
        for path in corpus(Path(tmp), args.files, args.kind):
            (files / path.name).write_bytes(path.read_bytes())
        for n in range(args.runs):
            env = {**os.environ, "JIXIAO_DATA_DIR": f"{tmp}/data{n}", "JIXIAO_DEMO": "0"}
            env.pop("DATABASE_URL", None)
            run("setup", "", env)  # makes the database
            floor = run("setup", "", env)["tree_cpu"]
            stashed = run("stash", str(files), env)
            confirmed = run("confirm", stashed["token"], env)
            for label, step in (("upload (preview + stash)", stashed), ("confirm", confirmed)):
                print(
                    f"run {n + 1} {label:25} {step['documents']:5} documents  "
                    f"wall {step['seconds']:6.2f} s  CPU of the step {step['cpu']:6.2f} s  "
                    f"CPU with its workers {step['tree_cpu'] - floor:6.2f} s",
                    flush=True,
                )


if __name__ == "__main__":
    main()

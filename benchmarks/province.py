"""Province scale: parse + review, import into SQLite and PostgreSQL, then every page under load.

The corpus is seed-shaped and varied (benchmarks/parse_bench.py's generator): replicas of seed
000 (34 target tables each) with unique project names and varied numbers, spread over
departments (about 20 主管部门 × 5 units per 1,000 tables), plus each department's 整体支出
self-evaluation (seed 001, renamed). Each stage prints its time against a floor measured in the
same run, and the ratio:

- parse + review: time per table (flat = linear), against reading and splitting the bytes;
- import (``pipeline.import_in_batches``, as ``jixiao import --batch-files N``: batches of
  ``--files-per-batch`` files, each ``importing.preview`` + ``actions.import_batch``, the next
  batch read while one is written): time per table and peak memory after each quarter of the corpus, against PostgreSQL
  ``COPY`` of the very rows the import wrote (into empty copies of the tables);
- pages and API endpoints (``jixiao serve`` over loopback, logged in): p50/p95/max with 1 and 8
  concurrent clients, against a bare ``SELECT`` of a project by primary key at the same
  concurrency.

    python benchmarks/province.py --tables 5000 20000 [--databases sqlite postgresql]
        [--postgres postgresql://jixiao:jixiao@127.0.0.1:55433] [--requests 20] [--processes N]
        [--no-pages] [--keep DIR] [--only search ...]
    python benchmarks/province.py --reuse DATABASE sqlite:DIR ...  # pages only, as they are

The PostgreSQL database ``jixiao_province_<tables>`` is dropped and created for each size; the
SQLite file lives in a temporary directory, or in ``--keep DIR``/sqlite_<tables> (kept, to be
measured again with ``--reuse sqlite:DIR/sqlite_<tables>``).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from parse_bench import TABLES_PER_FILE, make_corpus
from province_clone import replicate

from jixiao.demo import SEEDS
from jixiao.domain.levels import LEVEL2

EVALUATION_SEED = SEEDS / "001_eb7a6641e668a5f6.txt"
SEED_DEPARTMENT = ("362101", "天津市生态环境局")
UNITS_PER_PARENT = 5
TABLES_PER_PARENT = 1000 // 20
PAGE_TARGET_MS = {1: 150, 8: 500}
PASSWORD = "province-bench-1"
#: files per sandbox worker whose answers may wait for the stage parse's stream (enough that the
#: workers do not wait for it while it reviews a family)
READ_AHEAD = 8


# ---------------------------------------------------------------------------------------- corpus


def department(i: int) -> tuple[str, str]:
    """The (code, name) of replica ``i``'s department: ``PPP101`` 主管部门 or its ``PPP2NN`` units."""
    tables = i * TABLES_PER_FILE
    parent = 100 + tables // TABLES_PER_PARENT
    unit = i % UNITS_PER_PARENT
    code = f"{parent:03d}101" if unit == 0 else f"{parent:03d}2{unit:02d}"
    return code, f"第{parent}号局" + ("" if unit == 0 else f"第{unit}直属单位")


def province_corpus(directory: Path, tables: int) -> list[Path]:
    """Replicas of seed 000 over the departments, and one self-evaluation per department."""
    _code, name = SEED_DEPARTMENT
    paths = make_corpus(directory, tables)
    departments = {}
    for i, path in enumerate(paths):
        dept = department(i)
        departments[dept] = i
        text = path.read_text(encoding="utf-8")  # the generator varied the code's digits too
        path.write_text(re.sub(r"\d+" + name, "".join(dept), text), encoding="utf-8")
    evaluation = EVALUATION_SEED.read_text(encoding="utf-8")
    for (_code, dept_name), i in departments.items():
        out = directory / f"evaluation_{i:05d}.txt"
        out.write_text(evaluation.replace(name, dept_name), encoding="utf-8")
        paths.append(out)
    return paths


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------- parse + review


def stage_parse(directory: Path, compare: bool) -> dict[str, Any]:
    """Parse as the import does: files read by one batch's sandbox workers (one per core), each
    worker reviewing the documents it read by the single-document rules right away, the findings
    sent as the rows the import stores — but as nothing is stored here, the worker sends no
    document, only each one's digest, what the cross-document rules read of it
    (``Batch.read_digested``; the import's workers send the documents, ``read_reviewed``); the
    cross-document rules (APP-02/03) run here on the digests as the files come,
    department family by department family (``stream.FamilyStream``: the corpus comes department
    by department), so only the self-evaluations' digests (their index) and the tables' of the
    families not reviewed yet are held; the findings are counted in document order (kept only to compare).
    With ``compare``, they are checked against the whole corpus read again here and reviewed at
    once in one process and in worker processes (after the peak memory of the stage itself is
    taken: the comparison holds every document)."""
    import gc

    from jixiao.collector import fewer_collections
    from jixiao.domain.review import finding_row, load_profile, review
    from jixiao.domain.review.identity import document_keys
    from jixiao.domain.review.stream import FamilyStream
    from jixiao.ingest import read_described
    from jixiao.ingest.answers import Pickled
    from jixiao.ingest.sandbox import Batch, Limits

    paths = sorted(directory.glob("*.txt"))
    start = time.perf_counter()
    for path in paths:
        path.read_bytes().decode("utf-8").split("\n")
    floor = time.perf_counter() - start
    limits = Limits()
    profile = load_profile("tianjin")
    start, cpu = time.perf_counter(), time.process_time()
    stream = FamilyStream(profile)
    waiting: dict[int, list[Any]] = {}  # findings of documents after one not reviewed yet
    findings: list[Any] = []  # in document order, kept only to compare
    counts = {"documents": 0, "indicators": 0, "findings": 0, "findings_of": 0}

    def reviewed(done: list[tuple[int, list[Any]]]) -> None:
        """Take the findings of the documents reviewed, in document order (then let them go)."""
        waiting.update(done)
        while (found := waiting.pop(counts["findings_of"], None)) is not None:
            counts["findings_of"] += 1
            counts["findings"] += len(found)
            if compare:
                findings.extend(found)

    def read(path: Path) -> Pickled:
        return batch.read_digested(path.name, path.read_bytes(), profile)

    def take(reading: Future[Pickled]) -> None:
        found, own = reading.result().digested(profile)  # here: the reading threads stay free
        counts["documents"] += len(found)
        counts["indicators"] += sum(d.indicators for d in found)
        reviewed(stream.add(found, own))
        del found, own
        gc.freeze()  # what is held (the index, the families waiting) is not scanned again

    # the collector's setting of an import (jixiao.web.pipeline)
    with (
        fewer_collections(),
        Batch(limits) as batch,
        ThreadPoolExecutor(limits.workers) as pool,
    ):
        ahead: deque[Future[Pickled]] = deque()
        for path in paths:  # at most READ_AHEAD files per worker read ahead (memory bounded)
            ahead.append(pool.submit(read, path))
            if len(ahead) > READ_AHEAD * limits.workers:
                take(ahead.popleft())
        while ahead:
            take(ahead.popleft())
    parsed = time.perf_counter() - start
    last = time.perf_counter()
    reviewed(stream.finish())
    assert not waiting and counts["findings_of"] == counts["documents"]
    reviewed_in, review_cpu = time.perf_counter() - last, time.process_time() - cpu
    rss = peak_rss_mb()
    result = {
        "documents": counts["documents"],
        "indicators": counts["indicators"],
        "findings": counts["findings"],
        "parse": parsed,
        "review": reviewed_in,
        "review_cpu": review_cpu,
        "floor": floor,
        "workers": limits.workers,
        "rss": rss,
        "compared": compare,
    }
    if compare:
        del stream
        gc.unfreeze()
        every = [d for path in paths for d in read_described(path.name, path.read_bytes())[0]]

        def rows(found: list[Any]) -> list[Any]:
            """The rows of ``found`` (the findings of ``every``), in document order."""
            mine: dict[str, list[Any]] = {}
            for f in found:
                mine.setdefault(f.document, []).append(f)
            keys = document_keys(every)
            return [
                r
                for d, k in zip(every, keys, strict=True)
                for r in finding_row.rows(mine.get(k, []), d.indicators)
            ]

        start = time.perf_counter()
        assert rows(review(every, profile)) == findings  # the same as at once in one process
        result["review_at_once"] = time.perf_counter() - start
        start = time.perf_counter()
        assert rows(review(every, profile, workers=limits.workers)) == findings
        result["review_parallel"] = time.perf_counter() - start
    return result


# ---------------------------------------------------------------------------------------- import


def stage_import(directory: Path, files_per_batch: int) -> dict[str, Any]:
    from django.core.management import call_command

    from jixiao.cli.serve import setup_django
    from jixiao.ingest import sandbox

    sandbox.start()  # as `jixiao import` does first
    setup_django()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from jixiao.web import actions, importing, models, pipeline

    get_user_model().objects.create_superuser("bench", password=PASSWORD)
    from django.db import connection

    paths = sorted(directory.glob("*.txt"))
    batches = -(-len(paths) // files_per_batch)
    memory, quarter, done = [], max(1, batches // 4), 0
    server = backend_cpu()
    start, cpu = time.perf_counter(), time.process_time()
    steps = pipeline.import_in_batches(  # as `jixiao import --batch-files N`
        (importing.Upload.from_path(p) for p in paths),
        actions.Actor(None, "cli"),
        files_per_batch=files_per_batch,
    )
    for n, step in enumerate(steps, start=1):
        assert step.batch is not None
        done += step.batch.documents
        if n % quarter == 0:
            memory.append(peak_rss_mb())
    seconds = time.perf_counter() - start
    result: dict[str, Any] = {
        "documents": done,
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "memory": memory,
        "backend_cpu": backend_cpu() - server if server >= 0 else None,
        "findings": models.Finding.objects.count(),
        "indicators": models.Indicator.objects.count(),
        "finding_table": finding_table(connection),
    }
    if connection.vendor == "postgresql":
        result["copy_floor"] = copy_floor(connection)
    return result


def finding_table(connection: Any) -> dict[str, float]:
    """The finding rows as stored: their bytes on disk with their indexes (``total``), the
    table's alone, and a row's average (PostgreSQL: ``pg_column_size`` of the row; SQLite: the
    table's pages by row)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('jixiao_finding'), "
                "pg_relation_size('jixiao_finding'), avg(pg_column_size(f.*)), count(*) "
                "FROM jixiao_finding f"
            )
        else:
            cursor.execute(
                "SELECT (SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM "
                "sqlite_master WHERE tbl_name = 'jixiao_finding')), (SELECT sum(pgsize) FROM "
                "dbstat WHERE name = 'jixiao_finding'), NULL, (SELECT count(*) FROM jixiao_finding)"
            )
        total, table, row, count = cursor.fetchone()
    return {
        "total": float(total or 0),
        "table": float(table or 0),
        "row": float(row if row is not None else (table or 0) / max(count, 1)),
    }


COPIED = (
    "jixiao_project",
    "jixiao_indicator",
    "jixiao_goal",
    "jixiao_finding",
    "jixiao_selfevaluation",
    "jixiao_indicatorresult",
    "jixiao_goalresult",
    "jixiao_auditentry",
)


def backend_cpu() -> float:
    """CPU seconds (user + system) of the server processes of this database's client connections
    (not autovacuum's), from /proc (PostgreSQL on this machine; -1 elsewhere or on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return -1.0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend'"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return -1.0
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def copy_floor(connection: Any) -> float:
    """Seconds to COPY every row the import wrote into empty copies of its tables (with their
    indexes), the rows streamed from memory: the floor of writing the same data."""
    raw = connection.connection  # psycopg 3
    data = {}
    with raw.cursor() as cursor:
        for table in COPIED:
            with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                data[table] = b"".join(bytes(chunk) for chunk in copy)
            cursor.execute(f"CREATE TEMP TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
    raw.commit()
    start = time.perf_counter()
    with raw.cursor() as cursor:
        for table in COPIED:
            with cursor.copy(f"COPY floor_{table} FROM STDIN") as copy:
                copy.write(data[table])
    raw.commit()
    return time.perf_counter() - start


# ----------------------------------------------------------------------------------------- pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    """A logged-in browser over loopback (cookies, CSRF)."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.open(base + "/login/").read()
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        body = urllib.parse.urlencode(
            {"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": csrf}
        ).encode()
        request = urllib.request.Request(base + "/login/", data=body, headers={"Referer": base})
        self.opener.open(request).read()

    def get(self, path: str) -> float:
        start = time.perf_counter()
        with self.opener.open(self.base + path) as response:
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
        return time.perf_counter() - start


def stats(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        "max": ordered[-1] * 1000,
    }


def under_load(clients: int, requests: int, call: Callable[[int], float]) -> dict[str, float]:
    """``requests`` calls per client, ``clients`` at once; latency statistics in ms."""
    timings: list[float] = []
    lock = threading.Lock()

    def run(worker: int) -> None:
        mine = [call(worker * requests + i) for i in range(requests)]
        with lock:
            timings.extend(mine)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(run, range(clients)))
    return stats(timings)


def stage_pages(
    env: dict[str, str], requests: int, processes: int, only: list[str] | None = None
) -> dict[str, Any]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "jixiao"),
            "serve",
            "--port",
            str(port),
            "--threads",
            "8",
            "--processes",
            str(processes),
        ],
        env={**env, "JIXIAO_PUBLIC_CACHE_SECONDS": "0"},  # the public search, every time
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/login/").read()
                break
            except OSError:
                time.sleep(0.2)
        result = measure_pages(base, env, requests, only)
        return {**result, "processes": processes, "load": os.getloadavg()[0]}
    finally:
        server.terminate()
        server.wait()


def measured(env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """:func:`stage_pages` with its keys as JSON has them (as the reports read them)."""
    measured = stage_pages(env, args.requests, args.processes, args.only)
    return dict(json.loads(json.dumps(measured)))


def sample_ids(env: dict[str, str]) -> dict[str, Any]:
    """Project and self-evaluation ids, the last page number, a rule of a target table's finding
    (the filtered list; until session 7 the first finding's rule, a self-evaluation's rule that no
    target table has) and a grade that exist."""
    code = (
        "import json; from jixiao.cli.serve import setup_django; setup_django()\n"
        "from jixiao.web import models\n"
        "p = models.Project.objects.filter(is_current=True)\n"
        "print(json.dumps({'projects': list(p.values_list('id', flat=True)[:2000:7]),\n"
        " 'evaluations': list(models.SelfEvaluation.objects.values_list('id', flat=True)[:50]),\n"
        " 'count': p.count(), 'rule': models.Finding.objects.filter(project__isnull=False)\n"
        "  .values_list('rule', flat=True)[0],\n"
        " 'grade': p.exclude(grade='').values_list('grade', flat=True)[0]}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout))


def measure_pages(
    base: str, env: dict[str, str], requests: int, only: list[str] | None = None
) -> dict[str, Any]:
    ids = sample_ids(env)
    last = -(-ids["count"] // 50)
    pick = random.Random(1)
    projects = ids["projects"]
    evaluations = ids["evaluations"]
    pages: dict[str, Callable[[int], str]] = {
        "project list": lambda i: "/projects/",
        "filtered list": lambda i: (
            "/projects/?"
            + urllib.parse.urlencode({"year": 2025, "grade": ids["grade"], "rule": ids["rule"]})
        ),
        "deep page": lambda i: f"/projects/?page={last - i % 5}",
        "search": lambda i: (
            "/projects/?q=" + urllib.parse.quote(("大气污染", "核技术", "培训")[i % 3])
        ),
        "project detail": lambda i: f"/projects/{pick.choice(projects)}/",
        "self-evaluations": lambda i: "/self-evaluations/",
        "self-evaluation": lambda i: f"/self-evaluations/{pick.choice(evaluations)}/",
        "departments": lambda i: "/departments/",
        "review queue": lambda i: "/review/",
        "dashboard": lambda i: "/dashboard/",
        "monitoring overview": lambda i: f"/monitoring/?page={1 + i % 5}",  # approved only
        "public search": lambda i: (  # served uncached (stage_pages)
            "/public/search/?q=" + urllib.parse.quote(("大气污染", "核技术", "培训")[i % 3])
        ),
        "library": lambda i: "/library/?level2=" + urllib.parse.quote(LEVEL2[i % len(LEVEL2)]),
        "API list": lambda i: f"/api/projects?page={1 + i % 20}",
        "API detail": lambda i: f"/api/projects/{pick.choice(projects)}",
    }
    if only:
        pages = {name: path for name, path in pages.items() if name in only}
    clients = [Client(base) for _ in range(8)]
    results: dict[str, Any] = {"floor": {}, "pages": {}}
    floor = pk_floor(env, projects)
    for concurrency in (1, 8):
        results["floor"][concurrency] = under_load(concurrency, requests, floor)
    for name, path in pages.items():
        results["pages"][name] = {}
        for concurrency in (1, 8):

            def call(i: int, path: Callable[[int], str] = path) -> float:
                return clients[i // requests % len(clients)].get(path(i))

            call(0)  # warm up (template and query caches)
            results["pages"][name][concurrency] = under_load(concurrency, requests, call)
    return results


def pk_floor(env: dict[str, str], ids: list[int]) -> Callable[[int], float]:
    """A bare ``SELECT`` of one project by primary key, one connection per thread."""
    url = env.get("DATABASE_URL")
    local = threading.local()
    pick = random.Random(2)

    def connect() -> Any:
        if url:
            import psycopg

            return psycopg.connect(url, autocommit=True)
        import sqlite3

        return sqlite3.connect(Path(env["JIXIAO_DATA_DIR"]) / "jixiao.sqlite3")

    def call(_i: int) -> float:
        if not hasattr(local, "db"):
            local.db = connect()
        mark = "%s" if url else "?"
        start = time.perf_counter()
        cursor = local.db.cursor()
        cursor.execute(f"SELECT * FROM jixiao_project WHERE id = {mark}", (pick.choice(ids),))
        cursor.fetchall()
        return time.perf_counter() - start

    return call


# ----------------------------------------------------------------------------------------- main


def run_stage(stage: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--stage", stage, *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"stage {stage} failed")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def database_env(
    kind: str, name: str, postgres: str, data_dir: Path, template: str = ""
) -> dict[str, str]:
    """The environment of a run on SQLite (in ``data_dir``) or PostgreSQL database ``name``,
    dropped and created empty (or as a copy of database ``template``)."""
    env = {**os.environ, "JIXIAO_DATA_DIR": str(data_dir), "JIXIAO_DEMO": "0"}
    env.pop("DATABASE_URL", None)
    if kind == "postgresql":
        import psycopg

        with psycopg.connect(f"{postgres}/postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name}")
            db.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        env["DATABASE_URL"] = f"{postgres}/{name}"
    return env


def existing_env(name: str, postgres: str, data_dir: Path) -> dict[str, str]:
    """The environment of a run on the PostgreSQL database ``name`` as it is, or on the SQLite
    file of the data directory ``DIR`` when ``name`` is ``sqlite:DIR``."""
    if name.startswith("sqlite:"):
        env = {**os.environ, "JIXIAO_DATA_DIR": name.removeprefix("sqlite:"), "JIXIAO_DEMO": "0"}
        env.pop("DATABASE_URL", None)
        return env
    env = {**os.environ, "JIXIAO_DATA_DIR": str(data_dir), "JIXIAO_DEMO": "0"}
    env["DATABASE_URL"] = f"{postgres}/{name}"
    return env


def base_tables(postgres: str, name: str) -> int:
    """How many current target tables the database ``name`` holds."""
    import psycopg

    with psycopg.connect(f"{postgres}/{name}") as db:
        row = db.execute("SELECT count(*) FROM jixiao_project WHERE is_current").fetchone()
    return int(row[0]) if row else 0


def report_size(
    tables: int, parse: dict[str, Any], imports: dict[str, Any], pages: dict[str, Any]
) -> None:
    n = parse["documents"]
    both = parse["parse"] + parse["review"]
    print(f"\n## {tables} tables ({n} documents, {parse['indicators']} indicators)\n")
    compared = (
        f"same findings as the whole corpus reviewed at once in one process "
        f"({parse['review_at_once']:.1f} s) and in {parse['workers']} worker processes "
        f"({parse['review_parallel']:.1f} s)"
        if parse["compared"]
        else "not compared with the whole corpus at once (--compare-up-to)"
    )
    print(
        f"parse + single-document review (in {parse['workers']} sandbox workers) + "
        f"cross-document review as the families come {parse['parse']:.1f} s + the families held "
        f"at the end {parse['review']:.1f} s (CPU of the reviewing process {parse['review_cpu']:.1f}"
        f" s) = {both:.1f} s ({both / n * 1000:.2f} ms per document; "
        f"{parse['findings']} findings; {compared}); {parse['parse'] / parse['floor']:.0f}× "
        f"the floor (read + split, one core) of {parse['floor']:.2f} s; "
        f"peak RSS {parse['rss']:.0f} MB (parent, before any comparison)"
    )
    for db, result in imports.items():
        line = (
            f"import {db}: {result['seconds']:.1f} s for {result['documents']} documents "
            f"({result['documents'] / result['seconds']:.0f}/s, "
            f"{result['seconds'] / result['documents'] * 1000:.2f} ms each; CPU of the importing "
            f"process {result['cpu']:.1f} s, {result['cpu'] / result['documents'] * 1000:.2f} ms "
            "each); peak RSS by quarter " + " → ".join(f"{m:.0f}" for m in result["memory"]) + " MB"
        )
        if result.get("backend_cpu") is not None:
            line += f"; CPU of its PostgreSQL server processes {result['backend_cpu']:.1f} s"
        if "copy_floor" in result:
            floor = result["copy_floor"]
            line += f"; COPY floor {floor:.2f} s, ratio {result['seconds'] / floor:.0f}×"
        if "finding_table" in result:
            size = result["finding_table"]
            line += (
                f"; finding rows {size['total'] / 2**20:.1f} MB with their indexes "
                f"({size['table'] / 2**20:.1f} MB the table, {size['row']:.0f} bytes a row)"
            )
        print(line)
    report_pages(pages)


def report_pages(pages: dict[str, Any]) -> None:
    for db, result in pages.items():
        print(
            f"\n{db}, ms (target p95: 150 sequential, 500 with 8 clients; "
            f"web processes: {result['processes']}, load average {result['load']:.1f} at the end)\n"
        )
        print("| page | 1 client p50 / p95 / max | 8 clients p50 / p95 / max | p95 vs floor (8) |")
        print("|---|---|---|---|")
        rows = {"bare SELECT by pk (floor)": result["floor"], **result["pages"]}
        floor95 = max(result["floor"]["8"]["p95"], 0.001)
        for name, by in rows.items():
            cells = []
            for c in ("1", "8"):
                s = by[c]
                flag = "" if s["p95"] <= PAGE_TARGET_MS[int(c)] else " ✗"
                cells.append(f"{s['p50']:.0f} / {s['p95']:.0f} / {s['max']:.0f}{flag}")
            print(f"| {name} | {cells[0]} | {cells[1]} | {by['8']['p95'] / floor95:.0f}× |")


def pages_only(args: argparse.Namespace) -> None:
    """Measure the pages of existing databases (``--reuse``) or of replicas of an imported one
    (``--clone-from``, one database per ``--tables``)."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.reuse or []:
            env = existing_env(name, args.postgres, Path(tmp))
            label = name if name.startswith("sqlite:") else f"postgresql {name}"
            report_pages({label: measured(env, args)})
        if not args.clone_from:
            return
        base = base_tables(args.postgres, args.clone_from)
        for tables in args.tables:
            name = f"{args.prefix}_{tables}"
            env = database_env("postgresql", name, args.postgres, Path(tmp), args.clone_from)
            copies = max(1, round(tables / base))
            loaded = run_stage("clone", env, "--copies", str(copies))
            print(f"\n## {name}: {copies} × {args.clone_from} — " + json.dumps(loaded))
            if not args.no_pages:
                report_pages({f"postgresql {name}": measured(env, args)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument(
        "--databases",
        nargs="*",
        default=["sqlite", "postgresql"],
        help="import into these (sqlite, postgresql); none: parse + review only",
    )
    parser.add_argument("--postgres", default="postgresql://jixiao:jixiao@127.0.0.1:55433")
    parser.add_argument("--files-per-batch", type=int, default=30)
    parser.add_argument("--requests", type=int, default=20, help="per page and client")
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="jixiao serve --processes (default: one per core)",
    )
    parser.add_argument("--no-pages", action="store_true", help="parse and import only")
    parser.add_argument(
        "--prefix", default="jixiao_province", help="PostgreSQL databases: <prefix>_<tables>"
    )
    parser.add_argument(
        "--clone-from",
        metavar="DATABASE",
        help="PostgreSQL only: load each size by replicating this imported database "
        "(benchmarks/province_clone.py), then measure the pages",
    )
    parser.add_argument(
        "--reuse",
        metavar="DATABASE",
        nargs="+",
        help="measure the pages of these databases (PostgreSQL names, or sqlite:DIR for the "
        "SQLite file of the data directory DIR)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep each SQLite run's data in DIR/sqlite_<tables>",
    )
    parser.add_argument("--only", nargs="+", metavar="PAGE", help="measure these pages only")
    parser.add_argument(
        "--compare-up-to",
        type=int,
        default=20000,
        metavar="TABLES",
        help="check the findings against the whole corpus reviewed at once (in one process and "
        "in worker processes) up to this many tables (it holds every document in context)",
    )
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--compare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage == "parse":
        print(json.dumps(stage_parse(args.dir, args.compare)))
        return
    if args.stage == "import":
        print(json.dumps(stage_import(args.dir, args.files_per_batch)))
        return
    if args.stage == "clone":
        print(json.dumps(replicate(os.environ["DATABASE_URL"], args.copies)))
        return
    if args.reuse or args.clone_from:
        pages_only(args)
        return
    for tables in args.tables:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            province_corpus(corpus, tables)
            parse = run_stage(
                "parse",
                dict(os.environ),
                "--dir",
                str(corpus),
                *(["--compare"] if tables <= args.compare_up_to else []),
            )
            imports, pages = {}, {}
            for db in args.databases:
                name = f"{args.prefix}_{tables}"
                data = Path(tmp) / db
                if db == "sqlite" and args.keep:
                    data = args.keep / f"sqlite_{tables}"
                    if data.exists():
                        raise SystemExit(f"{data} exists: remove it or --reuse sqlite:{data}")
                    data.mkdir(parents=True)
                env = database_env(db, name, args.postgres, data)
                imports[db] = run_stage(
                    "import",
                    env,
                    "--dir",
                    str(corpus),
                    "--files-per-batch",
                    str(args.files_per_batch),
                )
                if not args.no_pages:
                    pages[db] = measured(env, args)
            report_size(tables, parse, imports, pages)


if __name__ == "__main__":
    main()

"""How fast the 指标库 page (``/library/``) answers, cold (the first request after a recount of
the kept totals) and warm, for an administrator and a unit editor.

Run: `DATABASE_URL=postgresql://…/db .venv/bin/python benchmarks/library_bench.py` against a
database that already holds a province's tables (``benchmarks/province.py`` or ``jixiao import``).
Signs in an administrator (``bench-administrator``) and a unit editor of the department with the
most current target tables (``bench-unit_editor``), both made once, and gets the page through the
whole Django stack on four paths in turn (数量, 质量, ``q=培训``, 成本). A cold request follows a
new token of the totals (:func:`jixiao.web.generations.bump`, as every recount does); a warm one
repeats the path under the same token. Prints p50 / p95 wall time, the mean CPU time of the
process, the mean CPU time of its PostgreSQL server process (from /proc: a server on this
machine; its parallel workers' not counted, ``--serial`` plans without them) and the queries per
request. ``--html DIR`` writes each page's ``<main>`` (without its CSRF tokens) to DIR, to compare
the pages of two versions of the code with ``diff -r``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

PATHS = (
    "/library/",
    "/library/?level2=" + "质量指标",
    "/library/?q=" + "培训",
    "/library/?level2=" + "成本指标",
)


def setup() -> dict[str, Any]:
    """Signed-in clients of an administrator and a unit editor on ``DATABASE_URL``'s database."""
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from jixiao.web import models

    busiest = (
        models.Project.objects.filter(is_current=True)
        .values("department")
        .annotate(n=Count("pk"))
        .order_by("-n", "department")[0]["department"]
    )
    clients = {}
    for name, role, department in (
        ("administrator", "administrator", None),
        ("unit editor", "unit_editor", busiest),
    ):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{role}")
        models.Membership.objects.update_or_create(
            user=user, defaults={"role": role, "department_id": department}
        )
        client = Client(SERVER_NAME="localhost")  # an allowed host
        client.force_login(user)
        clients[name] = client
    return clients


def server_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL server process (0 on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    fields = Path(f"/proc/{connection.connection.info.backend_pid}/stat").read_text()
    used = fields.rsplit(")", 1)[1].split()
    return (int(used[11]) + int(used[12])) / os.sysconf("SC_CLK_TCK")


def request(client: Any, path: str) -> tuple[float, float, float, int, str]:
    """Wall, CPU and server CPU seconds, queries and the page's ``<main>`` without its CSRF
    tokens."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start, used, served = time.perf_counter(), time.process_time(), server_cpu()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    wall, spent = time.perf_counter() - start, time.process_time() - used
    spent_server = server_cpu() - served
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    main = response.content.decode().split("<main", 1)[1]
    return (
        wall,
        spent,
        spent_server,
        len(queries),
        re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main),
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="cold and warm requests per path")
    parser.add_argument("--html", type=Path, help="write each page's <main> to this directory")
    parser.add_argument("--serial", action="store_true", help="no parallel query (PostgreSQL)")
    args = parser.parse_args()
    clients = setup()
    from django.db import connection, transaction

    if args.serial and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")

    from jixiao.web import generations

    for name, client in clients.items():
        for path in PATHS:
            request(client, path)  # templates, connections, the first cache entries
        measured: dict[str, list[tuple[float, ...]]] = {"cold": [], "warm": []}
        for _ in range(args.rounds):
            for number, path in enumerate(PATHS):
                with transaction.atomic():
                    generations.bump("totals")  # as a recount does
                *cold, page = request(client, path)
                *warm, again = request(client, path)
                assert again == page
                measured["cold"].append(tuple(cold))
                measured["warm"].append(tuple(warm))
                if args.html:
                    args.html.mkdir(parents=True, exist_ok=True)
                    (args.html / f"{name.replace(' ', '-')}-{number}.html").write_text(page)
        for state, runs in measured.items():
            walls = [r[0] * 1000 for r in runs]
            print(
                f"{name:13} {state}: p50 {percentile(walls, 0.5):.0f} ms, "
                f"p95 {percentile(walls, 0.95):.0f} ms, "
                f"CPU {statistics.mean(r[1] for r in runs) * 1000:.0f} ms, "
                f"server CPU {statistics.mean(r[2] for r in runs) * 1000:.0f} ms, "
                f"queries {max(r[3] for r in runs):.0f} ({len(runs)} requests)"
            )


if __name__ == "__main__":
    main()

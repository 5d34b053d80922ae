"""How fast the administrator's department page (单位树管理, ``/manage/departments/``) answers.

Run: `DATABASE_URL=postgresql://…/db .venv/bin/python benchmarks/departments_page_bench.py`
against a database that already holds a province's departments (a clone of a
``benchmarks/province.py`` database). Signs in an administrator (系统管理员, made once under
the name ``bench-admin``), gets the page through the whole Django stack a few times and prints
the departments, the page's size, its queries and the best server time and CPU time.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from typing import Any


def setup() -> Any:
    """A signed-in administrator's client on ``DATABASE_URL``'s (migrated) database."""
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from jixiao.web import models

    user, _ = get_user_model().objects.get_or_create(username="bench-admin")
    models.Membership.objects.get_or_create(user=user, defaults={"role": "administrator"})
    client = Client(SERVER_NAME="localhost")  # an allowed host
    client.force_login(user)
    return client


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    client = setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jixiao.web import models

    walls, cpus = [], []
    for _ in range(args.runs):
        start, used = time.perf_counter(), cpu()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/manage/departments/")
        walls.append(time.perf_counter() - start)
        cpus.append(cpu() - used)
        if response.status_code != 200:
            sys.exit(f"/manage/departments/ answered {response.status_code}")
    print(
        f"departments {models.Department.objects.count()}, page {len(response.content):,} bytes, "
        f"{len(queries)} queries, best {min(walls) * 1000:.0f} ms wall, "
        f"{min(cpus) * 1000:.0f} ms CPU, peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()

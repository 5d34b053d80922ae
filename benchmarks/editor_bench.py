"""How fast the editor's live review answers for a table of 60 indicator rows (target: < 150 ms).

Run: `.venv/bin/python benchmarks/editor_bench.py`.

Sets up a throw-away database (SQLite in a temporary directory, or ``DATABASE_URL``'s database,
which it fills: use an empty one), loads the demo documents, signs in a unit editor of
天津市生态环境局 and posts the editor's form with 60 indicator rows to ``/editor/review/`` through
the whole Django stack, encoded as HTMX sends it (permissions, reading the fields, the review engine with last year's
self-evaluation, the 指标库 history and flags, the HTML of the answer). Prints the best and median
server time over several runs, and the time for a table of 200 rows.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from typing import Any
from urllib.parse import urlencode

ROWS = 60
RUNS = 30
TARGET_MS = 150
FORM = "application/x-www-form-urlencoded"  # as HTMX posts the form

LEVELS = [
    ("产出指标", "数量指标", "现场核查数量", "≥{n}家"),
    ("产出指标", "质量指标", "核查意见出具率", "={n}%"),
    ("产出指标", "时效指标", "完成时限", "2025年12月底前"),
    ("产出指标", "成本指标", "核查成本", "≤{n}万元"),
    ("效益指标", "社会效益指标", "辐射安全水平", "有效提升"),
    ("满意度指标", "服务对象满意度指标", "持证单位满意度", "≥{n}%"),
]


def form(rows: int) -> dict[str, Any]:
    """The editor's form for a 2025 table of ``rows`` indicator rows."""
    picked = [LEVELS[i % len(LEVELS)] for i in range(rows)]
    return {
        "project": "辐射安全许可现场核查（基准）",
        "year": "2025",
        "total": "80",
        "fiscal": "80",
        "other": "0",
        "purpose": "用于许可证现场核查。",
        "goals": "完成现场核查。\n保障辐射环境安全。",
        "level1": [p[0] for p in picked],
        "level2": [p[1] for p in picked],
        "level3": [f"{p[2]}{i}" if i >= len(LEVELS) else p[2] for i, p in enumerate(picked)],
        "description": ["" for _ in picked],
        "target": [p[3].format(n=90 + i) for i, p in enumerate(picked)],
    }


def setup() -> Any:
    """A migrated database with the demo documents and a signed-in unit editor's client."""
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from jixiao.web import bootstrap, models

    bootstrap.migrate()
    bootstrap.load_demo()
    unit = models.Department.objects.get(code="362101")
    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    models.Membership.objects.get_or_create(
        user=user, defaults={"role": "unit_editor", "department": unit}
    )
    client = Client(SERVER_NAME="localhost")  # an allowed host
    client.force_login(user)
    return client


def timed(client: Any, data: dict[str, Any], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.post("/editor/review/", urlencode(data, doseq=True), content_type=FORM)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"/editor/review/ answered {response.status_code}")
    return timings


def main() -> None:
    client = setup()
    data = form(ROWS)
    page = client.post("/editor/review/", urlencode(data, doseq=True), content_type=FORM)
    page = page.content.decode()
    if "数量 · ≥ 90 家 · 越大越好" not in page or "目标偏低" not in page:
        sys.exit("the live review did not read the rows")
    timings = timed(client, data, RUNS)
    median = statistics.median(timings)
    verdict = "OK" if median < TARGET_MS else "TOO SLOW"
    print(
        f"live review of {ROWS} rows: best {min(timings):.1f} ms, median {median:.1f} ms over "
        f"{RUNS} runs (target < {TARGET_MS} ms: {verdict})"
    )
    big = timed(client, form(200), 5)
    print(f"live review of 200 rows: median {statistics.median(big):.1f} ms")


if __name__ == "__main__":
    main()

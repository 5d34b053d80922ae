"""Load a province's year into PostgreSQL fast, for measuring pages (benchmarks/province.py
``--clone-from``): a copy of a database filled by the real import, replicated in SQL.

The base database (``--tables 1000 --no-pages``: the real ``importing.preview`` +
``actions.import_batch``) holds every row an import writes: departments, versions with their
document JSON, indicators, goals, findings, self-evaluations with their rows, search text and the
kept totals. :func:`replicate` copies it as a template and inserts ``copies - 1`` replicas of those
rows with ``INSERT … SELECT`` (the database's own bulk path, seconds for 50,000 tables): each
replica gets fresh ids and its own departments (the corpus's ``PPP101``/``PPP2NN`` codes and
``第PPP号局`` names shifted past the base's 主管部门), so departments, filters, search rows and
findings scale as in a corpus ``copies`` times larger. The totals are then recounted by
:func:`jixiao.web.totals.refresh` — the same recount every action runs — and the tables analysed.

What differs from importing a corpus that large: the replicas' project names, numbers and
document JSON repeat the base's (only departments are new), and the replicas have no import
batch, audit entry or file row of their own (no page lists them at scale).

The import leaves every table a draft; so that the monitoring overview has something to show,
:func:`monitor` then approves a share of the year's target tables (:data:`APPROVED`) and gives
a share of those (:data:`REPORTED`; half of the approved are published) a 绩效运行监控表 of 1–7月: a few reports are built by the
real code (:func:`jixiao.domain.monitoring_form.build` from the table, stored by
:func:`jixiao.web.monitoring.store`) with execution rates from :data:`RATES`, and copied in SQL
to the other projects (their department, year, key and name), most submitted, some drafts, some
reviewed; the kept rows of the overview (:mod:`jixiao.web.monitored`) are recounted with the
totals.
"""

from __future__ import annotations

import time
from dataclasses import replace
from decimal import Decimal
from typing import Any

#: replicated tables in insertion order, with their foreign keys to other replicated tables
TABLES: dict[str, dict[str, str]] = {
    "jixiao_department": {"parent_id": "jixiao_department"},
    "jixiao_project": {"department_id": "jixiao_department"},
    "jixiao_goal": {"project_id": "jixiao_project"},
    "jixiao_indicator": {"project_id": "jixiao_project"},
    "jixiao_searchtext": {"project_id": "jixiao_project"},
    "jixiao_selfevaluation": {"department_id": "jixiao_department"},
    "jixiao_goalresult": {"evaluation_id": "jixiao_selfevaluation"},
    "jixiao_indicatorresult": {"evaluation_id": "jixiao_selfevaluation"},
    "jixiao_finding": {"project_id": "jixiao_project", "evaluation_id": "jixiao_selfevaluation"},
}
#: the share of the current target tables approved (批复) by the 1–7月 monitoring: id % 5 ≠ 0,
#: half of them published (公开) already (id % 5 of 1 or 2)
APPROVED = 4 / 5
_TABLE_STATE = "CASE WHEN id % 5 IN (1, 2) THEN 'published' ELSE 'approved' END"
#: the share of the approved tables with a monitoring report: (id / 5) % 4 ≠ 0
REPORTED = 3 / 4
#: the execution rates (1–7月执行数 / 全年预算数) of the report variants, one per project in turn
RATES = tuple(Decimal(r) / 100 for r in (12, 30, 45, 52, 58, 63, 75, 96))
#: the report's state by project id % 7: mostly submitted, a draft and a reviewed one in seven
_REPORT_STATE = "CASE {id} % 7 WHEN 0 THEN 'draft' WHEN 1 THEN 'reviewed' ELSE 'submitted' END"
_CODE = "^[0-9]{6}$"  # the corpus's department codes: 3 digits of 主管部门, then 101 or 2NN
_NAME = "^第([0-9]+)号局(.*)$"  # its department names


def _code(column: str, shift: int) -> str:
    """SQL: a corpus department code with its 主管部门 number shifted (others get a suffix)."""
    return (
        f"CASE WHEN {column} ~ '{_CODE}' "
        f"THEN (left({column}, 3)::int + {shift})::text || right({column}, 3) "
        f"WHEN {column} = '' THEN '' ELSE {column} || '#{shift}' END"
    )


def _name(column: str, shift: int) -> str:
    """SQL: a corpus department name (第PPP号局…) with its number shifted."""
    return (
        f"CASE WHEN {column} ~ '{_NAME}' "
        f"THEN '第' || (substring({column} from '{_NAME}')::int + {shift})::text || '号局' "
        f"|| regexp_replace({column}, '{_NAME}', '\\2') ELSE {column} || '#{shift}' END"
    )


def _overrides(table: str, shift: int) -> dict[str, str]:
    if table == "jixiao_department":
        return {
            "key": f"CASE WHEN key LIKE 'name:%' THEN 'name:' || {_name('name_key', shift)} "
            f"ELSE {_code('key', shift)} END",
            "code": _code("code", shift),
            "name": _name("name", shift),
            "name_key": _name("name_key", shift),
        }
    if table == "jixiao_project":
        return {"department_code": _code("department_code", shift)}
    return {}


def replicate(url: str, copies: int) -> dict[str, Any]:
    """Insert ``copies - 1`` replicas of the rows of the database at ``url`` (see above)."""
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(url) as db:
        top = {t: db.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
        parents = db.execute(  # 主管部门 numbers in use: replicas number theirs after them
            f"SELECT max(n) - min(n) + 1 FROM (SELECT substring(name from '{_NAME}')::int AS n "
            "FROM jixiao_department) AS numbers"
        ).fetchone()[0]  # type: ignore[index]
        columns = {
            t: [
                r[0]
                for r in db.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = %s AND is_generated = 'NEVER' "  # not bigrams: generated
                    "ORDER BY ordinal_position",
                    (t,),
                )
            ]
            for t in TABLES
        }
        for k in range(1, copies):
            for table, keys in TABLES.items():
                overrides = _overrides(table, k * parents)
                values = [
                    overrides.get(c)
                    or (f"{c} + {k * top[table]}" if c == "id" else None)
                    or (f"{c} + {k * top[keys[c]]}" if c in keys else c)
                    for c in columns[table]
                ]
                db.execute(
                    f"INSERT INTO {table} ({', '.join(columns[table])}) "
                    f"SELECT {', '.join(values)} FROM {table} WHERE id <= {top[table]}"
                )
        for table in TABLES:
            db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        db.commit()
    inserted = time.perf_counter() - start
    from jixiao.cli.serve import setup_django

    setup_django()
    from jixiao.web import models, monitored, totals

    start = time.perf_counter()
    reports = monitor(url)
    totals.refresh()
    monitored.refresh()
    recounted = time.perf_counter() - start
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    return {
        "insert": inserted,
        "totals": recounted,
        "projects": models.Project.objects.filter(is_current=True).count(),
        "indicators": models.Indicator.objects.count(),
        "findings": models.Finding.objects.count(),
        "evaluations": models.SelfEvaluation.objects.count(),
        "departments": models.Department.objects.count(),
        "approved": models.Project.objects.filter(
            is_current=True, state__in=["approved", "published"]
        ).count(),
        "reports": reports,
    }


def monitor(url: str) -> int:
    """Approve :data:`APPROVED` of the current target tables and give :data:`REPORTED` of those
    a monitoring report (see above); the number of reports. Django is set up; the caller
    recounts the totals and the overview's rows."""
    import psycopg

    from jixiao.domain.monitoring_form import build, fields_for
    from jixiao.web import models, monitoring, storage

    with psycopg.connect(url) as db:
        db.execute(
            f"UPDATE jixiao_project SET state = {_TABLE_STATE}, state_changed_at = now() "
            "WHERE is_current AND id % 5 <> 0"
        )
    variants = []
    approved = models.Project.objects.filter(is_current=True, state__in=["approved", "published"])
    reported = (p for p in approved.order_by("id").iterator() if (p.pk // 5) % 4)
    for project, rate in zip(reported, RATES, strict=False):
        table = storage.target_table(project)
        fields = fields_for(table)
        executed = ((table.budget.total or Decimal(100)) * rate).quantize(Decimal("0.01"))
        report = build(table, replace(fields, executed=str(executed), forecast=fields.annual))
        stored = monitoring.store(
            report.report, department=project.department, version=1, user=None
        )
        variants.append(stored.pk)
    if not variants:
        return 0
    with psycopg.connect(url) as db:
        columns = [
            r[0]
            for r in db.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'jixiao_monitoringreport' AND column_name <> 'id' "
                "ORDER BY ordinal_position"
            )
        ]
        overrides = {
            "department_id": "p.department_id",
            "year": "p.year",
            "key": "p.key",
            "project_name": "p.name",
            "title": "split_part(v.title, '（', 1) || '（' || p.name || '）'",
            "state": _REPORT_STATE.format(id="p.id"),
            "state_changed_at": "now()",
            "created_at": "now()",
        }
        chosen = ", ".join(str(pk) for pk in variants)
        db.execute(
            f"INSERT INTO jixiao_monitoringreport ({', '.join(columns)}) "
            f"SELECT {', '.join(overrides.get(c, f'v.{c}') for c in columns)} "
            f"FROM jixiao_project p JOIN jixiao_monitoringreport v "
            f"ON v.id = (ARRAY[{chosen}])[1 + (p.id / 20) % {len(variants)}] "
            "WHERE p.is_current AND p.state IN ('approved', 'published') AND (p.id / 5) % 4 <> 0 "
            "AND NOT EXISTS (SELECT 1 FROM jixiao_monitoringreport r WHERE "
            "r.department_id = p.department_id AND r.year = p.year AND r.key = p.key)"
        )
        db.execute(
            f"UPDATE jixiao_monitoringreport r SET state = {_REPORT_STATE.format(id='p.id')} "
            f"FROM jixiao_project p WHERE r.id IN ({chosen}) AND p.department_id = r.department_id "
            "AND p.year = r.year AND p.key = r.key AND p.is_current"
        )
        found = db.execute("SELECT count(*) FROM jixiao_monitoringreport").fetchone()
    return int(found[0]) if found else 0

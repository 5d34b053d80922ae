from __future__ import annotations

from importlib import import_module
from io import StringIO

import pytest
from django.core.management import call_command

from jixiao.demo import seed_paths
from jixiao.ingest import read_bytes
from jixiao.web import models


def _seed_documents():
    return [d for path in seed_paths() for d in read_bytes(path.name, path.read_bytes())]


def test_migrations_are_complete(db) -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_the_imported_tables_have_no_pattern_twin_indexes_on_postgresql(db) -> None:
    """Migration 0022: the columns of :data:`TWINS` keep their plain index, not Django's
    ``varchar_pattern_ops`` twin (which no query uses); other tables keep theirs. The findings'
    ``rule`` has neither since migration 0025 (``finding_open_rule`` covers it), nor the columns of
    migration 0026's ``UNUSED``."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Django makes pattern indexes on PostgreSQL only")
    twins = import_module("jixiao.web.migrations.0022_no_pattern_indexes").TWINS
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, a.attname, o.opcname FROM pg_index x "
            "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_opclass o ON o.oid = x.indclass[0] "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
            "WHERE x.indnatts = 1 AND t.relname LIKE 'jixiao_%%'"
        )
        indexes = cursor.fetchall()
    pattern = {(t, c) for t, c, o in indexes if o.endswith("_pattern_ops")}
    plain = {(t, c) for t, c, o in indexes if not o.endswith("_pattern_ops")}
    for model, field in twins:
        meta = models.__dict__[model]._meta
        column = (meta.db_table, meta.get_field(field).column)
        assert column not in pattern, column
        dropped = (model, field) in _UNUSED or (model, field) == ("Finding", "rule")
        assert (column in plain) != dropped, column  # migrations 0025 and 0026 dropped some
    assert ("jixiao_department", "key") in pattern  # left as Django made it


_UNUSED_INDEXES = import_module("jixiao.web.migrations.0026_unused_indexes")
_UNUSED = _UNUSED_INDEXES.UNUSED
#: single-column indexes of the imported tables that queries use (docs/province-scale.md)
_KEPT = [
    ("Project", "year"),  # the monitoring overview's latest year
    ("Project", "state"),  # 待办: the few versions waiting in a state
    ("Project", "batch"),  # an import batch's page, its approval and deletion
    ("SelfEvaluation", "state"),
    ("SelfEvaluation", "batch"),
    ("Indicator", "level2"),  # the project list filtered by 二级指标
    ("Indicator", "project"),
    ("IndicatorResult", "evaluation"),
    ("AuditEntry", "action"),
    ("AuditEntry", "at"),
]


def _single_column_indexes() -> set[tuple[str, str]]:
    """(model, field) of the models above with a plain index on that column alone."""
    from django.db import connection

    found = set()
    with connection.cursor() as cursor:
        for model, field in [*_UNUSED, *_KEPT]:
            meta = models.__dict__[model]._meta
            constraints = connection.introspection.get_constraints(cursor, meta.db_table)
            column = meta.get_field(field).column
            if any(
                c["index"] and c["columns"] == [column] and not (c["unique"] or c["primary_key"])
                for c in constraints.values()
            ):
                found.add((model, field))
    return found


@pytest.mark.django_db(transaction=True)
def test_the_indexes_no_query_uses_are_dropped_and_made_again_going_back() -> None:
    """Migration 0026 drops the single-column indexes of :data:`UNUSED` (both backends) and
    keeps the others; migrating back makes them again, forward drops them again."""
    assert _single_column_indexes() == set(_KEPT)
    _app, before = _UNUSED_INDEXES.Migration.dependencies[0]
    call_command("migrate", "jixiao", before, verbosity=0)
    try:
        assert _single_column_indexes() == {*_UNUSED, *_KEPT}
    finally:
        call_command("migrate", "jixiao", verbosity=0)
    assert _single_column_indexes() == set(_KEPT)


def test_demo_batch_stores_43_projects_in_three_departments(demo) -> None:
    assert models.Project.objects.count() == 43
    assert models.Department.objects.count() == 3
    assert models.SelfEvaluation.objects.get().year == 2024
    assert models.ImportedFile.objects.filter(batch=demo).count() == len(seed_paths())


def test_department_tree_follows_budget_codes(demo) -> None:
    head = models.Department.objects.get(code="362101")
    assert head.parent is None
    assert sorted(c.code for c in head.children.all()) == ["362207", "362303"]
    assert models.SelfEvaluation.objects.get().department == head


@pytest.mark.parametrize("field", ["target_raw", "target_kind", "target_unit"])
def test_indicator_columns_mirror_the_parsed_target(demo, field: str) -> None:
    row = models.Indicator.objects.filter(target_kind="quantity").first()
    assert row is not None
    assert getattr(row, field) == row.target[field.removeprefix("target_")]


def test_review_findings_are_stored_with_their_document(demo) -> None:
    from jixiao.domain.review import review

    findings = review(_seed_documents(), profile="tianjin")
    assert models.Finding.objects.count() == len(findings) > 0
    stored_rules = sorted(models.Finding.objects.values_list("rule", flat=True))
    assert stored_rules == sorted(f.rule for f in findings)
    for project in models.Project.objects.all():
        assert project.findings_count == project.findings.count()
        assert project.grade in {"优", "良", "中", "差"}


def test_indicator_findings_sit_on_their_row(demo) -> None:
    on_rows = models.Finding.objects.filter(field="indicator", project__isnull=False)
    assert on_rows.exists()
    for finding in on_rows:
        row = finding.project.indicators.get(position=finding.indicator_position)
        assert row.source_line == finding.source_line


def test_the_database_is_the_one_configured(db) -> None:
    """The suite runs on PostgreSQL when DATABASE_URL is set (CI runs it both ways)."""
    import os

    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected

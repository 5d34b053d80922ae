"""A finding row carries each fact once: its columns, and in ``data`` only what no column holds
(:func:`jixiao.domain.review.finding_row.remainder`); :func:`~jixiao.web.finding_rows.load` reads
back the very finding the review made, whichever way the rows were written (migration 0025)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from pathlib import Path

import pytest
from django.db import connection
from tests.web.test_bulk_copy import write

from jixiao.demo import seed_paths
from jixiao.domain.model import SelfEvaluation, TargetTable
from jixiao.domain.review import Finding, finding_row
from jixiao.ingest import ReadError, read_path
from jixiao.web import bulk, engines, finding_rows, models, storage

pytestmark = pytest.mark.django_db

OFFICE = Path(__file__).parents[1] / "data" / "office"
MIGRATION = import_module("jixiao.web.migrations.0025_finding_remainder")


def _documents() -> list[TargetTable | SelfEvaluation]:
    """The seeds' and tests/data/office's target tables and self-evaluations (the files that
    read)."""
    found: list[TargetTable | SelfEvaluation] = []
    for path in [*seed_paths(), *sorted(OFFICE.iterdir())]:
        try:
            documents = read_path(path)
        except ReadError:
            continue
        found += [d for d in documents if isinstance(d, TargetTable | SelfEvaluation)]
    return found


def _odd(findings: Sequence[Finding]) -> list[Finding]:
    """Findings whose indicator or cell is empty text or a cell address: what the columns alone
    would not give back."""
    first = findings[0]
    return [
        first.model_copy(update={"indicator": ""}),
        first.model_copy(update={"source": first.source.model_copy(update={"cell": ""})}),
        first.model_copy(
            update={"indicator": "满意度", "source": first.source.model_copy(update={"cell": "B3"})}
        ),
        first.model_copy(update={"source": first.source.model_copy(update={"line": None})}),
    ]


def _stored(how: bulk.How) -> list[tuple[list[Finding], storage.Stored]]:
    """Every document with its review's findings written through ``how``, and its row."""
    documents = _documents()
    findings = engines.review_per_document(documents, "tianjin")
    findings[0] = [*findings[0], *_odd([f for found in findings for f in found])]
    chunk = write(documents, findings, how)
    return [(found, rows.version) for found, rows in zip(findings, chunk, strict=True)]


def _read_back(version: storage.Stored) -> list[Finding]:
    return [finding_rows.load(f) for f in version.findings.order_by("id")]


def _ways() -> list[bulk.How]:
    return ["orm", "insert", "copy"] if connection.vendor == "postgresql" else ["orm", "insert"]


@pytest.mark.parametrize("how", _ways())
def test_every_finding_reads_back_as_reviewed(how: bulk.How) -> None:
    stored = _stored(how)
    count = 0
    for found, version in stored:
        assert _read_back(version) == found
        count += len(found)
    assert len(stored) > 40 and count > 60


def test_the_json_keeps_only_what_no_column_holds() -> None:
    stored = _stored("insert")
    for found, version in stored:
        rows = version.findings.order_by("id")
        assert [row.data for row in rows] == [finding_row.remainder(f) for f in found]
    datas = [row.data for row in models.Finding.objects.all()]
    keys = {tuple(sorted(d)) for d in datas}
    assert keys == {("label",), ("indicator", "label"), ("cell", "label")}


def test_migration_0025_rewrites_the_rows_both_ways() -> None:
    """Backwards: ``data`` the whole finding again, as the rows were before; forwards: the
    remainder, and the finding reads back the same. On PostgreSQL on the column as migration
    0025 found it, ``jsonb`` (``json`` since migration 0030; rolled back with the test)."""
    stored = _stored("insert")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: altered
            cursor.execute(
                "ALTER TABLE jixiao_finding ALTER COLUMN data TYPE jsonb USING data::jsonb"
            )
    MIGRATION.full(connection)
    for found, version in stored:
        rows = version.findings.order_by("id")
        assert [Finding.model_validate(row.data) for row in rows] == found
        assert all(set(row.data) == set(Finding.model_fields) for row in rows)
    MIGRATION.slim(connection)
    MIGRATION.slim(connection)  # rows cut already stay as they are
    for found, version in stored:
        rows = version.findings.order_by("id")
        assert [row.data for row in rows] == [finding_row.remainder(f) for f in found]
        assert _read_back(version) == found


def test_the_findings_have_no_index_no_query_reads() -> None:
    """Migration 0025: the rule is looked up with the open findings (``finding_open_rule``), and
    nothing looks findings up by who dismissed them."""
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "jixiao_finding")
    columns = [tuple(c["columns"]) for c in indexes.values() if c["index"]]
    assert ("rule", "project_id") in columns
    assert ("project_id",) in columns and ("evaluation_id",) in columns
    assert ("rule",) not in columns and ("dismissed_by_id",) not in columns
    assert not set(MIGRATION.INDEXES) & set(indexes)

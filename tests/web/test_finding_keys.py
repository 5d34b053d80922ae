"""The findings' foreign-key indexes without their NULL keys (PostgreSQL, migration 0035): the
indexes' predicates, the queries on the keys still through them, migrating back and forward."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet

from jixiao.web import models

_KEYS = import_module("jixiao.web.migrations.0035_finding_keys_not_null")
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partial indexes (PostgreSQL, DATABASE_URL)"
)


def _indexes() -> dict[str, str]:
    """The findings' indexes of one column: their definitions, by column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
            "WHERE i.indrelid = 'jixiao_finding'::regclass AND i.indnatts = 1 "
            "AND NOT i.indisprimary"
        )
        return dict(cursor.fetchall())


def _plan(queryset: QuerySet[Any]) -> str:
    """The plan of ``queryset`` with sequential and plain index scans ruled out (a few demo rows):
    only a bitmap scan on an index whose condition the query meets is left (with plain index
    scans allowed the planner may read the primary key's whole index and filter it)."""
    with connection.cursor() as cursor:
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        return queryset.explain()


@pytest.mark.django_db
def test_the_foreign_key_indexes_leave_out_the_nulls() -> None:
    assert _indexes() == {
        column: f"CREATE INDEX {name} ON public.jixiao_finding USING btree ({column}) "
        f"WHERE ({column} IS NOT NULL)"
        for column, name in (
            ("project_id", "jixiao_finding_project_id_38962750"),
            ("evaluation_id", "jixiao_finding_evaluation_id_7249b00d"),
        )
    }


def test_the_queries_on_a_key_go_through_them(demo) -> None:
    """A project's and a self-evaluation's findings, a page of projects' (``IN``) and a join."""
    project = models.Project.objects.filter(findings__isnull=False).first()
    assert project is not None
    evaluation = models.SelfEvaluation.objects.get()
    findings = models.Finding.objects
    for queryset, index in [
        (findings.filter(project=project), "jixiao_finding_project_id_38962750"),
        (findings.filter(project_id__in=[project.pk, 0]), "jixiao_finding_project_id_38962750"),
        (findings.filter(evaluation=evaluation), "jixiao_finding_evaluation_id_7249b00d"),
        (
            findings.filter(project__department=project.department),
            "jixiao_finding_project_id_38962750",
        ),
    ]:
        assert index in _plan(queryset), queryset.query
        assert queryset.exists()


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forward() -> None:
    _app, before = _KEYS.Migration.dependencies[0]
    call_command("migrate", "jixiao", before, verbosity=0)
    try:
        assert not any("WHERE" in definition for definition in _indexes().values())
        assert set(_indexes()) == set(_KEYS.COLUMNS)
    finally:
        call_command("migrate", "jixiao", verbosity=0)
    assert all("IS NOT NULL" in definition for definition in _indexes().values())

"""The foreign keys without a FOREIGN KEY constraint (the owned rows, ``models.base.OWNED``;
the import batch's versions and files): the actions' deletes still take the rows with their
parent (Django's CASCADE), and :mod:`jixiao.web.integrity` (``jixiao check-integrity``) counts
any row left without one."""

from __future__ import annotations

import threading
from importlib import import_module

import pytest
from django.core.management import call_command
from django.db import connection
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.domain.model import TargetTable
from jixiao.web import actions, finding_rows, importing, integrity, models, refinding, storage

ACTOR = actions.Actor(None, "cli")
OWNED = {
    ("jixiao_goal", "project_id"),
    ("jixiao_indicator", "project_id"),
    ("jixiao_searchtext", "project_id"),
    ("jixiao_finding", "project_id"),
    ("jixiao_finding", "evaluation_id"),
    ("jixiao_goalresult", "evaluation_id"),
    ("jixiao_indicatorresult", "evaluation_id"),
    ("jixiao_total", "department_id"),
}
BATCH = {  # set only by the import, in its batch's transaction (migration 0032)
    ("jixiao_project", "batch_id"),
    ("jixiao_selfevaluation", "batch_id"),
    ("jixiao_monitoringreport", "batch_id"),
    ("jixiao_importedfile", "batch_id"),
}
UNCHECKED = OWNED | BATCH
BATCH_ROWS = [models.Project, models.SelfEvaluation, models.ImportedFile]
ROWS = [models.Goal, models.Indicator, models.SearchText, models.Finding, models.GoalResult]
ROWS += [models.IndicatorResult]


def _orphans() -> dict[tuple[str, str], int]:
    return {(o.table, o.column): o.count for o in integrity.orphans()}


def assert_no_orphans() -> None:
    """No owned row without its parent (the other tests call it after imports and deletes)."""
    assert set(_orphans().values()) == {0}


def test_the_unchecked_foreign_keys_are_the_owned_rows_and_the_batch_only() -> None:
    assert {(f.model._meta.db_table, f.column) for f in integrity.unchecked()} == UNCHECKED


def _constrained() -> set[tuple[str, str]]:
    """The (table, column) pairs of PostgreSQL's FOREIGN KEY constraints."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, a.attname FROM pg_constraint c JOIN pg_attribute a "
            "ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) WHERE c.contype = 'f'"
        )
        return set(cursor.fetchall())


def _schema() -> list[tuple[str, str]]:
    """Every table's, index's and trigger's SQL (SQLite: what a table rebuild would change)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        return cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps its constraints")
def test_postgresql_has_no_constraint_of_the_unchecked_keys(db) -> None:
    constrained = _constrained()
    assert not constrained & UNCHECKED
    assert ("jixiao_project", "department_id") in constrained  # the others stay
    assert ("jixiao_pendingupload", "batch_id") in constrained


def test_the_actions_deletes_leave_no_orphan(demo, member) -> None:
    assert all(model.objects.exists() for model in ROWS)
    assert_no_orphans()
    project = models.Project.objects.filter(goals__isnull=False).exclude(findings=None).first()
    assert project is not None and project.search_texts.exists()
    actions.delete_project(project, ACTOR)
    assert not models.Goal.objects.filter(project_id=project.pk).exists()
    assert not models.SearchText.objects.filter(project_id=project.pk).exists()
    evaluation = models.SelfEvaluation.objects.exclude(goals=None).first()
    assert evaluation is not None and evaluation.indicators.exists()
    actions.delete_evaluation(evaluation, ACTOR)
    assert_no_orphans()
    units = models.Department.objects.exclude(projects=None).exclude(parent=None)
    source, into = units.order_by("pk")[:2]
    assert models.Total.objects.filter(department=source).exists()
    administrator = actions.Actor(member("administrator"), "web")
    actions.merge_departments(administrator, source, into)  # the source department is deleted
    assert_no_orphans()
    actions.delete_batch(demo, ACTOR)
    assert not any(model.objects.exists() for model in ROWS)
    assert_no_orphans()


@pytest.fixture
def report(demo) -> models.MonitoringReport:
    """A monitoring report with the demo (which has none), its batch unset."""
    department = models.Department.objects.order_by("pk").first()
    assert department is not None
    return models.MonitoringReport.objects.create(
        department=department, key="k", project_name="p", title="t", month=6, document={}
    )


@pytest.mark.parametrize("unchecked", sorted(UNCHECKED))
def test_a_row_without_its_parent_is_found(report, unchecked: tuple[str, str]) -> None:
    table, column = unchecked
    field = next(
        f for f in integrity.unchecked() if (f.model._meta.db_table, f.column) == unchecked
    )
    row = field.model._default_manager.order_by("pk").first()
    assert row is not None
    parent = field.related_model._default_manager.order_by("-pk").first()
    missing = parent.pk + 1000
    with connection.cursor() as cursor:  # by raw SQL, as a damaged restore or a bug would
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [missing, row.pk])
    try:
        assert _orphans() == {key: int(key == unchecked) for key in UNCHECKED}
        result = CliRunner().invoke(app, ["check-integrity"])
        assert result.exit_code == 1, result.output
        assert f"{table}.{column} → " in result.output and ": 1 orphan rows" in result.output
    finally:  # SQLite keeps its constraint: checked at the end of the test's transaction
        field.model._default_manager.filter(pk=row.pk).update(
            **{field.attname: getattr(row, field.attname)}
        )
    assert CliRunner().invoke(app, ["check-integrity"]).exit_code == 0


def test_a_review_writes_no_finding_of_a_version_deleted_since_it_was_read(demo) -> None:
    row = models.Project.objects.filter(findings_count__gt=1).order_by("pk").first()
    assert row is not None
    document = storage.load(row)
    assert isinstance(document, TargetTable)
    fewer = [finding_rows.load(f) for f in row.findings.order_by("pk")][1:]  # a changed review
    other = models.Project.objects.filter(findings_count__gt=1).order_by("-pk").first()
    assert other is not None and other.pk != row.pk
    kept = [finding_rows.load(f) for f in other.findings.order_by("pk")][1:]
    models.Project.objects.filter(pk=row.pk).delete()  # meanwhile, by someone else
    refound = [
        refinding.Refound(row, document, fewer, row.review_profile),
        refinding.Refound(other, storage.load(other), kept, other.review_profile),
    ]
    assert refinding.refind(refound) == 1  # the other only
    assert not models.Finding.objects.filter(project_id=row.pk).exists()
    assert other.findings.count() == len(kept)
    assert_no_orphans()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_a_delete_waits_for_a_save_that_writes_the_versions_rows(database_url: str) -> None:
    import psycopg

    from jixiao.demo import seed_paths

    preview = importing.preview([importing.Upload.from_path(seed_paths()[3])])
    actions.import_batch(preview, ACTOR)
    project = models.Project.objects.order_by("pk").first()
    assert project is not None
    deleted: list[BaseException | None] = []

    def delete() -> None:
        try:
            actions.delete_project(project, ACTOR)
            deleted.append(None)
        except BaseException as error:
            deleted.append(error)
        finally:
            connection.close()

    with psycopg.connect(database_url) as saving:  # a save holding the version's lock
        saving.execute("SELECT id FROM jixiao_project WHERE id = %s FOR UPDATE", [project.pk])
        saving.execute(
            "INSERT INTO jixiao_goal (position, text, project_id) VALUES (99, 'late', %s)",
            [project.pk],
        )
        thread = threading.Thread(target=delete)
        thread.start()
        thread.join(timeout=2)
        assert thread.is_alive()  # the delete waits for the save
        saving.commit()
    thread.join(timeout=60)
    assert deleted == [None]
    assert not models.Goal.objects.filter(project_id=project.pk).exists()  # the late row too
    assert_no_orphans()


@pytest.mark.django_db(transaction=True)
def test_migration_0032_back_and_forward_with_rows(demo_preview) -> None:
    """Back: PostgreSQL adds the batch's four constraints again (validating the stored rows);
    SQLite's schema stays as it is (the state only: no table rebuilt, the triggers kept).
    Forward: the constraints dropped again, the rows and their batch as they were."""
    batch = actions.import_batch(demo_preview, ACTOR)
    rows = {m.__name__: m.objects.filter(batch=batch).count() for m in BATCH_ROWS}
    assert all(rows.values())
    postgresql = connection.vendor == "postgresql"
    before = None if postgresql else _schema()
    migration = import_module("jixiao.web.migrations.0032_batch_rows_unchecked").Migration
    call_command("migrate", "jixiao", migration.dependencies[0][1], verbosity=0)
    try:
        if postgresql:
            assert _constrained() >= BATCH
        else:
            assert _schema() == before
    finally:
        call_command("migrate", "jixiao", verbosity=0)
    if postgresql:
        assert not _constrained() & UNCHECKED
    else:
        assert _schema() == before
    assert {m.__name__: m.objects.filter(batch=batch).count() for m in BATCH_ROWS} == rows
    assert_no_orphans()

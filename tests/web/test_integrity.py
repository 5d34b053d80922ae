"""The owned rows' foreign keys without a FOREIGN KEY constraint (``models.base.OWNED``): the
actions' deletes still take the rows with their parent (Django's CASCADE), and
:mod:`jixiao.web.integrity` (``jixiao check-integrity``) counts any row left without one."""

from __future__ import annotations

import threading

import pytest
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
ROWS = [models.Goal, models.Indicator, models.SearchText, models.Finding, models.GoalResult]
ROWS += [models.IndicatorResult]


def _orphans() -> dict[tuple[str, str], int]:
    return {(o.table, o.column): o.count for o in integrity.orphans()}


def assert_no_orphans() -> None:
    """No owned row without its parent (the other tests call it after imports and deletes)."""
    assert set(_orphans().values()) == {0}


def test_the_unchecked_foreign_keys_are_the_owned_rows_only() -> None:
    assert {(f.model._meta.db_table, f.column) for f in integrity.unchecked()} == OWNED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps its constraints")
def test_postgresql_has_no_constraint_of_the_owned_rows(db) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, a.attname FROM pg_constraint c JOIN pg_attribute a "
            "ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) WHERE c.contype = 'f'"
        )
        constrained = set(cursor.fetchall())
    assert not constrained & OWNED
    assert ("jixiao_project", "department_id") in constrained  # the others stay


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


@pytest.mark.parametrize("owned", sorted(OWNED))
def test_a_row_without_its_parent_is_found(demo, owned: tuple[str, str]) -> None:
    field = next(f for f in integrity.unchecked() if (f.model._meta.db_table, f.column) == owned)
    rows = field.model._default_manager.filter(**{f"{field.attname}__isnull": False})
    row = rows.order_by("pk").first()
    assert row is not None
    parent = field.related_model._default_manager.order_by("-pk").first()
    missing = parent.pk + 1000
    field.model._default_manager.filter(pk=row.pk).update(**{field.attname: missing})
    try:
        assert _orphans() == {key: int(key == owned) for key in OWNED}
        result = CliRunner().invoke(app, ["check-integrity"])
        assert result.exit_code == 1, result.output
        assert f"{owned[0]}.{owned[1]} → " in result.output and ": 1 orphan rows" in result.output
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

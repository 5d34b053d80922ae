"""Import in batches, the next batch read while one is written (:mod:`jixiao.web.pipeline`): the
same stored rows, findings, versions and audit rows as the batches imported one after the other,
and a batch that fails leaves nothing of itself (the batches before it stay)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from jixiao import collector
from jixiao.demo import SEEDS
from jixiao.ingest.answers import Documents
from jixiao.web import actions, engines, importing, models, pipeline

from .test_integrity import assert_no_orphans

TABLES = SEEDS / "000_c59c10b86de5a10a.txt"
EVALUATION = SEEDS / "001_eb7a6641e668a5f6.txt"
OTHER = SEEDS / "003_88a8ef7fc06e4953.txt"
ACTOR = actions.Actor(None, "cli")


def _corpus(directory: Path) -> list[Path]:
    """Files whose outcome depends on the batches before them: last year's self-evaluation (read
    by APP-02/03 of this year's tables in its batch, or stored before them when the review reads
    the stored ones), a department's tables, a second reading with a changed
    amount (a new version of a stored record), a file imported before, and new tables."""
    tables = TABLES.read_text(encoding="utf-8")
    last_year = EVALUATION.read_text(encoding="utf-8")  # 2024; the tables are of 2025
    files = {
        "1_last_year.txt": last_year,
        "2_other.txt": OTHER.read_text(encoding="utf-8"),
        "3_tables.txt": tables,
        "4_renamed.txt": tables.replace("项目名称\n\t", "项目名称\n\t第二批"),
        "5_changed.txt": tables.replace("2187.85", "2000"),
        "6_again.txt": tables,  # the same bytes as 3_tables.txt: imported before
        "7_this_year.txt": last_year.replace("(2024年度)", "(2025年度)"),
    }
    paths = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _unreadable(path: Path) -> Path:
    """A file no reader can read (its batch is refused)."""
    path.write_bytes(bytes(range(256)) * 64)
    return path


def _uploads(paths: list[Path]) -> list[importing.Upload]:
    return [importing.Upload.from_path(p) for p in paths]


def _one_by_one(paths: list[Path], size: int) -> None:
    for start in range(0, len(paths), size):
        preview = importing.preview(_uploads(paths[start : start + size]))
        if preview.committable:
            actions.import_batch(preview, ACTOR)


def _version(model: Any, pk: Any) -> tuple[str, int] | None:
    row = model.objects.filter(pk=pk).first()
    return None if row is None else (row.key, row.version)


def _plain(value: Any, obj: tuple[str, Any]) -> Any:
    """An audit row's values with the primary keys (which differ from run to run) replaced by
    what they name."""
    if not isinstance(value, dict):
        return value
    out = dict(value)
    model = models.Project if obj[0] == "project" else models.SelfEvaluation
    if "id" in out:
        out["id"] = _version(model, out["id"])
    if out.get("parent") is not None:
        out["parent"] = models.Department.objects.get(pk=out["parent"]).key
    return out


def _state() -> dict[str, Any]:
    """Everything the import stores, without primary keys or times."""
    versions: list[tuple[Any, ...]] = []
    for model in (models.Project, models.SelfEvaluation):
        for row in model.objects.order_by("department__key", "year", "key", "version"):
            versions.append(
                (
                    model.__name__,
                    row.department.key,
                    row.year,
                    row.key,
                    row.version,
                    row.is_current,
                    row.findings_count,
                    row.document,
                    getattr(row, "grade", ""),
                    sorted(row.findings.values_list("rule", "message", "indicator_position")),
                    list(row.indicators.order_by("position").values_list("position", "target_raw")),
                    [f.name for f in row.batch.files.order_by("name")],
                )
            )
    audit = []
    for entry in models.AuditEntry.objects.order_by("pk"):
        obj = (entry.object_type, entry.object_id)
        named = _version(
            models.Project if entry.object_type == "project" else models.SelfEvaluation,
            entry.object_id,
        )
        audit.append(
            (
                entry.action,
                entry.object_type,
                "" if entry.object_type == "batch" else entry.object_label,  # "#<id> <time>"
                entry.via,
                named if entry.object_type in ("project", "evaluation") else None,
                _plain(entry.old, obj),
                _plain(entry.new, obj),
            )
        )
    batches = list(
        models.ImportBatch.objects.order_by("pk").values_list(
            "documents", "new_records", "new_versions", "unchanged", "indicators", "findings"
        )
    )
    departments = sorted(models.Department.objects.values_list("key", "name", "parent__key"))
    totals = sorted(
        models.Total.objects.values_list(
            "kind", "department__key", "year", "state", "key", "detail", "count"
        )
    )
    return {
        "versions": versions,
        "audit": audit,
        "batches": batches,
        "departments": departments,
        "totals": totals,
    }


def _clear() -> None:
    for model in (
        models.AuditEntry,
        models.Finding,
        models.Indicator,
        models.Goal,
        models.IndicatorResult,
        models.GoalResult,
        models.SearchText,
        models.Project,
        models.SelfEvaluation,
        models.ImportedFile,
        models.ImportBatch,
        models.Total,
    ):
        model.objects.all().delete()
    models.Department.objects.exclude(parent=None).delete()
    models.Department.objects.all().delete()


@pytest.mark.parametrize("size", [1, 2, 3])
def test_pipelined_batches_store_what_batches_one_by_one_store(db, tmp_path: Path, size) -> None:
    paths = _corpus(tmp_path)
    _one_by_one(paths, size)
    expected = _state()
    rules = {rule for v in expected["versions"] for rule, *_ in v[9]}
    if size >= 3:  # last year's self-evaluation and the tables in one batch
        assert {"APP-02", "APP-03"} & rules
    assert any(v[4] == 2 for v in expected["versions"])  # the changed amount: a new version
    assert len(expected["batches"]) >= 2
    _clear()
    steps = list(pipeline.import_in_batches(_uploads(paths), ACTOR, files_per_batch=size))
    assert _state() == expected
    assert len(steps) == -(-len(paths) // size)
    assert [s.batch is not None for s in steps].count(True) == len(expected["batches"])
    assert_no_orphans()


def test_a_failing_batch_leaves_nothing_of_itself_and_the_earlier_batches_stay(
    db, tmp_path: Path
) -> None:
    paths = _corpus(tmp_path)
    bad = _unreadable(tmp_path / "4_unreadable.txt")
    files = [*paths[:2], paths[2], bad, *paths[3:]]  # batches: 1+2, 3+bad, 4+5, 6+7
    _one_by_one(paths[:2], 2)
    expected = _state()
    _clear()
    imported = []
    with pytest.raises(importing.ImportRefused) as refused:
        for step in pipeline.import_in_batches(_uploads(files), ACTOR, files_per_batch=2):
            imported.append(step.batch)
    assert [f.name for f in refused.value.preview.files] == ["3_tables.txt", "4_unreadable.txt"]
    assert len(imported) == 1
    assert _state() == expected  # the first batch, whole; nothing of the second or later
    assert not models.Project.objects.filter(key__contains="大气").exists()
    assert_no_orphans()


def test_jixiao_import_batch_files_imports_batch_by_batch(db, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    paths = _corpus(tmp_path)
    result = CliRunner().invoke(app, ["import", "--batch-files", "2", *map(str, paths)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("imported batch") == models.ImportBatch.objects.count() == 4
    assert "skipped" in result.stdout and "imported before" in result.stdout  # 6_again.txt
    assert models.Project.objects.filter(version=2, is_current=True).count() == 1
    bad = _unreadable(tmp_path / "0_unreadable.txt")
    again = CliRunner().invoke(app, ["import", "--batch-files", "1", str(bad)])
    assert again.exit_code == 2
    assert f"error: {bad}" in again.stderr and "the 0 batches before it were" in again.stderr
    assert models.ImportBatch.objects.count() == 4


def test_the_collector_runs_less_often_while_batches_are_imported_and_as_before_after(
    db, tmp_path: Path
) -> None:
    paths = _corpus(tmp_path)
    bad = _unreadable(tmp_path / "9_unreadable.txt")
    before = gc.get_threshold()
    during: list[tuple[int, ...]] = []
    steps = pipeline.import_in_batches(
        _uploads(paths),
        ACTOR,
        files_per_batch=3,
        progress=lambda _: during.append(gc.get_threshold()),
    )
    assert [step.batch is not None for step in steps] == [True, True, True]
    assert during and all(
        t == (collector.YOUNG_COLLECTION_AFTER, before[1], collector.FULL_COLLECTION_EVERY)
        for t in during
    )
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0  # what the readings and batches froze is handed back
    with pytest.raises(importing.ImportRefused):  # a refused batch: the threshold is back too
        list(pipeline.import_in_batches(_uploads([bad, *paths]), ACTOR, files_per_batch=1))
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_imports_at_once_leave_the_collector_as_it_was_when_the_last_one_ends() -> None:
    before = gc.get_threshold()
    first, second = collector.fewer_collections(), collector.fewer_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first import ends while the second runs
    assert gc.get_threshold()[0] == collector.YOUNG_COLLECTION_AFTER
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_the_cross_document_rules_read_the_digests_the_workers_sent_as_they_would_here(
    db, tmp_path: Path
) -> None:
    """A preview reviews across its documents on the digests the sandbox's workers sent with
    them: the findings are those of the whole review in this process (APP-02/03 among them)."""
    paths = _corpus(tmp_path)
    preview = importing.preview(_uploads(paths[:3]))
    results = [f for f in preview.files if f.importable]
    assert all(f.digests is not None and f.values is not None for f in results)
    documents = [d for f in results for d in f.documents]
    found = [rows for f in results for rows in f.findings]
    assert found == engines.review_rows(documents, preview.review_profile)
    assert {"APP-02", "APP-03"} & {row[1] for rows in found for row in rows}  # its rule


def test_the_import_makes_a_document_model_only_to_compare_a_record_read_again(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview plans, reviews and counts its documents, and the import stores them, by what
    the sandbox's workers sent of each (card, row values, digest, JSON text): no document model
    is made in this process for new records; one is made only to compare a record read again
    with its stored version (a file's documents at once, when first asked for)."""
    made: list[int] = []
    making = Documents.made
    monkeypatch.setattr(Documents, "made", lambda self: made.append(id(self)) or making(self))
    paths = _corpus(tmp_path)
    first = importing.preview(_uploads(paths[:3]))
    summary = first.summary()
    batch = actions.import_batch(first, ACTOR)
    assert made == [] and all(isinstance(f.documents, Documents) for f in first.files)
    documents = [d for f in first.files for d in f.documents]  # made now: the same counts
    assert batch.documents == batch.new_records == len(documents) == 40
    assert batch.indicators == sum(len(d.indicators) for d in documents)
    assert f"指标 {batch.indicators} 项" in summary and "绩效自评表 1 张" in summary
    made.clear()
    second = importing.preview(_uploads([paths[4]]))  # 5_changed.txt: new versions
    assert set(made) == {id(second.files[0].documents)}
    assert "version" in {p.status for p in second.plans}
    actions.import_batch(second, ACTOR)
    assert set(made) == {id(second.files[0].documents)}

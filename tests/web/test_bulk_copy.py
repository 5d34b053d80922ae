"""PostgreSQL ``COPY`` of the child rows, and one ``INSERT`` run for many rows, store exactly what
``bulk_create`` of model instances stores (:mod:`jixiao.web.bulk`)."""

from __future__ import annotations

import datetime
import json
import warnings
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db import models as db

from jixiao.demo import seed_paths
from jixiao.domain.model import IndicatorResult, SelfEvaluation, TargetTable
from jixiao.domain.records import record_key
from jixiao.domain.review import Finding, finding_row
from jixiao.domain.row_values import row_values
from jixiao.ingest import ReadError, read_path
from jixiao.web import bulk, bulk_values, engines, models, search, storage

pytestmark = pytest.mark.django_db


OFFICE = Path(__file__).parents[1] / "data" / "office"  # tests/data's workbooks, documents, prints


@cache
def _documents(source: str) -> list[TargetTable | SelfEvaluation]:
    """The target tables and self-evaluations of the seeds, or of tests/data's office files (those
    a reader takes)."""
    paths = seed_paths() if source == "seeds" else sorted(OFFICE.iterdir())
    documents = []
    for path in paths:
        try:
            documents += read_path(path)
        except ReadError:
            continue
    return [d for d in documents if isinstance(d, TargetTable | SelfEvaluation)]


def _written(how: bulk.How, offset: int, source: str, scaled: bool = False) -> list[storage.Stored]:
    """Every document of ``source`` (with its findings) written through one path, as versions
    ``offset + position`` of one department (so that both paths can write the same documents;
    ``scaled``: their amounts given as millionths, as the reader workers send them)."""
    documents = _documents(source)
    findings = engines.review_per_document(documents, "tianjin")
    return [rows.version for rows in write(documents, findings, how, offset, scaled)]


def write(
    documents: Sequence[TargetTable | SelfEvaluation],
    findings: Sequence[Sequence[Finding]],
    how: bulk.How,
    offset: int = 0,
    scaled: bool = False,
) -> list[storage.Rows]:
    """``documents`` with their ``findings`` written through ``how``, as versions ``offset + 1``,
    ``offset + 2`` … of one department, not current (``scaled``: see :func:`_written`)."""
    department, _ = models.Department.objects.get_or_create(key="bulk-copy", name="复制测试局")
    chunk = [
        storage.rows(
            row_values(document, scaled=scaled),
            table=isinstance(document, TargetTable),
            key=record_key(document).name,
            department=department,
            version=offset + i,
            is_current=False,
            batch=None,
            user=None,
            findings=finding_row.rows(found, document.indicators),
            stamp=engines.stamp(found, "tianjin"),
        )
        for i, (document, found) in enumerate(zip(documents, findings, strict=True), start=1)
    ]
    bulk.insert(chunk, how=how)
    return chunk


def _children(version: storage.Stored) -> dict[str, list[Any]]:
    """Every child row of a version, all columns but its own id and the version's, as the
    database gives them back (JSON as stored text on SQLite) and as the model reads them."""
    owner = "project" if isinstance(version, models.Project) else "evaluation"
    kinds: list[type[db.Model]] = [models.Finding]
    if owner == "project":
        kinds += [models.Goal, models.Indicator, models.SearchText]
    else:
        kinds += [models.GoalResult, models.IndicatorResult]
    found = {}
    for model in kinds:
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in ("project_id", "evaluation_id")
        ]
        rows = model._default_manager.filter(**{owner: version}).order_by("id")
        found[model.__name__] = list(rows.values(*[c for c in columns if c != "bigrams"]))
        if model is models.SearchText and connection.vendor == "postgresql":
            columns.append("bigrams")  # no model field: COPY writes it, a trigger otherwise
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {names} FROM {model._meta.db_table} WHERE {owner}_id = %s ORDER BY id",
                [version.pk],
            )
            found[f"{model.__name__} (raw)"] = cursor.fetchall()
    return found


def _columns(version: storage.Stored) -> dict[str, Any]:
    """The version row's columns but its id, version number and times."""
    skip = {"id", "version", "created_at", "updated_at", "state_changed_at"}
    fields = [f.attname for f in type(version)._meta.concrete_fields if f.attname not in skip]
    return type(version)._default_manager.filter(pk=version.pk).values(*fields).get()


def _raw_document(version: storage.Stored) -> Any:
    """The version row's document as the database gives it back (SQLite: the stored text)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT document FROM {type(version)._meta.db_table} WHERE id = %s", [version.pk]
        )
        return cursor.fetchone()[0]


def _same_as_bulk_create(how: bulk.How, source: str, scaled: bool) -> None:
    created = _written("orm", offset=1000, source=source)
    written = _written(how, offset=2000, source=source, scaled=scaled)
    assert len(created) == len(written) > 20
    indicators = findings = searched = 0
    for one, other in zip(created, written, strict=True):
        one.refresh_from_db()
        other.refresh_from_db()
        assert storage.load(one) == storage.load(other)
        assert _columns(other) == _columns(one)
        assert _raw_document(other) == _raw_document(one)
        expected, actual = _children(one), _children(other)
        assert actual == expected
        indicators += len(actual.get("Indicator", actual.get("IndicatorResult", [])))
        findings += len(actual["Finding"])
        searched += len(actual.get("SearchText", []))
    assert indicators > 300  # the indicator rows, with their exact amounts
    assert findings > 40
    assert searched > 20


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY exists on PostgreSQL only (DATABASE_URL)"
)
@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("source", ["seeds", "office"])
def test_copy_stores_exactly_what_bulk_create_stores(source: str, scaled: bool) -> None:
    """Also with the amounts given as millionths (``scaled``: the row values as a reader worker
    sends them), which ``bulk_create`` of the documents' decimals stores."""
    _same_as_bulk_create("copy", source, scaled)


@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("source", ["seeds", "office"])
def test_insert_stores_exactly_what_bulk_create_stores(source: str, scaled: bool) -> None:
    """The default way on SQLite (runs on PostgreSQL too); ``scaled`` as above."""
    _same_as_bulk_create("insert", source, scaled)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST compression (PostgreSQL)")
def test_documents_are_compressed_with_lz4_when_the_server_has_it() -> None:
    """Migration 0020: the version rows' documents are stored lz4-compressed (cheaper to write)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        (available,) = cursor.fetchone()
        cursor.execute(
            "SELECT attrelid::regclass::text, attcompression FROM pg_attribute "
            "WHERE attname = 'document' AND attrelid IN "
            "('jixiao_project'::regclass, 'jixiao_selfevaluation'::regclass)"
        )
        found = dict(cursor.fetchall())
    expected = "l" if available else ""
    assert found == {"jixiao_project": expected, "jixiao_selfevaluation": expected}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY's keys (PostgreSQL)")
def test_copy_takes_its_keys_from_the_sequence_named_once() -> None:
    """``COPY`` takes consecutive keys from its table's sequence, in order, and asks the
    sequence's name once a statement, not once a key (``pg_get_serial_sequence`` reads the
    catalogue: ≈ 7 µs of the server's CPU a key)."""
    table, column, wanted = models.AuditEntry._meta.db_table, "id", 5
    with connection.cursor() as cursor:
        cursor.execute(bulk._RESERVED, [table, column, wanted])
        keys = [key for (key,) in cursor.fetchall()]
        cursor.execute(
            f"EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) {bulk._RESERVED}", [table, column, wanted]
        )
        (plan,) = cursor.fetchone()
    assert keys == list(range(keys[0], keys[0] + wanted))
    nodes = _nodes(json.loads(plan)[0]["Plan"])  # Django reads JSON as its text
    named = [node for node in nodes if "pg_get_serial" in str(node.get("Output"))]
    assert named and all(n["Actual Rows"] * n["Actual Loops"] == 1 for n in named)


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    """A plan's node and every node under it."""
    return [node, *(n for child in node.get("Plans", []) for n in _nodes(child))]


def test_the_finding_rows_go_to_the_writer_as_the_review_made_them() -> None:
    """``storage.rows`` hands the finding rows on as they came (tuples in the order of
    ``finding_row.COLUMNS``, :data:`~jixiao.web.storage.ORDERED`): no dictionary is made per row
    (the tests above show them stored as ``bulk_create`` stores their columns by name)."""
    document = _documents("seeds")[0]
    found = finding_row.rows(engines.review_per_document([document], "tianjin")[0], [])
    built = _rows(document, found)
    assert built.findings is found and found and all(type(r) is tuple for r in found)
    assert storage.ORDERED[models.Finding] == finding_row.COLUMNS


def test_the_indicator_rows_hold_their_indicators_columns() -> None:
    """The indicator rows go to the writer as their values in their model's order of names
    (:data:`~jixiao.web.storage.ORDERED`, no dictionary a row); by name, each holds its
    indicator's columns, a target table's and a self-evaluation's (a JSON value as its JSON
    text, :mod:`jixiao.domain.row_values`)."""
    documents = _documents("seeds")
    table = next(d for d in documents if isinstance(d, TargetTable) and d.indicators)
    evaluation = next(d for d in documents if isinstance(d, SelfEvaluation) and d.indicators)
    for document, model in ((table, models.Indicator), (evaluation, models.IndicatorResult)):
        built = _rows(document, [])
        assert len(built.indicators) == len(document.indicators)
        for i, (ind, row) in enumerate(zip(document.indicators, built.indicators, strict=True)):
            target, source = ind.target, ind.source
            expected: dict[str, Any] = {
                "position": i,
                "level1": ind.level1,
                "level2": ind.level2,
                "level3": ind.level3,
                "weight": ind.weight,
                "target_raw": target.raw,
                "target_kind": target.kind,
                "target_op": target.op or "",
                "target_value": target.value,
                "target_unit": target.unit or "",
                "target_deadline": target.deadline,
                "target": target.model_dump_json().encode(),
                "source_file": source.file,
                "source_line": source.line,
                "source_cell": source.cell or "",
            }
            if isinstance(ind, IndicatorResult):
                expected |= {
                    "goal_no": ind.goal_no,
                    "score": ind.score,
                    "deviation": ind.deviation or "",
                    "actual_raw": ind.actual.raw,
                    "actual": ind.actual.model_dump_json().encode(),
                }
            else:
                expected["description"] = ind.description or ""
            assert storage.columns_of(row, storage.ORDERED[model]) == expected


def test_the_version_rows_hold_their_documents_columns() -> None:
    """A version row copies its document's columns (:mod:`jixiao.domain.row_values`, made where
    the document is read): a target table's project, budget and purpose, a self-evaluation's
    budget and conclusions, each document's identity, title, year and place; its ``document``
    is the document's JSON text."""
    documents = _documents("seeds")
    table = next(d for d in documents if isinstance(d, TargetTable) and d.purpose)
    evaluation = next(d for d in documents if isinstance(d, SelfEvaluation) and d.conclusion)
    for document in (table, evaluation):
        version = _rows(document, []).version
        source = document.source
        expected: dict[str, Any] = {
            "document_id": document.id or "",
            "year": document.year,
            "title": document.title,
            "source_file": source.file,
            "source_line": source.line,
            "source_cell": source.cell or "",
            "document": document.model_dump_json().encode(),
        }
        if isinstance(document, TargetTable):
            budget = document.budget
            expected |= {
                "name": document.project.name,
                "number": document.number,
                "money_unit": document.money_unit,
                "budget_total": budget.total,
                "budget_fiscal": budget.fiscal,
                "budget_other": budget.other,
                "purpose": document.purpose,
            }
        else:
            spent = document.budget
            expected |= {
                "scope": document.scope,
                "budget_initial": spent.initial,
                "budget_annual": spent.annual,
                "budget_executed": spent.executed,
                "budget_rate": spent.rate,
                "budget_weight": spent.weight,
                "budget_score": spent.score,
                "total_weight": document.total_weight,
                "total": document.total,
                "grade": document.grade or "",
                "conclusion": document.conclusion,
            }
        assert {name: getattr(version, name) for name in expected} == expected


def _rows(document: TargetTable | SelfEvaluation, found: list[finding_row.Row]) -> storage.Rows:
    """``storage.rows`` of ``document`` with the finding rows ``found`` (version 1, not current)."""
    department, _ = models.Department.objects.get_or_create(key="bulk-copy", name="复制测试局")
    return storage.rows(
        row_values(document),
        table=isinstance(document, TargetTable),
        key=record_key(document).name,
        department=department,
        version=1,
        is_current=False,
        batch=None,
        user=None,
        findings=found,
        stamp=engines.stamp([], "tianjin"),
    )


@pytest.mark.parametrize("how", ["copy", "insert"])
def test_a_json_text_made_already_is_converted_as_its_column_converts_any_value(how: str) -> None:
    """A JSON column's value that comes as its JSON text already (UTF-8 bytes, a worker's) gets
    the conversion chosen for its type (``_chosen``: ``COPY``'s bytes sent as they are, SQLite's
    text), not the column's generic one: the same value, of the same type. (PostgreSQL's
    ``INSERT`` adapts every value the same way: nothing chosen there.)"""
    text = '{"名称":"培训","说明":"一\\n二\\\\三","值":[1,2.5,null]}'.encode()
    columns = [
        (model, field)
        for model in (models.Project, models.Indicator, models.IndicatorResult, models.Finding)
        for field in model._meta.concrete_fields
        if field.get_internal_type() == "JSONField"
    ]
    assert len(columns) >= 5
    chosen = 0
    for _, field in columns:
        _, convert = bulk_values.converter(field, connection, how)  # type: ignore[arg-type]
        if bulk_values.chosen(convert, bytes) is not convert:
            made, generic = bulk_values.chosen(convert, bytes)(text), convert(text)
            assert (type(made), made) == (type(generic), generic)
            chosen += 1
    assert chosen == (len(columns) if how == "copy" or connection.vendor == "sqlite" else 0)


_SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
_WHEN = datetime.datetime(2026, 12, 5, 13, 30, 15, 123456)
#: values of date, time and text columns: the shortcuts' types, and others the fields convert
_VALUES = [
    None,
    datetime.date(2026, 12, 31),
    _WHEN.replace(tzinfo=datetime.UTC),
    _WHEN.replace(tzinfo=_SHANGHAI),
    _WHEN,  # naive: the field makes it aware, with a warning
    "文本",
    models.AuditEntry.Action.IMPORT_BATCH,  # a choice: a ``str`` subclass
    models.ImportBatch.Via.CLI,
]


@pytest.mark.parametrize("how", ["copy", "insert"])
def test_a_date_time_or_text_column_converts_as_its_field_saves(how: str) -> None:
    """The conversion chosen for a value of a date, time or text column (``_chosen``: the
    shortcuts of a ``date``, an aware ``datetime``, a ``str`` subclass) gives what the field's
    ``get_db_prep_save`` gives — the same value of the same type, the same warnings — for every
    such column of the models the import writes, on this database."""
    kinds = {"DateField", "DateTimeField", "CharField", "TextField"}
    columns = [
        field
        for model in (
            models.Project,
            models.SelfEvaluation,
            models.Indicator,
            models.IndicatorResult,
            models.Finding,
            models.AuditEntry,
        )
        for field in model._meta.concrete_fields
        if field.get_internal_type() in kinds
    ]
    shortcuts: set[tuple[str, type]] = set()
    for field in columns:
        kept, convert = bulk_values.converter(field, connection, how)  # type: ignore[arg-type]
        for value in _VALUES:
            if type(value) in kept:
                continue
            try:
                with warnings.catch_warnings(record=True) as expected_warnings:
                    warnings.simplefilter("always")
                    expected: Any = field.get_db_prep_save(value, connection)
            except (TypeError, ValueError, ValidationError):
                continue  # not a value of this column
            chosen = bulk_values.chosen(convert, type(value))
            if chosen is not getattr(convert, "slow", convert):  # not the field's way
                shortcuts.add((field.get_internal_type(), type(value)))
            with warnings.catch_warnings(record=True) as made_warnings:
                warnings.simplefilter("always")
                made = value if chosen is None else chosen(value)
            assert (type(made), made) == (type(expected), expected), (field, value)
            assert [str(w.message) for w in made_warnings] == [
                str(w.message) for w in expected_warnings
            ]
    assert shortcuts == {
        ("DateField", datetime.date),
        ("DateTimeField", datetime.datetime),
        ("CharField", models.AuditEntry.Action),
        ("CharField", models.ImportBatch.Via),
        ("TextField", models.AuditEntry.Action),
        ("TextField", models.ImportBatch.Via),
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY computes the keys")
def test_the_keys_of_a_search_text_are_computed_once_per_statement(monkeypatch) -> None:
    """``COPY`` computes a search text's keys once however many rows of the statement hold it
    (a batch's texts repeat), and every row stores its own text's keys — those the database
    computes."""
    table = next(d for d in _documents("seeds") if isinstance(d, TargetTable))
    (rows,) = write([table], [[]], "copy")
    computed: list[str] = []

    def counted(text: str) -> str:
        computed.append(text)
        return search.bigram_keys(text)

    monkeypatch.setitem(bulk._COMPUTED, models.SearchText, [("bigrams", "text", counted)])
    texts = ["大气污染防治", "培训", "大气污染防治", "培训经费", "培训"]
    bulk.write(
        models.SearchText,
        [("project", rows.version.pk, {"rank": 5, "text": t}) for t in texts],
        how="copy",
    )
    assert sorted(computed) == sorted(set(texts))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text, bigrams = jixiao_bigrams(text) FROM jixiao_searchtext "
            "WHERE project_id = %s AND rank = 5 ORDER BY id",
            [rows.version.pk],
        )
        assert cursor.fetchall() == [(t, True) for t in texts]

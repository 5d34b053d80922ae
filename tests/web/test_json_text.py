"""Every JSON column stores compact UTF-8 text (:mod:`jixiao.web.json_text`), whoever writes it,
and rows written in Django's default form (escaped, with spaces) read back the same."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db import models as db

from jixiao.demo import seed_paths
from jixiao.ingest import read_path
from jixiao.web import json_text, models

pytestmark = pytest.mark.django_db

VALUE = {"名称": "培训「一期」", "金额": "12.50", "行": [1, None, True], "换行": "a\nb\x01"}
COMPACT = '{"名称":"培训「一期」","金额":"12.50","行":[1,null,true],"换行":"a\\nb\\u0001"}'

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite stores the text; jsonb keeps only the value"
)


def _raw(entry: models.AuditEntry, column: str = "new") -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM jixiao_auditentry WHERE id = %s", [entry.pk])
        return cursor.fetchone()[0]


def test_every_json_field_of_the_models_writes_compact_text() -> None:
    fields = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("jixiao").get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, db.JSONField) and field.encoder is not json_text.Encoder
    ]
    assert fields == []


def test_the_encoder_writes_compact_utf8_text() -> None:
    assert json.dumps(VALUE, cls=json_text.Encoder) == COMPACT == json_text.dumps(VALUE)
    assert json.loads(COMPACT) == VALUE


@pytest.mark.parametrize(
    "value",
    [
        VALUE,
        "培训\n",
        [1.5, -0.0, 1e300, float("nan"), float("inf"), 10**30, False],
        {"a": {"b": [{"c": None}, (1, "二")]}, "": "", "\u2028": "\ud800"},
        {1: "integer key", 2.5: "float key", None: "null key", False: "false key"},
        [],
        {},
    ],
)
def test_dumps_is_the_encoders_text(value: Any) -> None:
    """:func:`json_text.dumps` keeps one C encoder for every value: the text of a new encoder's;
    :func:`json_text.encoded` is that text as UTF-8."""
    assert json_text.dumps(value) == json.dumps(value, cls=json_text.Encoder)
    try:
        text = json_text.dumps(value).encode()
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8: the driver refuses the text too
        with pytest.raises(UnicodeEncodeError):
            json_text.encoded(value)
    else:
        assert json_text.encoded(value) == text


def test_dumps_refuses_what_the_encoder_refuses() -> None:
    for value in ({"when": object()}, {("a", "b"): 1}):
        with pytest.raises(TypeError):
            json.dumps(value, cls=json_text.Encoder)
        with pytest.raises(TypeError):
            json_text.dumps(value)


def test_a_domain_document_is_the_text_of_its_json_dump() -> None:
    """The bulk import writes a domain object's serializer text; the ORM ``json.dumps`` of its
    ``model_dump(mode="json")``: the same text."""
    documents = [d for path in seed_paths() for d in read_path(path)]
    assert len(documents) > 40
    for document in documents:
        text = json_text.dumps(document)
        assert text == json.dumps(document.model_dump(mode="json"), cls=json_text.Encoder)
        assert json_text.encoded(document) == text.encode()
        assert "\\u" not in text and ", " not in text[:200]


@sqlite_only
def test_the_orm_stores_compact_utf8_text() -> None:
    entry = models.AuditEntry.objects.create(
        via="cli", action=models.AuditEntry.Action.IMPORT_BATCH, object_type="t", new=VALUE
    )
    assert _raw(entry) == COMPACT
    assert _raw(entry, "old") is None  # a JSON null column stays SQL NULL


def test_rows_written_in_the_old_form_read_back_the_same() -> None:
    entry = models.AuditEntry.objects.create(
        via="cli", action=models.AuditEntry.Action.IMPORT_BATCH, object_type="t", new={}
    )
    with connection.cursor() as cursor:  # Django's default text before migration 0023
        cursor.execute(
            "UPDATE jixiao_auditentry SET new = %s WHERE id = %s",
            [json.dumps(VALUE), entry.pk],
        )
    entry.refresh_from_db()
    assert entry.new == VALUE
    assert models.AuditEntry.objects.filter(new__名称="培训「一期」").get() == entry

"""``unsaved.new(model, **values)`` makes the instance ``model(**values)`` makes (the import's
version and audit rows, :mod:`jixiao.web.unsaved`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import models as db

from jixiao.web import models, unsaved

#: the same whatever DATABASE_URL names: CI's PostgreSQL pass leaves it to make test
pytestmark = pytest.mark.ignores_database_url


def _state(made: db.Model) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """Every attribute of an instance but its state, its cached related objects, and whether it
    is unsaved."""
    values = {name: value for name, value in made.__dict__.items() if name != "_state"}
    return values, dict(made._state.fields_cache), made._state.adding


def test_an_instance_is_the_one_the_keyword_constructor_makes() -> None:
    department = models.Department(pk=7, key="123001", code="123001", name="测试局")
    batch = models.ImportBatch(pk=3)
    values: dict[str, Any] = {
        "batch": batch,
        "document_id": "abc#1",
        "key": "培训项目",
        "is_current": False,
        "document": {"名称": "培训"},
        "created_by": None,
        "findings_count": 2,
        "department": department,
        "year": 2025,
        "title": "培训项目",
        "source_file": "a.xlsx",
        "source_line": 4,
        "name": "培训项目",
        "budget_total": Decimal("1.50"),
        "budget_other": None,
        "grade": "B",
    }
    made = unsaved.new(models.Project, **values)
    assert _state(made) == _state(models.Project(**values))
    assert made.department is department and made.batch is batch  # no query to read them back
    assert (made.money_unit, made.state, made.version, made.purpose) == ("万元", "draft", 1, "")
    by_key = unsaved.new(models.AuditEntry, user_id=None, action="new_record", new={"版本": 1})
    assert _state(by_key) == _state(
        models.AuditEntry(user_id=None, action="new_record", new={"版本": 1})
    )


def test_a_callable_default_is_called_for_each_instance() -> None:
    one, other = unsaved.new(models.Job), unsaved.new(models.Job)
    assert one.params == other.params == {}
    assert one.params is not other.params


def test_unknown_names_and_wrong_related_objects_are_refused() -> None:
    with pytest.raises(TypeError, match="colour"):
        unsaved.new(models.AuditEntry, colour="red")
    with pytest.raises(ValueError, match="department"):
        unsaved.new(models.Project, department=models.ImportBatch(pk=1))

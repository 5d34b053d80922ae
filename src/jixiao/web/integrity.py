"""完整性检查 (integrity check): the rows whose foreign key the database does not check
(``db_constraint=False``: the owned rows of :data:`jixiao.web.models.base.OWNED`, the versions'
and imported files' import batch) that point at no row — one anti-join (``NOT EXISTS``) per
such foreign key, counted. ``jixiao check-integrity`` runs it; the tests run it after the
imports, deletes and restores.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models

__all__ = ["Orphans", "orphans", "unchecked"]


@dataclass(frozen=True)
class Orphans:
    """The rows of ``table`` whose ``column`` names no row of ``parent`` (孤立行), counted."""

    table: str
    column: str
    parent: str
    count: int


def unchecked() -> list[models.ForeignKey[models.Model, models.Model]]:
    """Every foreign key of jixiao's models without a FOREIGN KEY constraint, in model order."""
    return [
        field
        for model in apps.get_app_config("jixiao").get_models()
        for field in model._meta.local_fields
        if isinstance(field, models.ForeignKey) and not _constrained(field)
    ]


def _constrained(field: models.ForeignKey[models.Model, models.Model]) -> bool:
    constrained: bool = vars(field)["db_constraint"]  # set by ForeignKey (not in django-stubs)
    return constrained


def orphans() -> list[Orphans]:
    """The count of rows without their parent for each foreign key of :func:`unchecked`."""
    return [_count(field) for field in unchecked()]


def _count(field: models.ForeignKey[models.Model, models.Model]) -> Orphans:
    parent = field.related_model
    assert isinstance(parent, type)  # a model class, not "self" (resolved at setup)
    rows = field.model._default_manager.filter(**{f"{field.attname}__isnull": False})
    target = field.target_field.attname
    missing = rows.exclude(
        models.Exists(parent._default_manager.filter(**{target: models.OuterRef(field.attname)}))
    )
    return Orphans(
        table=field.model._meta.db_table,
        column=field.column,
        parent=parent._meta.db_table,
        count=missing.order_by().count(),
    )

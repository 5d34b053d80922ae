"""The shared parts of the stored models: the source of a row, money and score fields, indexes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def current_index(name: str, *fields: str) -> models.Index:
    """An index of the current versions only (the lists show nothing else)."""
    return models.Index(fields=list(fields), condition=models.Q(is_current=True), name=name)


def superseded_index(name: str) -> models.Index:
    """The keys of the versions no longer current (a few: the library's test of every current
    row, :func:`jixiao.web.drafts.uses`, reads them from this small partial index)."""
    return models.Index(fields=["id"], condition=models.Q(is_current=False), name=name)


def published_index(name: str) -> models.Index:
    """The published versions' columns the disclosure site's stamp sums on every request
    (:func:`jixiao.public.cache.stamp`), read from the index alone (a partial index: the import,
    which writes no published version, does not pay for it)."""
    fields = ["id", "department", "version", "state_changed_at"]
    return models.Index(fields=fields, condition=models.Q(state="published"), name=name)


def author() -> Any:
    """A reference to the user who did something (None once the user is deleted), without an
    index: no query looks rows up by it, and the app deletes no user (SET_NULL's lookup)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        db_index=False,
    )


#: the foreign key of an owned row (从属行) — a row of a stored version (its goals, indicators,
#: findings, search text, results), a kept total of a department or a file of an import batch
#: (branch ``fk19``) — which is written only with its parent, in the parent's transaction or
#: under a lock of it, and never re-pointed: the database does not check it row by row (no
#: FOREIGN KEY constraint: that check cost an import of 5,000 tables 143,000 statements at
#: COMMIT, docs/province-scale.md, branch ``fk``); Django still deletes the rows with their
#: parent (CASCADE, emulated by the ORM), and
#: :mod:`jixiao.web.integrity` (``jixiao check-integrity``) finds any row left without one.
OWNED: dict[str, Any] = {"on_delete": models.CASCADE, "db_constraint": False}

MONEY: dict[str, Any] = {"null": True, "blank": True}  # 万元, exact (web/fields.py)
SCORE = MONEY  # points and percentages, exact


class Source(models.Model):
    """Where a row was read: file and line (text) or cell address (sheet!C12)."""

    source_file = models.CharField(max_length=500, blank=True)
    source_line = models.IntegerField(null=True, blank=True)
    source_cell = models.CharField(max_length=50, blank=True)

    class Meta:
        abstract = True

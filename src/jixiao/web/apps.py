from __future__ import annotations

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class WebConfig(AppConfig):
    """The one Django app of jixiao: its models are the stored domain objects."""

    name = "jixiao.web"
    label = "jixiao"
    verbose_name = "jixiao 绩效"

    def ready(self) -> None:
        from jixiao.web import document_column, search

        # SQLite: the function the triggers of the bigram search table call, grouping by pk
        connection_created.connect(search.register, dispatch_uid="jixiao.web.search.register")
        # PostgreSQL: the versions' json documents read as text, as jsonb is
        connection_created.connect(
            document_column.register, dispatch_uid="jixiao.web.document_column.register"
        )

"""The versions' documents stored as PostgreSQL ``text``, not ``json`` (PostgreSQL only).

A project's, a self-evaluation's or a monitoring report's document is written once and read
whole (:mod:`jixiao.web.document_column`); ``json`` checked the syntax of every document written:
≈ 0.15 of the ≈ 0.65 server CPU-s of ``COPY``ing the projects' and self-evaluations' rows per
5,000 tables (docs/province-scale.md, branch ``pgsrv5``). The text stored is kept as it is, lz4
kept where migration 0020 set it (0029's change of type, with its compression). A key looked up
parses the text (``document::json``): the tests and the year's review (:class:`Keys`).

SQLite: the state only (the column is ``text`` either way). Going back makes them ``json``.
"""

from importlib import import_module

from django.db import migrations

import jixiao.web.document_column
import jixiao.web.json_text

#: migration 0029: the versions' documents' state and its change of their type
_DOCUMENTS_JSON = import_module("jixiao.web.migrations.0029_documents_json")


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0033_search_bigram_keys")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_DOCUMENTS_JSON.documents_as(
                jixiao.web.document_column.TextJSONField(encoder=jixiao.web.json_text.Encoder)
            ),
            database_operations=[
                migrations.RunPython(_DOCUMENTS_JSON._to("text"), _DOCUMENTS_JSON._to("json"))
            ],
        )
    ]

"""The child rows' JSON stored as PostgreSQL ``text``, not ``json`` (PostgreSQL only).

The indicators' and indicator results' ``target``, the indicator results' ``actual`` and the
findings' ``data`` (``json`` since migration 0030) are written with their rows and read whole;
no query looks into them (:class:`jixiao.web.document_column.TextJSONField`). ``json`` checked
the syntax of every value written: ≈ 0.085 of the ≈ 0.85 server CPU-s of ``COPY``ing those rows
per 5,000 tables (docs/province-scale.md, branch ``pgsrv4``). The values are small (inline, never
compressed): no compression to keep. The stored text is kept as it is.

SQLite: the state only (the columns are ``text`` either way). Going back makes them ``json``.
"""

from importlib import import_module

from django.db import migrations

import jixiao.web.document_column
import jixiao.web.json_text

#: migration 0030: its columns and its change of their type
_CHILD_JSON = import_module("jixiao.web.migrations.0030_child_rows_json")
#: the columns' state: :class:`~jixiao.web.document_column.TextJSONField`
TEXT = jixiao.web.document_column.TextJSONField(encoder=jixiao.web.json_text.Encoder)


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0030_child_rows_json")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name=model, name=column, field=TEXT.clone())
                for model, _table, column in _CHILD_JSON.COLUMNS
            ],
            database_operations=[
                migrations.RunPython(_CHILD_JSON._to("text"), _CHILD_JSON._to("json"))
            ],
        )
    ]

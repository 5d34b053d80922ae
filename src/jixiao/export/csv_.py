"""CSV: one row per indicator (and per goal and task), UTF-8 with BOM so Excel and WPS open it.

The header row holds the Chinese headings of :data:`jixiao.domain.flat.COLUMNS`; the CSV reader
(:mod:`jixiao.ingest.csv_`) turns the rows back into the same documents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from jixiao.domain.flat import COLUMNS, flatten
from jixiao.domain.model import Document
from jixiao.export.writer import Writer

BOM = "\ufeff"


def write(documents: Sequence[Document]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS.values())
    for document in documents:
        for row in flatten(document):
            writer.writerow(row[column] for column in COLUMNS)
    return (BOM + out.getvalue()).encode("utf-8")


WRITER = Writer("csv", ".csv", "text/csv; charset=utf-8", write)

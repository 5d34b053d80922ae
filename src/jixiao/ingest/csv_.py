"""CSV written by jixiao (:mod:`jixiao.export.csv_`): one row per indicator, goal or task.

The header names the columns of :data:`jixiao.domain.flat.COLUMNS` by their Chinese headings (or
their dotted names); rows of one document are consecutive. Each part's source is its record's
number counted as a line (1 is the header; a cell with line breaks still counts one).
"""

from __future__ import annotations

import csv
import io

from jixiao.domain.flat import COLUMNS, RowError, unflatten
from jixiao.domain.model import Document, Source
from jixiao.ingest.errors import ReadError
from jixiao.ingest.text import decode, sniff_text

_BY_HEADING = {heading: column for column, heading in COLUMNS.items()} | {
    column: column for column in COLUMNS
}


class CsvReader:
    name = "jixiao CSV"

    def sniff(self, name: str, head: bytes) -> bool:
        first = sniff_text(head).lstrip("\ufeff").split("\n", 1)[0]
        return first.startswith(("类型,文档标识", "kind,id"))

    def read(self, name: str, data: bytes) -> list[Document]:
        lines = list(csv.reader(io.StringIO(decode(name, data).lstrip("\ufeff"))))
        header = [_BY_HEADING.get(cell.strip()) for cell in lines[0]]
        if "kind" not in header:
            raise ReadError(name, "not a jixiao CSV (no 类型 column)", line=1)
        rows = [
            {c: v for c, v in zip(header, line, strict=False) if c is not None}
            for line in lines[1:]
            if any(cell.strip() for cell in line)
        ]
        try:
            return unflatten(rows, lambda i: Source(file=name, line=i + 2))
        except RowError as exc:
            raise ReadError(name, f"not a valid document: {exc}", line=exc.index + 2) from exc


READER = CsvReader()

"""Lists (列表): sortable columns and the export of exactly what a list shows.

A list declares its sort keys (排序键 → column); ``?sort=key`` sorts ascending, ``?sort=-key``
descending (validated by :func:`sort_param`: any other value answers 400). Ties are broken by
id in the same direction, so the order is stable and a (column, id) index can serve it.

An export (导出) writes every row of the filtered, sorted list (not only the page) as CSV (UTF-8
with BOM, so that Excel reads the Chinese) or Excel; amounts and scores stay Decimal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from jixiao.web import params

Row = TypeVar("Row", bound=Model)

#: the export formats and their media types
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_CHUNK = 2000


@dataclass(frozen=True)
class Column:
    """A column of an export: its heading and its value of a row (Decimal stays Decimal)."""

    heading: str | Promise  # translated when written
    value: Callable[[Any], object]
    number_format: str = ""  # Excel's format of a Decimal column ("#,##0.00")


def sort_param(keys: Mapping[str, str]) -> params.Choice:
    """The ``sort`` parameter of a list with ``keys``: a key, or a key after ``-`` (descending)."""
    return params.Choice(tuple(k for key in keys for k in (key, f"-{key}")))


def ordered(rows: QuerySet[Row], keys: Mapping[str, str], sort: str) -> QuerySet[Row]:
    """``rows`` ordered by ``sort`` (a validated key), ties by id in the same direction; as they
    are when ``sort`` is blank."""
    if not sort:
        return rows
    sign = "-" if sort.startswith("-") else ""
    return rows.order_by(sign + keys[sort.lstrip("-")], f"{sign}id")


def rounded(value: Decimal | None, decimals: int) -> Decimal | None:
    """``value`` with exactly ``decimals`` decimals (万元 with two), None kept."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-decimals))


def export(rows: QuerySet[Any], columns: Sequence[Column], format: str, name: str) -> HttpResponse:
    """Every row of ``rows`` as ``name.csv`` or ``name.xlsx``; 404 for another format."""
    if format not in FORMATS:
        raise Http404
    values = ([c.value(row) for c in columns] for row in rows.iterator(chunk_size=_CHUNK))
    body = _csv(columns, values) if format == "csv" else _xlsx(columns, values)
    response = HttpResponse(body, content_type=FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response


def _csv(columns: Sequence[Column], values: Iterable[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.heading) for c in columns])
    writer.writerows(["" if v is None else v for v in row] for row in values)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(columns: Sequence[Column], values: Iterable[list[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([str(c.heading) for c in columns])
    for row in values:
        sheet.append([_cell(sheet, c, v) for c, v in zip(columns, row, strict=True)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, column: Column, value: object) -> object:
    if not column.number_format or value is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # Decimal: stubs omit it
    cell.number_format = column.number_format
    return cell

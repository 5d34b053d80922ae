"""审核意见的行 (a finding as the row that stores it): the plain values of its stored columns.

A finding row is its finding: the columns (:data:`COLUMNS`) hold every field but the label, which
its ``data`` keeps (:func:`remainder`), and :func:`finding` makes the finding again. The row is a
plain tuple, in the order of :data:`COLUMNS`, so it crosses from the sandbox's reader workers
(:mod:`jixiao.ingest.sandbox`) as cheaply as pickle can send it and the import writes it as it
came (:mod:`jixiao.web.finding_rows` gives the web layer its columns by name): the importing
process builds no model for a single-document finding. :func:`rows` puts each finding on the
indicator row whose source it names (its ``indicator_position``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, cast

from jixiao.domain.model import Source
from jixiao.domain.review.finding import SEVERITIES, Finding, Severity

__all__ = [
    "COLUMNS",
    "Row",
    "finding",
    "marks",
    "order",
    "placed",
    "remainder",
    "renamed",
    "row_order",
    "rows",
    "source_columns",
    "valued",
]

#: the stored columns of a finding row, in the order of a :data:`Row`'s values
COLUMNS: tuple[str, ...] = (
    "indicator_position",  # the position of the indicator row the finding is on (None: not one)
    "rule",
    "severity",
    "category",
    "title",
    "message",
    "message_en",
    "suggestion",
    "field",
    "indicator",  # the 三级指标 concerned; None as empty text
    "document",  # 文档标识: the document's key
    "data",  # what no column holds (:func:`remainder`)
    "source_file",
    "source_line",
    "source_cell",  # None as empty text
)
#: a finding row's values, in the order of :data:`COLUMNS`
Row = tuple[
    int | None,
    str,
    str,
    str,
    str,
    str,
    str,
    str,
    str,
    str,
    str,
    dict[str, str],
    str,
    int | None,
    str,
]
#: where a row has its rule, severity, document and source line (COLUMNS.index of each)
_RULE: Final = 1
_SEVERITY: Final = 2
_DOCUMENT: Final = 10
_LINE: Final = 13
_ORDER: dict[str, int] = {severity: i for i, severity in enumerate(SEVERITIES)}  # errors first


def rows(findings: Sequence[Finding], indicators: Sequence[Any]) -> list[Row]:
    """The rows of one document's ``findings``, each on the row of its ``indicators`` (the
    document's, each with a ``source``) whose source it names when it is about an indicator.

    A reader worker makes them for every document it reviews: the indicators' sources are read
    only for a document with a finding on an indicator."""
    return valued([f.__dict__ for f in findings], indicators)


def valued(findings: Sequence[Mapping[str, Any]], indicators: Sequence[Any]) -> list[Row]:
    """:func:`rows` of findings given by their values (each a finding's ``__dict__``, field by
    field: :func:`~jixiao.domain.review.finding.stamped_values`), no model made."""
    return _made(findings, lambda: _positions(indicators))


def placed(
    findings: Sequence[Finding], at: Mapping[tuple[int | None, str | None], int]
) -> list[Row]:
    """:func:`rows` given the position of the indicator row of each line and cell (``at``; the
    last of the document's indicators read there): a digest's rows know theirs
    (:class:`~jixiao.domain.review.digest.Row`)."""
    return _made([f.__dict__ for f in findings], lambda: at)


def _made(
    findings: Sequence[Mapping[str, Any]],
    positions: Callable[[], Mapping[tuple[int | None, str | None], int]],
) -> list[Row]:
    """The rows of ``findings`` (each a finding's values by field), the positions of their
    indicator rows asked for (``positions``) at the first finding about an indicator. Each
    source's values are read from its ``__dict__`` (one read through pydantic's attribute hook,
    not three)."""
    at: Mapping[tuple[int | None, str | None], int] | None = None
    made: list[Row] = []
    for values in findings:
        source = values["source"].__dict__
        line, cell = source["line"], source["cell"]
        position = None
        if values["field"] == "indicator":
            at = positions() if at is None else at
            position = at.get((line, cell))
        made.append(
            (
                position,
                values["rule"],
                values["severity"],
                values["category"],
                values["title"],
                values["message"],
                values["message_en"],
                values["suggestion"],
                values["field"],
                values["indicator"] or "",
                values["document"],
                _remainder(values["label"], values["indicator"], cell),
                source["file"],
                line,
                cell or "",
            )
        )
    return made


def _positions(indicators: Sequence[Any]) -> dict[tuple[int | None, str | None], int]:
    """Each indicator row's position by its source's line and cell (the last row of a source),
    each source's values read from its ``__dict__`` (one read through pydantic's attribute hook,
    not two)."""
    at: dict[tuple[int | None, str | None], int] = {}
    for i, indicator in enumerate(indicators):
        source = indicator.source.__dict__
        at[source["line"], source["cell"]] = i
    return at


def remainder(f: Finding) -> dict[str, str]:
    """What a finding row's ``data`` keeps: what none of its columns holds — the label (标签),
    and an indicator or cell that is empty text (the columns store None as empty text)."""
    return _remainder(f.label, f.indicator, f.source.cell)


def _remainder(label: str, indicator: str | None, cell: str | None) -> dict[str, str]:
    rest = {"label": label}
    if indicator == "":
        rest["indicator"] = ""
    if cell == "":
        rest["cell"] = ""
    return rest


def finding(row: Sequence[Any]) -> Finding:
    """The finding a row stores (its values in the order of :data:`COLUMNS`): its columns, and
    from ``data`` what no column holds."""
    values = dict(zip(COLUMNS, row, strict=True))
    rest = values["data"]
    return Finding.model_validate(
        {
            "rule": values["rule"],
            "severity": values["severity"],
            "category": values["category"],
            "title": values["title"],
            "message": values["message"],
            "message_en": values["message_en"],
            "suggestion": values["suggestion"],
            "source": {
                "file": values["source_file"],
                "line": values["source_line"],
                "cell": rest.get("cell", values["source_cell"] or None),
            },
            "document": values["document"],
            "label": rest["label"],
            "field": values["field"],
            "indicator": rest.get("indicator", values["indicator"] or None),
        }
    )


def source_columns(source: Source | None) -> dict[str, Any]:
    """The place columns of a row that cites its source (file, line, cell; a missing cell is
    empty text), as finding, version and indicator rows have them."""
    if source is None:
        return {}
    return {
        "source_file": source.file,
        "source_line": source.line,
        "source_cell": source.cell or "",
    }


def renamed(found: Sequence[Row], key: str) -> list[Row]:
    """``found`` naming their document by ``key`` (the key the whole batch gives it)."""
    return [
        r if r[_DOCUMENT] == key else cast(Row, (*r[:_DOCUMENT], key, *r[_DOCUMENT + 1 :]))
        for r in found
    ]


def order(line: int | None, severity: str, rule: str) -> tuple[int, int, str]:
    """Where a finding comes among its document's: by source line, then severity (errors
    first), then rule — as the engine sorts a document's findings."""
    return (line or 0, _ORDER[severity], rule)


def row_order(row: Row) -> tuple[int, int, str]:
    """:func:`order` of a row."""
    return order(row[_LINE], row[_SEVERITY], row[_RULE])


def marks(found: Sequence[Row]) -> list[tuple[str, Severity]]:
    """The rule and severity of each row: what a grade is made of
    (:func:`jixiao.domain.review.engine.graded`)."""
    return [(r[_RULE], cast(Severity, r[_SEVERITY])) for r in found]

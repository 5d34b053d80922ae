"""A finding row (:mod:`jixiao.domain.review.finding_row`) is its finding: the values of its
stored columns, in the order of ``COLUMNS``, made into the very finding again; on the indicator row
whose source it names; sorted and graded as the engine sorts and grades the findings."""

from __future__ import annotations

from jixiao.demo import seed_paths
from jixiao.domain.model import Document, Source
from jixiao.domain.review import Finding, engine, finding_row, review
from jixiao.domain.review.finding_row import COLUMNS
from jixiao.domain.review.identity import document_keys
from jixiao.ingest import read_path


def _reviewed() -> tuple[list[Document], list[Finding]]:
    documents = [d for path in seed_paths() for d in read_path(path)]
    return documents, review(documents)


def test_a_row_is_its_finding_in_the_order_of_the_columns() -> None:
    documents, found = _reviewed()
    by_key = dict(zip(document_keys(documents), documents, strict=True))
    positioned = 0
    for f in found:
        indicators = by_key[f.document].indicators
        (row,) = finding_row.rows([f], indicators)
        values = dict(zip(COLUMNS, row, strict=True))
        assert finding_row.finding(row) == f
        assert (values["rule"], values["severity"], values["document"]) == (
            f.rule,
            f.severity,
            f.document,
        )
        assert values["source_line"] == f.source.line and values["data"]["label"] == f.label
        assert finding_row.marks([row]) == [(f.rule, f.severity)]
        assert finding_row.row_order(row) == engine._order(f)
        assert finding_row.renamed([row], "other")[0][COLUMNS.index("document")] == "other"
        position = values["indicator_position"]
        if position is not None:
            positioned += 1
            assert f.field == "indicator" and indicators[position].source == f.source
    assert positioned > 20


def test_rows_grade_as_their_findings() -> None:
    documents, found = _reviewed()
    for key, document in zip(document_keys(documents), documents, strict=True):
        mine = [f for f in found if f.document == key]
        rows = finding_row.rows(mine, document.indicators)
        assert engine.graded(finding_row.marks(rows), "tianjin") == engine.grade(mine, "tianjin")


def _by_attributes(f: Finding, position: int | None) -> tuple[object, ...]:
    """A finding's row read field by field from the model (what ``rows`` reads from its
    ``__dict__``)."""
    rest = {"label": f.label}
    if f.indicator == "":
        rest["indicator"] = ""
    if f.source.cell == "":
        rest["cell"] = ""
    return (
        position, f.rule, f.severity, f.category, f.title, f.message, f.message_en,
        f.suggestion, f.field, f.indicator or "", f.document, rest, f.source.file,
        f.source.line, f.source.cell or "",
    )  # fmt: skip


def test_rows_are_the_findings_fields_whatever_is_empty() -> None:
    documents, found = _reviewed()
    on_row = next(f for f in found if f.field == "indicator")
    document = dict(zip(document_keys(documents), documents, strict=True))[on_row.document]
    variants = [
        f.model_copy(update={"indicator": indicator, "source": source})
        for f in [*found[:3], on_row]
        for indicator in (None, "", "某指标")
        for source in (f.source, Source(file="x.txt", cell=""), Source(file="x.txt", cell="B2"))
    ]
    positions = {(i.source.line, i.source.cell): n for n, i in enumerate(document.indicators)}
    assert finding_row.rows(variants, document.indicators) == [
        _by_attributes(
            f, positions.get((f.source.line, f.source.cell)) if f.field == "indicator" else None
        )
        for f in variants
    ]
    assert any(row[0] is not None for row in finding_row.rows(variants, document.indicators))


def test_the_indicators_are_read_only_for_a_finding_on_one() -> None:
    _, found = _reviewed()
    elsewhere = [f for f in found if f.field != "indicator"]
    assert finding_row.rows(elsewhere, [object()])  # no source to read: none is asked for
    assert finding_row.rows([], [object()]) == []

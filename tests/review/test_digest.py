"""A document's digest (:mod:`jixiao.domain.review.digest`) holds what APP-02/03 read of it, and
the rules reading digests find what they found reading the documents (pinned from main before
the rules read digests: the same findings, byte for byte)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

from tests.review.review_builders import evaluation, res, table
from tests.review.test_parallel import _seeds, _year

from jixiao.domain.model import Document, IndicatorResult, SelfEvaluation, TargetTable
from jixiao.domain.review import review
from jixiao.domain.review.digest import Value, digest, digest_of
from jixiao.domain.review.helpers import description, is_cost, level2, with_context
from jixiao.domain.review.identity import label
from jixiao.ingest import read_path
from jixiao.ingest.disclosure import read_disclosure_path

DATA = Path(__file__).parent.parent / "data"


def _documents() -> list[Document]:
    """The seeds and the documents of the test data's office files (the shapes of the readers)."""
    read = [d for path in sorted((DATA / "office").iterdir()) for d in _read(path)]
    return [*_seeds(), *read]


def _read(path: Path) -> list[Document]:
    try:
        return read_path(path)
    except Exception:  # a file of another kind: not a table
        return []


def _value(target: object) -> Value:
    value = target  # a Target: what a finding quotes and the rules compare
    return Value(value.value, value.unit, value.direction, value.raw)  # type: ignore[attr-defined]


def test_a_digest_holds_what_the_rules_read_of_a_document() -> None:
    """Of a table: its rows with a number that are not 成本指标 (the rules skip the others), each
    with its canonical 二级指标, 三级指标, description, 指标值 and source; of a self-evaluation its
    rows with an actual value and unit, with the 实际完成值; each row placed where a finding on it
    is stored (the last of the document's rows read from its line and cell); the year,
    department, label and source of the document."""
    documents = [d for d in _documents() if isinstance(d, TargetTable | SelfEvaluation)]
    kinds = {type(d) for d in documents}
    assert kinds == {TargetTable, SelfEvaluation} and len(documents) > 20
    for document in documents:
        read = with_context(document)
        found = digest(read)
        assert found == digest_of(document)
        assert (found.id, found.year, found.code, found.name) == (
            document.id, document.year, document.department.code, document.department.name,
        )  # fmt: skip
        assert found.label == label(document) and found.source == document.source
        assert found.indicators == len(document.indicators)
        at = {(r.source.line, r.source.cell): n for n, r in enumerate(read.indicators)}
        expected = []
        for row in read.indicators:
            if isinstance(row, IndicatorResult):
                kept = row.actual.value is not None and row.actual.unit is not None
                actual = _value(row.actual) if kept else None
            else:
                kept, actual = row.target.value is not None and not is_cost(row), None
            if kept:
                source = row.source
                expected.append(
                    (at[source.line, source.cell], level2(row), row.level3, description(row),
                     _value(row.target), actual, source.file, source.line, source.cell)
                )  # fmt: skip
        assert [tuple(r) for r in found.rows] == expected
        assert all(r.source == read.indicators[r.position].source for r in found.rows)
    assert sum(len(digest(with_context(d)).rows) for d in documents) > 200


def test_a_document_no_rule_reads_across_has_an_empty_digest() -> None:
    """A disclosure: its identity and department (the stream learns codes from every document),
    no rows."""
    disclosure = read_disclosure_path(DATA / "disclosure" / "budget_2025.txt")
    found = digest(disclosure)
    assert (found.scope, found.rows, found.name) == ("disclosure", (), disclosure.department.name)


def _pinned(documents: list[Document]) -> tuple[int, str]:
    """How many APP-02/03 findings ``documents`` reviewed at once have, and the MD5 of their
    JSON (the file named without its folder)."""
    h = hashlib.md5()
    found = [f for f in review(documents) if f.rule in ("APP-02", "APP-03")]
    for f in found:
        values = json.loads(f.model_dump_json())
        values["source"]["file"] = Path(values["source"]["file"]).name
        h.update(json.dumps(values, ensure_ascii=False, sort_keys=True).encode())
    return len(found), h.hexdigest()


def test_the_rules_on_digests_find_what_they_found_on_the_documents() -> None:
    """The APP-02/03 findings of the seeds and of the 2,000 tables of tests/review/test_parallel
    (in order and reversed), as main found them reading the documents (main 32127e4)."""
    seeds = _seeds()
    year = _year(seeds)
    assert _pinned(seeds) == (4, "2741518c92d73da6b986b536ae79ed04")
    assert _pinned(year) == (190, "1b18735179851653106554e411d299b9")
    assert _pinned(year[::-1]) == (190, "888c118c526c082c671a56bf88e4ced5")


def test_a_digest_keeps_only_the_rows_the_rules_may_read() -> None:
    """Of a table, the rows with a number that are not 成本指标 (not the deadline, the cost, the
    qualitative row); of a self-evaluation, the rows whose 实际完成值 has a number and a unit."""
    assert [r.line for r in digest_of(table()).rows] == [10, 11, 15]
    rows = [
        res("数量指标", "培训人数", "≥100人", "110人", line=30),
        res("数量指标", "检查次数", "≥3次", "3", line=31),  # no unit
        res("效益指标", "覆盖范围", "全覆盖", "全覆盖", line=32),  # no number
    ]
    (kept,) = digest_of(evaluation(rows)).rows
    assert (kept.line, kept.actual) == (30, Value(Decimal(110), "人", "exact", "110人"))

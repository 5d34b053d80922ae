"""A worker's answer for one file as it crosses (jixiao.ingest.answers), made here in process."""

from __future__ import annotations

import hashlib
import pickle
import weakref
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.demo import SEEDS
from jixiao.domain.model import document_id
from jixiao.domain.review import RULES, load_profile
from jixiao.domain.review.digest import Digest, Row, Value
from jixiao.ingest import read_described
from jixiao.ingest.answers import Pickled, _dumps, answered, digested

OFFICE = Path(__file__).parent.parent / "data" / "office"
FILES = [*sorted(SEEDS.glob("*.txt")), OFFICE / "stacked.xlsx", OFFICE / "application.docx"]


def _typed(digest: Digest) -> list[Any]:
    """``digest``'s values with the class of every named tuple in it, rows and values included
    (a plain tuple compares equal to the named tuple it holds the values of)."""
    return [
        type(digest),
        [(type(r), type(r.target), type(r.actual)) for r in digest.rows],
        tuple(digest),
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_digests_cross_as_plain_tuples_and_come_back_as_made(path: Path) -> None:
    """``answered(…, digests=True)`` then ``Pickled.digested``: each document's digest as
    :func:`digested` makes it in the worker — the same classes (Digest, Row, Value), values and
    finding rows — though no named tuple of the digest module was pickled."""
    profile = load_profile("tianjin")
    blob = answered(path.name, path.read_bytes(), (profile, tuple(RULES)), digests=True)
    assert isinstance(blob, bytes)
    assert b"jixiao.domain.review.digest" not in blob  # the named tuples crossed flat
    made = digested(read_described(path.name, path.read_bytes())[0], profile)
    came = Pickled(blob).digested(profile)
    assert came.findings == made.findings
    assert [_typed(d) for d in came.digests] == [_typed(d) for d in made.digests]
    assert all(type(d) is Digest for d in came.digests)


def test_the_files_have_rows_of_every_shape() -> None:
    """The files above hold rows with and without a 实际完成值 and a description (what the flat
    form must carry both ways)."""
    profile = load_profile("tianjin")
    rows: list[Row] = [
        r
        for path in FILES
        for d in digested(read_described(path.name, path.read_bytes())[0], profile).digests
        for r in d.rows
    ]
    assert any(type(r.actual) is Value for r in rows)
    assert any(r.actual is None for r in rows)
    assert any(r.description is not None for r in rows) and any(r.description is None for r in rows)


class Held:
    """An object whose end a test can see (weakref)."""


def test_answers_pickle_as_pickle_dumps_would_and_are_not_held() -> None:
    """The worker's kept pickler gives the bytes ``pickle.dumps`` gives, answer after answer (a
    large one, then a small one), and keeps no reference to an answer once it is pickled."""
    held = Held()
    gone = weakref.ref(held)
    large = [held, "值" * 10, (1, 2), Decimal("1.5")] * 100
    assert _dumps(large) == pickle.dumps(large, pickle.HIGHEST_PROTOCOL)
    del large, held
    assert gone() is None
    small = ("a", ("a", None))
    assert _dumps(small) == pickle.dumps(small, pickle.HIGHEST_PROTOCOL)


def _ids(path: Path, sha256: str | None = None) -> list[str | None]:
    """The identities of the documents of ``path`` as a worker's answer gives them."""
    review = (load_profile("tianjin"), tuple(RULES))
    blob = answered(path.name, path.read_bytes(), review, sha256=sha256)
    assert isinstance(blob, bytes)
    return [d.id for d in Pickled(blob).loads()[0]]


def test_the_documents_are_identified_by_the_digest_the_caller_sent() -> None:
    """``answered(…, sha256=…)``: the documents' identities derive from the SHA-256 the caller
    sent with the file (the importing process hashed it already), not from a hash made again;
    without it, from the file's own."""
    path = SEEDS / "000_c59c10b86de5a10a.txt"
    sent, own = "ab" * 32, hashlib.sha256(path.read_bytes()).hexdigest()
    ids = _ids(path)
    assert len(ids) > 1 and ids == [document_id(own, i) for i in range(len(ids))]
    assert _ids(path, sent) == [document_id(sent, i) for i in range(len(ids))]


def test_a_tables_rows_share_their_labels_so_an_answer_sends_each_once() -> None:
    """The seed readers give the rows of a table one string for each 一级/二级指标 label (and a
    description equal to its 三级指标 the 三级指标's own): pickle sends a string it has sent
    already as a reference to it, so an answer holds each label once (branch ``wrk7``)."""
    for path in sorted(SEEDS.glob("*.txt")):
        (document, *_), _ = read_described(path.name, path.read_bytes())
        rows = document.indicators
        for level in ("level1", "level2"):
            labels = [getattr(row, level) for row in rows]
            assert len({id(label) for label in labels}) == len(set(labels)), (path.name, level)
        described = [row for row in rows if getattr(row, "description", None) == row.level3]
        assert all(row.description is row.level3 for row in described)
    assert described  # the last seed table has descriptions equal to their 三级指标

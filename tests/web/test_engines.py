"""The web's door to the review engine maps findings to documents by identity, not by title."""

from __future__ import annotations

from pathlib import Path

from jixiao.domain.review import review
from jixiao.ingest import read_path
from jixiao.web import engines

SAME_TITLES = Path(__file__).parent.parent / "data" / "office" / "same_titles.xlsx"


def test_findings_go_to_their_own_table(db) -> None:  # the profile in force is stored
    documents = read_path(SAME_TITLES)
    per_document = engines.review_per_document(documents, engines.review_profile(documents))
    assert [[f.rule for f in found] for found in per_document] == [[], ["CMP-02"], ["CMP-01"]]
    pairs = zip(documents, per_document, strict=True)
    assert all(f.document == d.id for d, found in pairs for f in found)


def test_documents_without_identity_are_matched_by_position(db) -> None:
    documents = [d.model_copy(update={"id": None}) for d in read_path(SAME_TITLES)]
    per_document = engines.review_per_document(documents, engines.review_profile(documents))
    assert [len(found) for found in per_document] == [0, 1, 1]
    assert sum(map(len, per_document)) == len(review(documents))

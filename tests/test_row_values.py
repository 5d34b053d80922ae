"""What a stored version copies of its document, made where it is read (:mod:`jixiao.domain.row_values`):
the targets' JSON texts made once per target object, the amounts as millionths for the bulk writer."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.demo import seed_paths
from jixiao.domain import row_values as module
from jixiao.domain.millionths import millionths
from jixiao.domain.model import IndicatorResult, SelfEvaluation, TargetTable
from jixiao.domain.row_values import row_values
from jixiao.ingest import read_path


def _documents() -> list[TargetTable | SelfEvaluation]:
    documents = [d for path in seed_paths() for d in read_path(path)]
    return [d for d in documents if isinstance(d, TargetTable | SelfEvaluation)]


def _texts(document: TargetTable | SelfEvaluation) -> list[bytes]:
    """Each indicator row's JSON texts: its target's, and a result's actual value's."""
    rows = row_values(document).indicators
    if isinstance(document, TargetTable):
        return [row[-2] for row in rows]
    return [text for row in rows for text in (row[14], row[-1])]


def _targets(document: TargetTable | SelfEvaluation) -> list[Any]:
    pairs = [
        (ind.target, ind.actual) if isinstance(ind, IndicatorResult) else (ind.target,)
        for ind in document.indicators
    ]
    return [target for pair in pairs for target in pair]


@pytest.mark.parametrize("known", [module._KNOWN, 3])
def test_a_targets_json_text_is_its_serializers_made_once_per_target_object(
    monkeypatch: pytest.MonkeyPatch, known: int
) -> None:
    """Every target's text is what its serializer writes, whichever targets came before (also
    when the texts kept are forgotten every 3 targets); one target object shared by many
    indicators (the readers share them) has one text object; equal targets that are distinct
    objects each get their own, equal text."""
    monkeypatch.setattr(module, "_texts", {})
    monkeypatch.setattr(module, "_KNOWN", known)
    documents = _documents()
    shared = 0
    for document in documents + documents:
        targets, texts = _targets(document), _texts(document)
        assert len(targets) == len(texts)
        for target, text in zip(targets, texts, strict=True):
            assert text == target.__pydantic_serializer__.to_json(target)
        by_target = {id(t): text for t, text in zip(targets, texts, strict=True)}
        shared += len(targets) - len(by_target)
        if known > len(targets):
            assert all(by_target[id(t)] is text for t, text in zip(targets, texts, strict=True))
    assert shared > 20 and len(module._texts) <= known
    original = documents[0].indicators[0].target
    copy = original.model_copy(update={"raw": original.raw + " "})  # another object, not equal
    assert module._json(copy) == copy.__pydantic_serializer__.to_json(copy)
    assert module._json(copy) != module._json(original)


def test_scaled_row_values_hold_each_amount_as_its_millionths() -> None:
    """``scaled``: the same row values but each amount or point (the columns the database keeps
    as millionths) as that whole number; every other value the same."""
    amounts = {"budget_total", "budget_fiscal", "budget_other", "budget_initial", "budget_annual",
               "budget_executed", "budget_rate", "budget_weight", "budget_score", "total_weight",
               "total"}  # fmt: skip
    seen = 0
    for document in _documents():
        plain, scaled = row_values(document), row_values(document, scaled=True)
        expected = {
            k: None if v is None or k not in amounts else millionths(v)
            for k, v in plain.version.items()
        }
        assert scaled.version == {
            k: expected[k] if k in amounts else v for k, v in plain.version.items()
        }
        positions = (7, 11) if isinstance(document, TargetTable) else (7, 11, 16)
        for one, other in zip(plain.indicators, scaled.indicators, strict=True):
            for i, (a, b) in enumerate(zip(one, other, strict=True)):
                assert b == (millionths(a) if i in positions and a is not None else a)
                seen += i in positions and a is not None and type(b) is int
        assert (scaled.goals, scaled.search, scaled.text) == (plain.goals, plain.search, plain.text)
    assert seen > 100

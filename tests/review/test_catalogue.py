"""The catalogue is documented: docs/rules.md is current and every rule explains itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.domain.review import RULES
from jixiao.domain.review.catalogue import markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/rules.md is stale: run `jixiao rules --markdown > docs/rules.md`"
    )


@pytest.mark.parametrize("code", list(RULES))
def test_rule_is_explained(code: str) -> None:
    rule = RULES[code]
    for text in (rule.title, rule.explanation, rule.basis, rule.suggestion, rule.example):
        assert text.strip(), f"{code} lacks a text"
    assert rule.code.split("-")[0] in ("CMP", "REL", "APP", "FEA", "SE", "DIS")

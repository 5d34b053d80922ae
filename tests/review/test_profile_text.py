"""A review profile written out as TOML and as the reviewers' .xlsx, and read back."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from jixiao.demo import seed_paths
from jixiao.domain.profiles import ProfileError
from jixiao.domain.review import RULES, load_profile, profile_names, review
from jixiao.domain.review.profile import profile_from_toml
from jixiao.domain.review.profile_text import RuleRow, from_rows, grade_values, rows, to_toml
from jixiao.export import profile_xlsx
from jixiao.ingest import read_path


@pytest.fixture(scope="module")
def seeds() -> list:
    return [d for p in seed_paths() for d in read_path(p)]


@pytest.mark.parametrize("name", profile_names())
def test_toml_and_xlsx_round_trips_review_alike(name: str, seeds: list) -> None:
    shipped = load_profile(name)
    from_text = profile_from_toml(to_toml(shipped), name)
    from_book = profile_from_toml(profile_xlsx.read(profile_xlsx.write(shipped), "p.xlsx"), name)
    assert from_text.grade == from_book.grade == shipped.grade
    assert review(seeds, from_text) == review(seeds, from_book) == review(seeds, shipped)


def test_an_edited_row_changes_the_review(seeds: list) -> None:
    shipped = load_profile("tianjin")
    edited = [
        RuleRow(r.code, r.title, r.enabled, "info" if r.code == "CMP-02" else r.severity, r.params)
        for r in rows(shipped)
    ]
    changed = profile_from_toml(from_rows("tianjin", "", edited, grade_values(shipped)), "x")
    severities = {f.severity for f in review(seeds, changed) if f.rule == "CMP-02"}
    assert severities == {"info"}
    assert "error" in {f.severity for f in review(seeds, shipped) if f.rule == "CMP-02"}


def test_bad_values_are_refused_with_the_rule_named() -> None:
    shipped = load_profile("tianjin")
    edited = [
        RuleRow(r.code, r.title, r.enabled, r.severity, {k: "八十" for k in r.params})
        if r.code == "APP-05" else r
        for r in rows(shipped)
    ]  # fmt: skip
    with pytest.raises(ProfileError, match="规则 APP-05 参数 min_satisfaction"):
        from_rows("tianjin", "", edited, grade_values(shipped))
    unknown = [RuleRow("XXX-99", "", True, "error", {})]
    with pytest.raises(ProfileError, match="unknown rule XXX-99"):
        from_rows("tianjin", "", unknown, grade_values(shipped))


def test_xlsx_cells_are_checked() -> None:
    book = load_workbook(io.BytesIO(profile_xlsx.write(load_profile("tianjin"))))
    book["规则"]["D2"] = "严重"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ProfileError, match="规则!第2行"):
        profile_xlsx.read(out.getvalue(), "p.xlsx")
    with pytest.raises(ProfileError, match=r"不是可读取的 \.xlsx"):
        profile_xlsx.read(b"not a workbook", "p.xlsx")


def _worded(message: str) -> list[RuleRow]:
    """tianjin's rows with CMP-02 given a message, a suggestion and two model answers."""
    return [
        replace(r, message=message, suggestion="请改写为可衡量的目标", answers=("目标请量化", " "))
        if r.code == "CMP-02" else r
        for r in rows(load_profile("tianjin"))
    ]  # fmt: skip


def test_wording_replaces_message_and_suggestion_and_round_trips(seeds: list) -> None:
    grade = grade_values(load_profile("tianjin"))
    text = from_rows("tianjin", "", _worded("口径提示：{原文}"), grade)
    worded = profile_from_toml(text, "x")
    assert worded.answers(RULES["CMP-02"]) == ("目标请量化",)  # blank lines dropped
    shipped = [f for f in review(seeds, "tianjin") if f.rule == "CMP-02"]
    found = [f for f in review(seeds, worded) if f.rule == "CMP-02"]
    assert found and len(found) == len(shipped)
    assert [f.message for f in found] == [f"口径提示：{f.message}" for f in shipped]
    assert {f.suggestion for f in found} == {"请改写为可衡量的目标"}
    plain = profile_from_toml(from_rows("tianjin", "", _worded("目标为模板文字"), grade), "y")
    assert {f.message for f in review(seeds, plain) if f.rule == "CMP-02"} == {"目标为模板文字"}
    again = profile_from_toml(profile_xlsx.read(profile_xlsx.write(worded), "p.xlsx"), "x")
    assert to_toml(again) == to_toml(worded) == text
    assert review(seeds, again) == review(seeds, worded)


def test_wording_must_be_text() -> None:
    with pytest.raises(ProfileError, match="answers must be text"):
        profile_from_toml('name = "x"\n[rules.CMP-02]\nanswers = "一句"\n', "x")
    with pytest.raises(ProfileError, match="message must be text"):
        profile_from_toml('name = "x"\n[rules.CMP-02]\nmessage = 1\n', "x")

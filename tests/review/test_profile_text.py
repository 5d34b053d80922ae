"""A review profile written out as TOML and as the reviewers' .xlsx, and read back."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from jixiao.demo import seed_paths
from jixiao.domain.profiles import ProfileError
from jixiao.domain.review import load_profile, profile_names, review
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

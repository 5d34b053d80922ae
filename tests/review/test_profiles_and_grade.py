"""Profiles are data (TOML) that switch rules and thresholds; grades follow §4.4."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_builders import good_rows, ind, table

from jixiao.domain.model import Source
from jixiao.domain.review import Finding, ProfileError, grade, load_profile, profile_names, review


def test_shipped_profiles() -> None:
    assert {"central", "tianjin"} <= set(profile_names())


def test_tianjin_inherits_central_and_overrides() -> None:
    central, tianjin = load_profile("central"), load_profile("tianjin")
    assert (
        central.rules["SE-01"]["indicator_points"]
        == tianjin.rules["SE-01"]["indicator_points"]
        == 90
    )
    assert central.rules["APP-01"]["match_budget"] is False
    assert tianjin.rules["APP-01"]["match_budget"] is True


def test_cost_below_budget_is_a_finding_in_tianjin_only() -> None:
    rows = [r for r in good_rows() if r.level2 != "成本指标"] + [
        ind("成本指标", "项目总成本", "≤90万元")
    ]
    document = table(rows)
    assert [f.severity for f in review([document], "tianjin") if f.rule == "APP-01"] == ["warning"]
    assert [f for f in review([document], "central") if f.rule == "APP-01"] == []


def test_central_does_not_require_all_output_subtypes() -> None:
    document = table([r for r in good_rows() if r.level2 != "时效指标"])
    assert any(f.rule == "CMP-04" for f in review([document], "tianjin"))
    assert not any(f.rule == "CMP-04" for f in review([document], "central"))


def test_profile_file_switches_a_rule_off_and_changes_severity(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'inherits = "tianjin"\nname = "mine"\n[rules.FEA-01]\nenabled = false\n'
        '[rules.CMP-02]\nseverity = "info"\n',
        encoding="utf-8",
    )
    document = table(title="2024年培训项目绩效目标表", goals=("1.目标内容1完成培训不少于120人",))
    found = {f.rule: f.severity for f in review([document], load_profile(path))}
    assert "FEA-01" not in found
    assert found["CMP-02"] == "info"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[rules.XYZ-01]\nenabled = false\n", "unknown rule XYZ-01"),
        ("[rules.APP-01]\nmatch_budgte = true\n", "has no parameter"),
        ('[rules.APP-01]\nseverity = "fatal"\n', "bad severity"),
        ("[grade]\nexcellent = 3\n", "has no setting"),
        ("[rules\n", "profile"),
    ],
)
def test_bad_profiles_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile(path)


def test_unknown_profile_name() -> None:
    with pytest.raises(ProfileError, match="unknown profile 'hubei'"):
        load_profile("hubei")


def _finding(rule: str, severity: str) -> Finding:
    return Finding(
        rule=rule, severity=severity, category="完整性", title="t", message="m", message_en="m",
        suggestion="s", source=Source(file="f"), document="#0", label="d", field="goals",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], "优"),
        ([_finding("CMP-07", "info")], "优"),
        ([_finding("FEA-01", "warning")], "良"),
        ([_finding("FEA-01", "warning"), _finding("APP-01", "error")], "中"),
        ([_finding("CMP-01", "error")], "差"),
    ],
)
def test_grade(findings: list[Finding], expected: str) -> None:
    assert grade(findings) == expected


def test_grade_thresholds_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "strict.toml"
    path.write_text(
        'inherits = "tianjin"\n[grade]\npoor_errors = 2\nfair_warnings = 3\n', encoding="utf-8"
    )
    policy = load_profile(path).grade
    assert grade([_finding("APP-01", "error")] * 2, policy) == "差"
    assert grade([_finding("FEA-01", "warning")] * 3, policy) == "中"
    assert grade([_finding("FEA-01", "warning")] * 2, policy) == "良"

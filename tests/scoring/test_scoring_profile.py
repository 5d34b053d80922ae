"""Profiles: loading, inheritance, and a cited source for every setting."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.domain.scoring import Profile, ProfileError, available_profiles, load_profile
from jixiao.domain.scoring.profile import Section

TAG = re.compile(r"\[(?:V|V-seed|V-impl|R|R\?|I)\]")


def test_built_in_profiles() -> None:
    assert available_profiles() == ["central_2020", "tianjin_dept"]


@pytest.mark.parametrize("name", ["central_2020", "tianjin_dept"])
def test_every_setting_cites_a_tagged_source(name: str) -> None:
    profile = load_profile(name)
    sections = [v for v in profile.__dict__.values() if isinstance(v, Section)]
    assert len(sections) == 8
    for section in sections:
        for setting in type(section).model_fields:
            if setting != "sources":
                assert TAG.search(section.sources[setting]), (name, setting)


def test_tianjin_inherits_and_overrides(tianjin: Profile, central: Profile) -> None:
    assert tianjin.inherits == "central_2020"
    assert tianjin.quantitative == central.quantitative
    assert (tianjin.rounding.budget_decimals, central.rounding.budget_decimals) == (1, 2)
    assert (tianjin.weights.step, tianjin.weights.level1) == (Decimal("0.05"), {})
    assert central.weights.level1 == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert tianjin.budget.points == central.budget.points == 10
    assert tianjin.budget.sources["points"].startswith("[V-seed]")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def child(name: str, body: str) -> str:
    """A profile inheriting central_2020 with ``body`` appended."""
    header = f'name = "{name}"\ntitle = "{name}"\nscope = "project"\ninherits = "central_2020"\n'
    return header + 'source = "[I]"\n' + body


def test_a_profile_file_may_inherit_a_built_in_one(tmp_path: Path) -> None:
    body = '[budget]\npoints = 20\n[budget.sources]\npoints = "[V-impl] C10 预算执行 20"\n'
    path = write(tmp_path, "hubei", child("hubei", body))
    profile = load_profile(path)
    assert profile.budget.points == 20
    assert profile.budget.cap_rate is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[budget]\npoints = 20\n", r"\[budget\] points has no source"),
        (
            '[budget]\npoints = 20\n[budget.sources]\npoints = "someone said so"\n',
            "'points' has no source with an evidence tag",
        ),
        (
            '[deadline]\nmissed_grade = "优秀"\n[deadline.sources]\nmissed_grade = "[I]"\n',
            "'优秀' is not one of the qualitative bands",
        ),
    ],
)
def test_bad_settings_are_refused(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, "bad", child("bad", body))
    with pytest.raises(ProfileError, match=message):
        load_profile(path)


def test_unknown_profile_names_the_built_in_ones() -> None:
    with pytest.raises(ProfileError, match="built-in: central_2020, tianjin_dept"):
        load_profile("nowhere")


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken", "name = \n")
    with pytest.raises(ProfileError, match=r"broken\.toml"):
        load_profile(path)

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


def test_a_profile_file_may_inherit_a_built_in_one(tmp_path: Path) -> None:
    path = write(tmp_path, "hubei", """
name = "hubei"
title = "湖北"
scope = "project"
inherits = "central_2020"
source = "[V-impl] C10"
[budget]
points = 20
[budget.sources]
points = "[V-impl] C10 预算执行 20"
""")  # fmt: skip
    profile = load_profile(path)
    assert profile.budget.points == 20
    assert profile.budget.cap_rate is True


def test_a_setting_without_a_source_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "bad", """
name = "bad"
title = "bad"
scope = "project"
inherits = "central_2020"
source = "[I]"
[budget]
points = 20
""")  # fmt: skip
    with pytest.raises(ProfileError, match=r"\[budget\] points has no source"):
        load_profile(path)


def test_a_source_without_a_tag_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "untagged", """
name = "untagged"
title = "untagged"
scope = "project"
inherits = "central_2020"
source = "[I]"
[budget]
points = 20
[budget.sources]
points = "someone said so"
""")  # fmt: skip
    with pytest.raises(ProfileError, match="'points' has no source with an evidence tag"):
        load_profile(path)


def test_unknown_grade_in_a_setting_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "grade", """
name = "grade"
title = "grade"
scope = "project"
inherits = "central_2020"
source = "[I]"
[deadline]
missed_grade = "优秀"
[deadline.sources]
missed_grade = "[I]"
""")  # fmt: skip
    with pytest.raises(ProfileError, match="'优秀' is not one of the qualitative bands"):
        load_profile(path)


def test_unknown_profile_names_the_built_in_ones() -> None:
    with pytest.raises(ProfileError, match="built-in: central_2020, tianjin_dept"):
        load_profile("nowhere")


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken", "name = \n")
    with pytest.raises(ProfileError, match=r"broken\.toml"):
        load_profile(path)

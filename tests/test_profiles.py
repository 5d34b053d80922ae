"""One profile loader for review and scoring, and one place that picks a document's profiles."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import SEEDS
from jixiao.domain import profiles
from jixiao.domain.profile_choice import ProfileChoice
from jixiao.domain.profiles import ProfileError
from jixiao.domain.review import load_profile as review_profile
from jixiao.domain.scoring import load_profile as scoring_profile
from jixiao.ingest import read_path

OFFICE = Path(__file__).parent / "data" / "office"
LOADERS = {"review": review_profile, "scoring": scoring_profile}


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_review_and_scoring_share_one_error() -> None:
    from jixiao.domain import review, scoring

    assert review.ProfileError is scoring.ProfileError is ProfileError


def test_numbers_are_exact_decimals(tmp_path: Path) -> None:
    text = 'inherits = "tianjin"\n[rules.APP-02]\nmin_similarity = 0.35\n'
    profile = review_profile(_write(tmp_path, "mine.toml", text))
    assert profile.rules["APP-02"]["min_similarity"] == Decimal("0.35")
    data = profiles.load("scoring", "central_2020").data
    assert data["weights"]["step"] == Decimal("0.01")
    assert isinstance(data["weights"]["step"], Decimal)


@pytest.mark.parametrize("kind", ["review", "scoring"])
def test_a_profile_inheriting_itself_is_refused_with_the_chain(tmp_path: Path, kind: str) -> None:
    _write(tmp_path, "a.toml", 'inherits = "b.toml"\n')
    path = _write(tmp_path, "b.toml", 'inherits = "a.toml"\n')
    with pytest.raises(ProfileError, match=r"inherits itself \(.*b\.toml → a\.toml → b\.toml\)"):
        LOADERS[kind](path)
    alone = _write(tmp_path, "self.toml", 'inherits = "self.toml"\n')
    with pytest.raises(ProfileError, match="inherits itself"):
        LOADERS[kind](alone)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'inherits = "tianjin"\ndescripton = "typo"\n',
            r"mine\.toml:2: unknown setting 'descripton'",
        ),
        (
            'inherits = "tianjin"\n\n[rules.APP-01]\nmatch_budgte = true\n',
            r"mine\.toml:4: rule APP-01",
        ),
        ('inherits = "tianjin"\n[rules.XYZ-01]\nenabled = false\n', r"mine\.toml:2: unknown rule"),
        ('inherits = "tianjin"\n[grade]\nexcellent = 3\n', r"mine\.toml:3: \[grade\] has no"),
    ],
)
def test_unknown_review_keys_are_refused_at_their_line(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ProfileError, match=message):
        review_profile(_write(tmp_path, "mine.toml", text))


def test_unknown_scoring_keys_are_refused_at_their_line(tmp_path: Path) -> None:
    text = (
        'inherits = "central_2020"\nname = "mine"\n\n[budget]\npointz = 20\n'
        '[budget.sources]\npointz = "[I]"\n'
    )
    with pytest.raises(ProfileError, match=r"mine\.toml:5: unknown setting 'budget\.pointz'"):
        scoring_profile(_write(tmp_path, "mine.toml", text))


def test_a_parent_is_found_beside_its_child(tmp_path: Path) -> None:
    _write(tmp_path, "base.toml", 'inherits = "tianjin"\n[rules.FEA-01]\nenabled = false\n')
    child = _write(tmp_path, "child.toml", 'inherits = "base.toml"\nname = "child"\n')
    profile = review_profile(child)
    assert profile.name == "child"
    assert profile.rules["FEA-01"]["enabled"] is False
    assert profile.rules["APP-01"]["match_budget"] is True  # from tianjin, two levels up


def test_profiles_are_picked_by_scope() -> None:
    (department,) = read_path(SEEDS / "001_eb7a6641e668a5f6.txt")
    (project,) = read_path(OFFICE / "self_evaluation.xlsx")
    choice = ProfileChoice()
    assert (
        choice.review_for([department]),
        choice.scoring_for(department),
        choice.scoring_for(project),
    ) == (
        "tianjin",
        "tianjin_dept",
        "central_2020",
    )
    mine = ProfileChoice.overridden("central", {"project": "mine.toml", "department": None})
    assert (mine.review, mine.scoring_for(department), mine.scoring_for(project)) == (
        "central",
        "tianjin_dept",
        "mine.toml",
    )


def test_score_picks_the_project_profile_for_a_project_self_evaluation() -> None:
    runner = CliRunner()
    path = str(OFFICE / "self_evaluation.xlsx")
    picked = json.loads(runner.invoke(app, ["score", path, "-f", "json"]).stdout)
    assert [r["profile"] for r in picked] == ["central_2020"]
    forced = json.loads(
        runner.invoke(app, ["score", path, "-f", "json", "-p", "tianjin_dept"]).stdout
    )
    assert [r["profile"] for r in forced] == ["tianjin_dept"]


def test_the_review_profile_is_detected_from_the_documents_unless_overridden() -> None:
    shenzhen = read_path(OFFICE / "shenzhen.xlsx")
    (tianjin,) = read_path(SEEDS / "001_eb7a6641e668a5f6.txt")
    assert ProfileChoice().review_for(shenzhen) == "shenzhen"
    assert ProfileChoice().review_for([tianjin]) == "tianjin"
    assert ProfileChoice.overridden("central").review_for(shenzhen) == "central"

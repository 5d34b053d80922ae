"""保留的评分: the self-evaluation page and the API's detail keep a version's recomputed scores
(jixiao.web.scored) and never show them stale — after its draft is saved again, or under another
scoring profile."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from jixiao.web import models, scored
from jixiao.web.templatetags import evaluation_rows

from .test_selfeval import ACTUALS, approved, form, unit_editor  # noqa: F401  (the fixtures)

RECOMPUTED = re.compile(r'<td class="num recomputed[^"]*" title="[^"]*">([^<]*)</td>')
PROFILE = re.compile(r"按评分规则 (\S+) 复核")
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def _shown(client, evaluation: models.SelfEvaluation) -> tuple[list[str], str]:
    """The recomputed column of the page and the profile it names."""
    page = client.get(f"/self-evaluations/{evaluation.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    return RECOMPUTED.findall(text), _profile(text)


def _profile(text: str) -> str:
    found = PROFILE.search(text)
    assert found is not None, "the page names the scoring profile"
    return found.group(1)


def _fresh(client, evaluation: models.SelfEvaluation) -> tuple[list[str], str]:
    """What the page shows computed from nothing kept."""
    scored.clear()
    return _shown(client, evaluation)


@pytest.fixture
def evaluation(unit_editor, approved) -> models.SelfEvaluation:  # noqa: F811
    unit_editor.post(f"/projects/{approved.pk}/self-evaluation/", form())
    return models.SelfEvaluation.objects.get(scope="project")


def test_a_draft_saved_again_is_scored_again(unit_editor, evaluation) -> None:  # noqa: F811
    before, _ = _shown(unit_editor, evaluation)
    assert "11.88" in before  # 12.5 × 95/100: kept now
    lower = [ACTUALS[0], "80%", *ACTUALS[2:]]
    saved = unit_editor.post(
        f"/self-evaluations/{evaluation.pk}/fill/",
        form(actual=lower, base_revision=str(evaluation.revision)),
    )
    assert saved.status_code == 302
    after = _shown(unit_editor, evaluation)
    assert "10.00" in after[0] and "11.88" not in after[0]  # 12.5 × 80/100, next revision
    assert after == _fresh(unit_editor, evaluation)


def test_another_scoring_profile_scores_again(unit_editor, evaluation) -> None:  # noqa: F811
    _, first = _shown(unit_editor, evaluation)
    profiles = {"project": "tianjin_dept", "department": None}
    with override_settings(JIXIAO_SCORING_PROFILES=profiles):
        shown = _shown(unit_editor, evaluation)
        assert shown[1] != first
        assert shown == _fresh(unit_editor, evaluation)
    assert _shown(unit_editor, evaluation)[1] == first


def test_a_second_view_uses_the_kept_scores(unit_editor, evaluation) -> None:  # noqa: F811
    scored.clear()
    _shown(unit_editor, evaluation)
    kept = dict(scored._kept)
    _shown(unit_editor, evaluation)
    assert list(scored._kept) == list(kept) and len(kept) == 1
    assert all(scored._kept[k] is v for k, v in kept.items())  # the same objects, not rescored


def test_a_second_view_formats_no_row_again(unit_editor, evaluation, monkeypatch) -> None:  # noqa: F811
    def page() -> str:
        answer = unit_editor.get(f"/self-evaluations/{evaluation.pk}/")
        assert answer.status_code == 200
        return CSRF.sub(r"\1-", answer.content.decode())

    def refused(value: object) -> str:
        raise AssertionError("a kept row formatted again")

    page()  # the message of the fixture's save is shown once
    scored.clear()
    first = page()  # scored and formatted: kept now
    (kept,) = scored._kept.values()
    assert first.count('class="indicator-result"') == len(kept.cells) > 0
    monkeypatch.setattr(evaluation_rows, "score", refused)
    assert page() == first  # the same page from the kept cells


def test_the_api_answers_the_scores_of_the_saved_draft(unit_editor, evaluation) -> None:  # noqa: F811
    def api_scores() -> list[str | None]:
        body = unit_editor.get(f"/api/self-evaluations/{evaluation.pk}").json()
        return [row["recomputed"] for row in body["scores"]["rows"]]

    before = api_scores()  # kept now
    lower = [ACTUALS[0], "80%", *ACTUALS[2:]]
    saved = unit_editor.post(
        f"/self-evaluations/{evaluation.pk}/fill/",
        form(actual=lower, base_revision=str(evaluation.revision)),
    )
    assert saved.status_code == 302
    after = api_scores()
    assert after != before
    scored.clear()
    assert after == api_scores()  # what nothing kept computes

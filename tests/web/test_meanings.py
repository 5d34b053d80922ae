"""The meaning of a 指标值 follows the interface language: the catalogue says in Chinese exactly
what the domain says (数量 · ≥ 20000 家 · 越大越好) and in English “quantity · ≥ 20000 家 ·
higher is better”."""

from __future__ import annotations

from django.utils import translation

from jixiao.domain import drafting
from jixiao.domain.model import TargetTable
from jixiao.domain.targets import parse_target
from jixiao.web import meanings, models

#: 指标值 that give every kind, direction and problem between them
RAWS = [
    "≥20000家", "≤5%", "=100%", "100%", "约100万元", "≤2187.85万元", "2025年12月31日前",
    "年底前", "≥3小时", "8:30前", "符合国家标准", "有所提高", "≥3", "≥3个≤5个", "", "3-5个",
    "达到10个以上，不少于8个", "≥90%≥80%", "12月底前", "≥3件套", "约 3 个", "1个；2个",
]  # fmt: skip


def test_the_catalogue_says_in_chinese_what_the_domain_says() -> None:
    with translation.override("zh-hans"):
        assert {k: str(v) for k, v in meanings.KINDS.items()} == drafting.KIND_ZH
        assert {k: str(v) for k, v in meanings.DIRECTIONS.items()} == drafting.DIRECTION_ZH
        assert {k: str(v) for k, v in meanings.PROBLEMS.items()} == drafting.PROBLEM_ZH
        for raw in RAWS:
            target = parse_target(raw)
            assert meanings.meaning(target) == drafting.meaning(target), raw


def test_english_says_kind_and_direction_in_english() -> None:
    with translation.override("en"):
        assert (
            meanings.hover(parse_target("≥20000家")) == "quantity · ≥ 20000 家 · higher is better"
        )
        said = meanings.meaning(parse_target("100%"))
        assert said.text == "ratio · = 100 % · equal to the target"
        assert said.problems == ("no comparison sign: read as “=”",)


def test_the_project_page_shows_the_meaning_in_the_chosen_language(client_in, demo) -> None:
    project = models.Project.objects.filter(is_current=True).first()
    assert project is not None
    target = TargetTable.model_validate(project.document).indicators[0].target
    url = f"/projects/{project.pk}/"
    client_in.cookies["django_language"] = "en"
    with translation.override("en"):
        assert f'title="{meanings.hover(target)}"' in client_in.get(url).text
    client_in.cookies["django_language"] = "zh-hans"
    assert f'title="{drafting.meaning(target).text}' in client_in.get(url).text

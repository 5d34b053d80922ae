"""指标库 ranking (pure): uses grouped by name, recommended first, merged spellings, last year."""

from __future__ import annotations

from jixiao.domain.library import Curation, History, Past, Use, flag, form, key, suggest
from jixiao.domain.targets import parse_target


def use(level3: str, target: str, level2: str = "数量指标") -> Use:
    return Use(level2, level3, parse_target(target))


USES = [
    use("培训人次", "≥500人次"),
    use("培训人次", "≥300人次"),
    use("培训 人次", "≥200人次"),  # the same name written with a space
    use("现场核查数量", "≥100家"),
    use("现场核查家数", "≥90家"),
    use("宣传活动场次", "≥5场"),
    use("宣传活动场次", "4场"),
    use("服务满意度", "≥90%", level2="服务对象满意度指标"),
]


def test_ranked_by_use_with_typical_forms_and_units() -> None:
    ranked = suggest("数量指标", USES)
    assert [s.level3 for s in ranked] == [
        "培训人次",
        "宣传活动场次",
        "现场核查家数",
        "现场核查数量",
    ]
    top = ranked[0]
    assert top.uses == 3 and top.forms == ("≥N人次",) and top.units == ("人次",)
    assert top.spellings == ("培训 人次",)
    assert ranked[1].forms == ("≥N场", "N场")
    assert suggest("数量", USES) == ranked  # the level 2 by any spelling


def test_recommended_first_and_merged_spellings_count_as_one() -> None:
    curation = Curation(
        recommended=frozenset({key("数量指标", "现场核查数量")}),
        merged={key("数量指标", "现场核查家数"): "现场核查数量"},
    )
    ranked = suggest("数量指标", USES, curation)
    assert ranked[0].level3 == "现场核查数量" and ranked[0].recommended
    assert ranked[0].uses == 2 and ranked[0].spellings == ("现场核查家数",)
    assert "现场核查家数" not in [s.level3 for s in ranked]


def test_query_and_own_department_first() -> None:
    assert [s.level3 for s in suggest("数量指标", USES, query="核查")] == [
        "现场核查家数",
        "现场核查数量",
    ]
    own = suggest("数量指标", USES, own=["现场核查数量"])
    assert own[0].level3 == "现场核查数量"
    assert suggest("数量指标", USES, limit=1)[0].level3 == "培训人次"


def test_form_hides_the_number() -> None:
    assert form(parse_target("≥100家次")) == "≥N家次"
    assert form(parse_target("有效提升")) == "有效提升"


PAST = [
    Past(2024, "数量指标", "现场核查数量", parse_target("≥100家"), parse_target("104家")),
    Past(
        2024,
        "数量指标",
        "现场核查数量",
        parse_target("≥80家"),
        parse_target("85家"),
        same_project=True,
    ),
]


def test_last_year_prefers_the_same_project_and_reads_as_a_note() -> None:
    history = History(PAST)
    found = history.find("数量", "现场核查 数量")
    assert found is not None and found.note() == "2024年目标 ≥80家，实际 85家"
    assert history.find("数量指标", "其他指标") is None
    merged = History(PAST, Curation(merged={key("数量指标", "核查家数"): "现场核查数量"}))
    assert merged.find("数量指标", "核查家数") is found and merged.names() == ["现场核查数量"]
    assert PAST[0].note() == "2024年目标 ≥100家，实际 104家"


def test_flags_a_target_below_or_far_above_last_years_actual() -> None:
    past = PAST[0]
    assert flag(parse_target("≥90家"), past) == "目标偏低：低于上年实际完成 104家"
    assert flag(parse_target("≥110家"), past) is None
    assert "远高于" in (flag(parse_target("≥400家"), past) or "")
    assert flag(parse_target("≥90%"), past) is None  # another unit: not comparable
    limit = Past(2024, "质量指标", "投诉次数", parse_target("≤5次"), parse_target("2次"))
    assert "上限宽于" in (flag(parse_target("≤3次"), limit) or "")

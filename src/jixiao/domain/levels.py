"""The indicator hierarchy: 一级指标 (level 1) and 二级指标 (level 2).

Framework A (财预〔2015〕88号 / 〔2020〕10号, used by the Tianjin tables) puts 成本指标 under
产出指标; framework B (财预〔2021〕101号) makes 成本指标 a level 1 of its own. Both are known
here so that a reader can tell a level-1 label from a level-2 label and a reviewer can tell
whether a level 2 sits under the right level 1.
"""

from __future__ import annotations

from functools import lru_cache

OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"
COST = "成本指标"  # a level 1 in framework B only

LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION, COST)

QUANTITY = "数量指标"
QUALITY = "质量指标"
TIMELINESS = "时效指标"
COST_OUTPUT = "成本指标"  # 产出 / 成本指标 in framework A
ECONOMIC_COST = "经济成本指标"
SOCIAL_COST = "社会成本指标"
ECO_COST = "生态环境成本指标"
ECONOMIC = "经济效益指标"
SOCIAL = "社会效益指标"
ECOLOGICAL = "生态效益指标"
SUSTAINABLE = "可持续影响指标"
SERVICE_SATISFACTION = "服务对象满意度指标"

#: level 2 → the level 1 it belongs to (framework A first; framework B's cost subtypes too).
PARENT: dict[str, str] = {
    QUANTITY: OUTPUT,
    QUALITY: OUTPUT,
    TIMELINESS: OUTPUT,
    COST_OUTPUT: OUTPUT,
    ECONOMIC: BENEFIT,
    SOCIAL: BENEFIT,
    ECOLOGICAL: BENEFIT,
    SUSTAINABLE: BENEFIT,
    SERVICE_SATISFACTION: SATISFACTION,
    ECONOMIC_COST: COST,
    SOCIAL_COST: COST,
    ECO_COST: COST,
}

LEVEL2 = tuple(PARENT)

#: Spellings seen in documents → the canonical name.
ALIASES: dict[str, str] = {
    "产出": OUTPUT,
    "效益": BENEFIT,
    "满意度": SATISFACTION,
    "服务对象满意度": SERVICE_SATISFACTION,
    "服务对象满意度指标": SERVICE_SATISFACTION,
    "社会公众或服务对象满意度指标": SERVICE_SATISFACTION,
    "数量": QUANTITY,
    "质量": QUALITY,
    "时效": TIMELINESS,
    "成本": COST_OUTPUT,
    "经济效益": ECONOMIC,
    "社会效益": SOCIAL,
    "生态效益": ECOLOGICAL,
    "可持续影响": SUSTAINABLE,
    "可持续发展指标": SUSTAINABLE,
}


@lru_cache(maxsize=4096)
def canonical(label: str) -> str:
    """The canonical spelling of a level label; unknown labels come back unchanged."""
    text = "".join(label.split())
    return ALIASES.get(text, text)


def is_level1(label: str) -> bool:
    """True for 产出指标 / 效益指标 / 满意度指标 (and 成本指标, which is ambiguous)."""
    return canonical(label) in LEVEL1


def is_level2(label: str) -> bool:
    return canonical(label) in PARENT


def parent_of(level2: str) -> str | None:
    """The level 1 a level 2 belongs to in framework A, or None for an unknown label."""
    return PARENT.get(canonical(level2))

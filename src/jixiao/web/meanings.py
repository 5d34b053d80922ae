"""What a 指标值 reads as (指标值含义), in the interface language: the domain says it in Chinese
(:func:`jixiao.domain.drafting.meaning`, “数量 · ≥ 20000 家 · 越大越好”); the pages say it through
the catalogue, “quantity · ≥ 20000 家 · higher is better” in English. The reading (operator,
number, unit) stays as written."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jixiao.domain import drafting
from jixiao.domain.targets import Target

#: drafting.KIND_ZH, DIRECTION_ZH and PROBLEM_ZH as catalogue entries (their msgstr: the same Chinese)
KINDS: dict[str, Promise] = {
    "quantity": pgettext_lazy("target kind", "quantity"),
    "ratio": pgettext_lazy("target kind", "ratio"),
    "amount": pgettext_lazy("target kind", "amount"),
    "deadline": pgettext_lazy("target kind", "deadline"),
    "duration": pgettext_lazy("target kind", "duration"),
    "time_of_day": pgettext_lazy("target kind", "time of day"),
    "standard": pgettext_lazy("target kind", "standard"),
    "qualitative": pgettext_lazy("target kind", "qualitative"),
    "multi": pgettext_lazy("target kind", "several values"),
}
DIRECTIONS: dict[str, Promise] = {
    "higher_better": _("higher is better"),
    "lower_better": _("lower is better"),
    "exact": _("equal to the target"),
}
PROBLEMS: dict[str, Promise] = {
    "implicit_op": _("no comparison sign: read as “=”"),
    "approximate": _("an approximate value cannot be measured exactly"),
    "unknown_unit": _("unusual unit of measure"),
    "no_unit": _("no unit of measure"),
    "extra_text": _("extra text around the value"),
    "multi_value": _("several values in one cell"),
    "relative_deadline": _("the deadline has no date"),
    "embedded_numbers": _("numbers inside a sentence: no value read"),
    "range": _("a range: no single value read"),
    "conflicting_op": _("comparison signs contradict each other"),
    "empty": _("not filled in"),
    "no_year": _("the date has no year"),
    "assumed_year": _("year taken from the budget year"),
    "unmeasurable": _("no measurable value could be read"),
}


def meaning(target: Target) -> drafting.Meaning:
    """The domain's meaning of ``target`` with its text and problems in the interface language."""
    said = drafting.meaning(target)
    parts = (str(KINDS[said.kind]), said.reading, str(DIRECTIONS.get(said.direction, "")))
    return drafting.Meaning(
        " · ".join(p for p in parts if p),
        said.readable,
        tuple(str(PROBLEMS.get(p, p)) for p in said.problem_codes),
        said.kind,
        said.reading,
        said.direction,
        said.problem_codes,
    )


def hover(target: Target) -> str:
    """The meaning on one line, for a cell's tooltip: “数量 · ≥ 20000 家 · 越大越好 · 缺少计量单位”."""
    said = meaning(target)
    return " · ".join(p for p in (said.text, "，".join(said.problems)) if p)

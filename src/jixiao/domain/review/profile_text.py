"""A review profile written out (TOML) and its settings as editable rows (profile editor, .xlsx).

:func:`to_toml` writes a profile in full — every rule with ``enabled``, ``severity`` and its
parameters, and the ``[grade]`` thresholds — so a stored version never depends on the file it
started from. :func:`rows` gives one :class:`RuleRow` per rule with each parameter as a TOML value
(``80``, ``false``, ``["数量指标", "质量指标"]``); :func:`from_rows` turns edited rows back into
TOML, refusing a value that is not TOML with the rule and parameter named. A row also carries the
rule's wording as plain text (``message``, ``suggestion``, ``answers`` one per item, empty = the
rule's own); only what is set is written.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.domain.profiles import ProfileError
from jixiao.domain.review.profile import GradePolicy, Profile, profile_from_toml
from jixiao.domain.review.registry import RULES

GRADE_KEYS = tuple(vars(GradePolicy()))


@dataclass(frozen=True)
class RuleRow:
    """One rule's settings in a profile: code, on/off, severity, parameters as TOML values, and
    its wording (提示语、修改建议、范例意见) as text."""

    code: str
    title: str
    enabled: bool
    severity: str
    params: dict[str, str]
    message: str = ""
    suggestion: str = ""
    answers: tuple[str, ...] = ()


def value(item: Any) -> str:
    """``item`` as a TOML value."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int | float | Decimal):
        return str(item)
    if isinstance(item, str):
        return json.dumps(item, ensure_ascii=False)
    if isinstance(item, Mapping):
        return "{ " + ", ".join(f"{value(k)} = {value(v)}" for k, v in item.items()) + " }"
    if isinstance(item, Iterable):
        return "[" + ", ".join(value(v) for v in item) + "]"
    raise ValueError(f"cannot write {item!r} as TOML")


def parse_value(text: str, where: str) -> Any:
    """The TOML value ``text``; ProfileError naming ``where`` when it is not one."""
    try:
        return tomllib.loads(f"v = {text.strip()}", parse_float=Decimal)["v"]
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{where}：取值“{text}”不是有效的 TOML 值（{exc}）") from exc


def rows(profile: Profile) -> list[RuleRow]:
    """Every rule of the catalogue with its settings under ``profile``."""
    return [
        RuleRow(
            rule.code,
            rule.title,
            profile.enabled(rule),
            profile.severity(rule),
            {k: value(v) for k, v in profile.params(rule).items()},
            str(profile.rules.get(rule.code, {}).get("message", "")),
            str(profile.rules.get(rule.code, {}).get("suggestion", "")),
            profile.answers(rule),
        )
        for rule in RULES.values()
    ]


def grade_values(profile: Profile) -> dict[str, str]:
    """The ``[grade]`` thresholds as TOML values."""
    return {key: value(getattr(profile.grade, key)) for key in GRADE_KEYS}


def to_toml(profile: Profile) -> str:
    """The whole profile as TOML text (what a stored version holds)."""
    return from_rows(profile.name, profile.description, rows(profile), grade_values(profile))


def from_rows(
    name: str, description: str, edited: Iterable[RuleRow], grade: Mapping[str, str]
) -> str:
    """TOML text from edited rows; the result is loaded once, so a bad setting is refused here."""
    lines = [f"name = {value(name)}", f"description = {value(description)}", "", "[grade]"]
    lines += [f"{key} = {_checked(text, f'等级 {key}')}" for key, text in grade.items()]
    for row in edited:
        lines += ["", f"[rules.{row.code}]", f"enabled = {value(row.enabled)}"]
        lines.append(f"severity = {value(row.severity)}")
        lines += [
            f"{key} = {_checked(text, f'规则 {row.code} 参数 {key}')}"
            for key, text in row.params.items()
        ]
        lines += _wording(row)
    text = "\n".join(lines) + "\n"
    profile_from_toml(text, name)
    return text


def _wording(row: RuleRow) -> list[str]:
    """The row's wording as TOML lines; blank texts are left out (the rule's own applies)."""
    answers = [a.strip() for a in row.answers if a.strip()]
    texts = {"message": row.message.strip(), "suggestion": row.suggestion.strip()}
    lines = [f"{key} = {value(text)}" for key, text in texts.items() if text]
    return lines + ([f"answers = {value(answers)}"] if answers else [])


def _checked(text: str, where: str) -> str:
    return value(parse_value(text, where))

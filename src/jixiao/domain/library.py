"""指标库 (indicator library): what was written before, ranked for the editor (pure).

Every stored indicator is a :class:`Use` of its 三级指标 under a 二级指标. :func:`suggest` groups
the uses of one 二级指标 by name — spellings a finance reviewer merged count as one name — and
ranks them: indicators marked 共性指标 (recommended) first, then by how often they were used. Each
:class:`Suggestion` carries the typical forms of its 指标值 (``≥N家次``) and units.

:class:`History` finds last year's row of the same 三级指标 in the self-evaluations
(“2024年目标 ≥100家，实际 104家”); :func:`flag` says, while the editor types, when a target is set
below last year's actual (目标偏低) or far above it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.domain.levels import canonical
from jixiao.domain.records import normalise_name
from jixiao.domain.targets import Target, render

__all__ = ["FAR_ABOVE", "Curation", "History", "Past", "Suggestion", "Use", "flag", "suggest"]

#: a target more than this many times last year's actual is flagged as far above it
FAR_ABOVE = Decimal(3)
TYPICAL = 3  # typical 指标值 forms and units shown per suggestion


@dataclass(frozen=True)
class Use:
    """One stored indicator row (or ``count`` alike rows): its 二级 / 三级指标 and 指标值."""

    level2: str
    level3: str
    target: Target
    count: int = 1


@dataclass(frozen=True)
class Curation:
    """What finance reviewers decided: names marked 共性指标, and spellings merged into a name.

    Keys are (canonical 二级指标, normalised 三级指标).
    """

    recommended: frozenset[tuple[str, str]] = frozenset()
    merged: Mapping[tuple[str, str], str] = field(default_factory=dict)  # spelling → name

    def name(self, level2: str, level3: str) -> str:
        """The name a spelling is filed under (itself unless merged)."""
        return self.merged.get(key(level2, level3), level3.strip())


@dataclass(frozen=True)
class Suggestion:
    """A 三级指标 for the editor: how often it was used, whether recommended, its usual values."""

    level3: str
    uses: int
    recommended: bool
    forms: tuple[str, ...]  # typical 指标值 forms, most used first (``≥N家次``)
    units: tuple[str, ...]
    spellings: tuple[str, ...] = ()  # other spellings filed under this name


def key(level2: str, level3: str) -> tuple[str, str]:
    """How a library entry is compared: canonical 二级指标, normalised 三级指标."""
    return canonical(level2), normalise_name(level3)


def form(target: Target) -> str:
    """The shape of a 指标值 with its number hidden: ``≥100家次`` → ``≥N家次``."""
    if target.value is None:
        return target.raw.strip()[:30]
    shown = render(target)
    number = f"{target.value.normalize():f}"
    return shown.replace(number, "N", 1) if number in shown else shown


def suggest(
    level2: str,
    uses: Iterable[Use],
    curation: Curation = Curation(),
    query: str = "",
    limit: int = 12,
    own: Collection[str] = (),
) -> list[Suggestion]:
    """The 三级指标 used under ``level2`` (matching ``query`` when given), best first: the
    recommended 共性指标, then the names in ``own`` (this department's own, from last year),
    then by number of uses."""
    wanted = canonical(level2)
    needle = normalise_name(query)
    names: dict[str, str] = {}  # normalised name → the most used spelling of it
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    forms: dict[str, Counter[str]] = {}
    units: dict[str, Counter[str]] = {}
    for use in uses:
        if canonical(use.level2) != wanted or not use.level3.strip():
            continue
        name = curation.name(use.level2, use.level3)
        k = normalise_name(name)
        counts[k] += use.count
        spellings.setdefault(k, Counter())[use.level3.strip()] += use.count
        forms.setdefault(k, Counter())[form(use.target)] += use.count
        if use.target.unit:
            units.setdefault(k, Counter())[use.target.unit] += use.count
        names.setdefault(k, name)
    found = [
        Suggestion(
            level3=names[k],
            uses=n,
            recommended=(wanted, k) in curation.recommended,
            forms=tuple(f for f, _ in forms[k].most_common(TYPICAL) if f),
            units=tuple(u for u, _ in units.get(k, Counter()).most_common(TYPICAL)),
            spellings=tuple(s for s in spellings[k] if s != names[k]),
        )
        for k, n in counts.items()
        if not needle or needle in k or any(needle in normalise_name(s) for s in spellings[k])
    ]
    mine = {normalise_name(name) for name in own}
    found.sort(
        key=lambda s: (not s.recommended, normalise_name(s.level3) not in mine, -s.uses, s.level3)
    )
    return found[:limit]


@dataclass(frozen=True)
class Past:
    """Last year's row of a self-evaluation: 二级 / 三级指标, target and actual, and whose it was."""

    year: int
    level2: str
    level3: str
    target: Target
    actual: Target
    same_project: bool = False

    def note(self) -> str:
        """“2024年目标 ≥100家，实际 104家”."""
        return f"{self.year}年目标 {self.target.raw.strip()}，实际 {self.actual.raw.strip()}"


class History:
    """Last year's self-evaluation rows by 三级指标 (merged spellings match), the same
    project's row first: :meth:`find` gives the row the editor shows (“2024年目标 …，实际 …”)."""

    def __init__(self, rows: Iterable[Past], curation: Curation = Curation()) -> None:
        self.curation = curation
        self.rows: dict[tuple[str, str], Past] = {}
        for row in sorted(rows, key=lambda r: not r.same_project):
            self.rows.setdefault(key(row.level2, curation.name(row.level2, row.level3)), row)

    def find(self, level2: str, level3: str) -> Past | None:
        return self.rows.get(key(level2, self.curation.name(level2, level3)))

    def names(self) -> list[str]:
        """The 三级指标 of last year (the department's own, for :func:`suggest`)."""
        return [row.level3 for row in self.rows.values()]


def flag(target: Target, past: Past) -> str | None:
    """目标偏低 (not above last year's actual) or far above it; None when the target is fine
    or cannot be compared (other unit, no number, no direction)."""
    actual = past.actual
    if target.value is None or actual.value is None or target.unit != actual.unit:
        return None
    if target.direction == "higher_better":
        if target.value < actual.value:
            return f"目标偏低：低于上年实际完成 {actual.raw.strip()}"
        if actual.value > 0 and target.value > actual.value * FAR_ABOVE:
            return f"目标远高于上年实际完成 {actual.raw.strip()}，请核实是否可实现"
    if target.direction == "lower_better" and target.value > actual.value:
        return f"目标偏低：上限宽于上年实际完成 {actual.raw.strip()}"
    return None

"""版本: the versions of one document and which of them is in force (pure).

A document (one project's target table of a year, say) has numbered versions. Each version has
its own state. The version **in force** (在用) is the newest approved/reviewed/published one; the
**working** version is a newer one still in the cycle (草稿, 已提交, 财政审核, 已退回). An
adjustment (调整) of the version in force opens a working version (a copy that the unit edits and
submits again); the version in force stays in force until the new one is approved, and then
becomes history. The version the public sees is the newest published one, which may be older
than the version in force until the new one is published.

Every version other than the newest and the one in force is superseded: readable, never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jixiao.domain.workflow.policy import Subject, transition
from jixiao.domain.workflow.roles import Actor, DepartmentPath
from jixiao.domain.workflow.states import IN_FORCE, STATE_LABELS, DocKind, State
from jixiao.domain.workflow.table import Action


@dataclass(frozen=True)
class Version:
    """版本 ``number`` (1, 2 …) in ``state``; an adjustment names the version it adjusts."""

    number: int
    state: State
    adjusts: int | None = None  # the version in force when this adjustment was opened
    reason: str = ""  # 调整理由


@dataclass(frozen=True)
class Versions:
    """The versions of one document, oldest first, with the document's kind and department."""

    kind: DocKind
    department: DepartmentPath
    versions: tuple[Version, ...] = (Version(1, State.DRAFT),)

    def __post_init__(self) -> None:
        numbers = [v.number for v in self.versions]
        if not numbers or numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"versions are numbered 1, 2, … in order, not {numbers}")

    def get(self, number: int) -> Version:
        if not 1 <= number <= len(self.versions):
            raise ValueError(f"no version {number}")
        return self.versions[number - 1]

    @property
    def latest(self) -> Version:
        return self.versions[-1]

    @property
    def in_force(self) -> Version | None:
        """在用版本: the newest approved, reviewed or published version."""
        return next((v for v in reversed(self.versions) if v.state in IN_FORCE), None)

    @property
    def working(self) -> Version | None:
        """The newest version when it is still in the cycle (no version is in force after it)."""
        return self.latest if self.latest.state not in IN_FORCE else None

    @property
    def public(self) -> Version | None:
        """公开版本: the newest published version."""
        return next((v for v in reversed(self.versions) if v.state is State.PUBLISHED), None)

    def subject(self, number: int) -> Subject:
        """Version ``number`` as the subject of a permission question."""
        state, in_force = self.get(number).state, self.in_force
        is_in_force = in_force is not None and in_force.number == number
        return Subject(
            department=self.department,
            kind=self.kind,
            state=state,
            superseded=number != self.latest.number and not is_in_force,
            adjusting=is_in_force and self.working is not None,
        )

    def summary_zh(self) -> str:
        """“第 1 版 已批复（在用）；第 2 版 草稿（调整中）”."""
        parts = []
        for v in self.versions:
            notes = [
                n for n, on in (("在用", v is self.in_force), ("调整中", _adjusting(self, v))) if on
            ]
            note = f"（{'，'.join(notes)}）" if notes else ""
            parts.append(f"第 {v.number} 版 {STATE_LABELS[v.state]}{note}")
        return "；".join(parts)


def _adjusting(versions: Versions, version: Version) -> bool:
    return version.adjusts is not None and version is versions.working


def act(
    versions: Versions, number: int, action: Action, actor: Actor, reason: str = ""
) -> Versions:
    """Take a transition on version ``number``: the new versions; raises ``policy.Refused``.

    :attr:`Action.ADJUST` on the version in force appends a new version (草稿) that records the
    adjusted version and the reason; every other transition changes the state of one version.
    """
    state = transition(versions.subject(number), action, actor, reason)
    if action is Action.ADJUST:
        new = Version(len(versions.versions) + 1, state, adjusts=number, reason=reason.strip())
        return replace(versions, versions=(*versions.versions, new))
    changed = replace(versions.get(number), state=state)
    rest = versions.versions
    return replace(versions, versions=(*rest[: number - 1], changed, *rest[number:]))

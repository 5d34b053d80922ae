"""指标库 curation by finance reviewers: mark a 三级指标 as 共性指标 (recommended), merge spellings.

Both are actions with their audit row; both need the right to 维护指标库 (``curate_library``).
"""

from __future__ import annotations

from jixiao.domain.library import key
from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.web import models, permissions
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["merge_indicators", "recommend_indicator"]

Audit = models.AuditEntry.Action


def _entry(level2: str, name: str) -> models.LibraryEntry:
    level2_key, name_key = key(level2, name)
    if not level2_key or not name_key:
        raise Refused(Denied("请指定二级指标和三级指标", "invalid"))
    entry, _ = models.LibraryEntry.objects.get_or_create(
        level2=level2_key, name_key=name_key, defaults={"name": name.strip()[:500]}
    )
    return entry


def _label(entry: models.LibraryEntry) -> tuple[str, int, str]:
    return ("library", entry.pk, f"{entry.level2}/{entry.name}")


@action
def recommend_indicator(
    actor: Actor, level2: str, name: str, recommended: bool = True
) -> models.LibraryEntry:
    """Mark (or unmark) the 三级指标 ``name`` under ``level2`` as a recommended 共性指标."""
    permissions.check(actor.user, Action.CURATE_LIBRARY)
    entry = _entry(level2, name)
    old = entry.recommended
    entry.recommended = recommended
    entry.save(update_fields=["recommended"])
    record(actor, Audit.RECOMMEND_INDICATOR, _label(entry), old={"recommended": old},
           new={"recommended": recommended})  # fmt: skip
    return entry


@action
def merge_indicators(
    actor: Actor, level2: str, spellings: list[str], into: str
) -> list[models.LibraryEntry]:
    """File the ``spellings`` of a 三级指标 under the name ``into`` (they count as one)."""
    permissions.check(actor.user, Action.CURATE_LIBRARY)
    into = into.strip()
    merged = [s.strip() for s in spellings if s.strip() and key(level2, s) != key(level2, into)]
    if not into or not merged:
        raise Refused(Denied("请选择要合并的写法和合并后的名称", "invalid"))
    target = _entry(level2, into)
    models.LibraryEntry.objects.filter(level2=target.level2, merged_into__in=merged).update(
        merged_into=into
    )
    entries = []
    for spelling in merged:
        entry = _entry(level2, spelling)
        entry.merged_into = into[:500]
        entry.save(update_fields=["merged_into"])
        entries.append(entry)
    target.merged_into = ""
    target.save(update_fields=["merged_into"])
    record(actor, Audit.MERGE_INDICATORS, _label(target), new={"into": into, "spellings": merged})
    return entries

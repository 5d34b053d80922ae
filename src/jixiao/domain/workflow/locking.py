"""乐观锁: saving a draft that someone else saved in the meantime (pure).

The editor sends the revision it started from (``base``). When the stored draft is still at that
revision, the save is accepted and makes the next revision. Otherwise it is refused, and the
refusal says what the other person changed (a :func:`jixiao.domain.diff.diff` from the base
revision to the stored one) and which of those fields the editor changed too, so nothing either
of them wrote is lost: the stored draft is untouched and the editor's text stays in the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.domain.diff import Change, diff, summary_zh
from jixiao.domain.model import Document


@dataclass(frozen=True)
class Accepted:
    """保存成功: the save becomes ``revision``."""

    revision: int


@dataclass(frozen=True)
class Conflict:
    """保存冲突: ``theirs`` changed since the editor's base; ``overlap`` they both changed."""

    message_zh: str
    theirs: tuple[Change, ...] = ()
    overlap: tuple[str, ...] = ()  # field_zh of the fields both changed


def check_save(
    base_revision: int,
    stored_revision: int,
    *,
    base: Document | None = None,
    stored: Document | None = None,
    mine: Document | None = None,
) -> Accepted | Conflict:
    """Accept a save made from ``base_revision`` or refuse it, saying what changed meanwhile.

    ``base`` and ``stored`` are the documents at the two revisions (``base`` may be None when
    that revision is no longer kept: the refusal then cannot list the changes); ``mine`` is the
    document the editor is saving, to name the fields both people changed.
    """
    if base_revision == stored_revision:
        return Accepted(stored_revision + 1)
    if not 0 <= base_revision < stored_revision:
        return Conflict(
            f"保存未成功：修订号 {base_revision} 无效（当前为第 {stored_revision} 次修订），请刷新后重试。"
        )
    theirs = tuple(diff(base, stored)) if base is not None and stored is not None else ()
    ours = diff(base, mine) if base is not None and mine is not None else []
    overlap = tuple(
        dict.fromkeys(t.field_zh for t in theirs for o in ours if _same_place(t.path, o.path))
    )
    return Conflict(_message(base_revision, stored_revision, theirs, overlap), theirs, overlap)


def _same_place(a: str, b: str) -> bool:
    """Two changes touch the same field or row (``indicators[k]`` contains ``indicators[k].target``)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _message(base: int, stored: int, theirs: tuple[Change, ...], overlap: tuple[str, ...]) -> str:
    parts = [f"保存未成功：您打开此草稿（第 {base} 次修订）后，他人已保存到第 {stored} 次修订。"]
    if theirs:
        parts.append(f"他人的修改：{summary_zh(theirs)}。")
    if overlap:
        parts.append(f"与您的修改重叠：{'、'.join(overlap)}。")
    parts.append("您填写的内容尚未保存，也未丢失，请核对后重新保存。")
    return "".join(parts)

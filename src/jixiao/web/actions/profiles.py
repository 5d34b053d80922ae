"""审核口径 (review profiles): save a new version of a shipped profile (edited or imported).

Needs the right to 维护审核口径 (``edit_profiles``); the text is loaded before it is stored, so a
bad setting is refused (400 with the reason) and never reaches the review.
"""

from __future__ import annotations

from jixiao.domain.profiles import ProfileError
from jixiao.domain.review import profile_names
from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.web import engines, models, permissions, profile_versions
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["save_profile"]


@action
def save_profile(
    actor: Actor, name: str, text: str, note: str = ""
) -> profile_versions.ProfileVersion:
    """Store ``text`` (TOML) as the next version of the review profile ``name``."""
    permissions.check(actor.user, Action.EDIT_PROFILES)
    if name not in profile_names():
        raise Refused(Denied(f"没有名为“{name}”的审核口径", "invalid"))
    try:
        profile, digest = engines.saved_profile(name, text)
    except ProfileError as exc:
        raise Refused(Denied(f"审核口径有误：{exc}", "invalid")) from exc
    if profile.name != name:
        raise Refused(Denied(f"文件中的口径名称“{profile.name}”与“{name}”不符", "invalid"))
    previous = profile_versions.current(name)
    version = profile_versions.ProfileVersion.objects.create(
        name=name,
        number=previous.number + 1 if previous else 1,
        text=text,
        digest=digest,
        note=note.strip()[:300],
        created_by=actor.account,
    )
    record(
        actor, models.AuditEntry.Action.SAVE_PROFILE, ("profile", version.pk, str(version)),
        old={"digest": previous.digest if previous else None},
        new={"number": version.number, "digest": digest, "note": version.note},
    )  # fmt: skip
    return version

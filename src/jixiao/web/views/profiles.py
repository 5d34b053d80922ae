"""审核口径 pages: the review profiles, their settings and versions, edited by finance reviewers
and administrators (维护审核口径), exported and imported as TOML or .xlsx.

Saving goes through :func:`jixiao.web.actions.save_profile` (a new version, audited). The page
shows a trial (试算): the tables the user may see, graded as stored and again under the profile
in force, so a reviewer sees what an edit changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from jixiao.domain.profiles import ProfileError
from jixiao.domain.review import profile_names, review
from jixiao.domain.review.finding import SEVERITIES
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.profile_text import (
    GRADE_KEYS,
    RuleRow,
    from_rows,
    grade_values,
    rows,
    to_toml,
)
from jixiao.domain.review.report import project_reviews
from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.export import profile_xlsx
from jixiao.web import actions, engines, models, permissions, profile_versions, storage
from jixiao.web.documents import Selection, projects
from jixiao.web.views import guard

TRIAL = 30  # tables graded again on the page
MAX_UPLOAD = 1_000_000  # bytes of an imported profile


def _name(name: str) -> str:
    if name not in profile_names():
        raise Http404("没有这个审核口径")
    return name


def index(request: HttpRequest) -> HttpResponse:
    """Every shipped review profile and its newest saved version."""
    shown = [(name, profile_versions.current(name)) for name in profile_names()]
    return render(request, "jixiao/profiles.html", {"profiles": shown})


def page(request: HttpRequest, name: str) -> HttpResponse:
    """One profile: its settings (a form for those who may edit), versions and the trial."""
    profile = engines.in_force(_name(name))
    versions = profile_versions.ProfileVersion.objects.filter(name=name).select_related(
        "created_by"
    )
    stamped = dict(
        models.Project.objects.filter(review_profile=name, is_current=True)
        .values_list("review_profile_hash")
        .annotate(n=Count("id"))
    )
    context = {
        "name": name,
        "profile": profile,
        "rules": rows(profile),
        "grade": [(key, getattr(profile.grade, key)) for key in GRADE_KEYS],
        "severities": SEVERITIES,
        "versions": [(v, stamped.get(v.digest, 0)) for v in versions],
        "may_edit": bool(permissions.allowed(request.user, Action.EDIT_PROFILES)),
        "trial": _trial(request.user, profile),
    }
    return render(request, "jixiao/profile.html", context)


def _trial(user: Any, profile: Profile) -> list[dict[str, Any]]:
    """The visible current tables (at most :data:`TRIAL`): grade as stored and under ``profile``."""
    stored = list(permissions.visible(user, projects(Selection()))[:TRIAL])
    documents = [storage.load(row) for row in stored]
    graded = project_reviews(documents, review(documents, profile), profile.grade)
    return [
        {"row": row, "stored": row.grade, "now": one.grade, "findings": len(one.findings)}
        for row, one in zip(stored, graded, strict=True)
    ]


@require_POST
@guard.guarded
def save(request: HttpRequest, name: str) -> HttpResponse:
    """Save the edited form as the next version."""
    name = _name(name)
    permissions.check(request.user, Action.EDIT_PROFILES)
    profile = engines.in_force(name)
    form = request.POST
    edited = [_row(form, rule) for rule in rows(profile)]
    grade = {
        key: form.get(f"grade-{key}", text)[:200] for key, text in grade_values(profile).items()
    }
    try:
        text = from_rows(name, form.get("description", profile.description)[:500], edited, grade)
    except ProfileError as exc:
        raise Refused(Denied(f"审核口径有误：{exc}", "invalid")) from exc
    return _saved(request, name, text, form.get("note", ""))


def _row(form: Any, row: RuleRow) -> RuleRow:
    severity = form.get(f"severity-{row.code}", row.severity)
    if severity not in SEVERITIES:
        raise SuspiciousOperation("bad severity")
    params = {
        key: form.get(f"param-{row.code}-{key}", text)[:2000] for key, text in row.params.items()
    }
    return RuleRow(
        row.code,
        row.title,
        f"enabled-{row.code}" in form,
        severity,
        params,
        form.get(f"message-{row.code}", "")[:4000],
        form.get(f"suggestion-{row.code}", "")[:4000],
        tuple(form.get(f"answers-{row.code}", "")[:8000].splitlines()),
    )


@require_POST
@guard.guarded
def upload(request: HttpRequest, name: str) -> HttpResponse:
    """Import a profile file (.toml or .xlsx) as the next version."""
    name = _name(name)
    permissions.check(request.user, Action.EDIT_PROFILES)
    file = request.FILES.get("file")
    if file is None or file.size is None or file.size > MAX_UPLOAD:
        raise Refused(Denied("请选择不超过 1 MB 的 .toml 或 .xlsx 文件", "invalid"))
    data = file.read()
    try:
        if (file.name or "").lower().endswith(".xlsx"):
            text = profile_xlsx.read(data, file.name or "")
        else:
            text = data.decode("utf-8-sig")
    except (ProfileError, UnicodeDecodeError) as exc:
        raise Refused(Denied(f"无法导入审核口径：{exc}", "invalid")) from exc
    return _saved(request, name, text, f"导入 {file.name}")


def _saved(request: HttpRequest, name: str, text: str, note: str) -> HttpResponse:
    version = actions.save_profile(actions.Actor(request.user, "web"), name, text, note[:300])
    messages.success(request, f"已保存审核口径“{name}”第 {version.number} 版")
    return redirect("profile", name=name)


def download(request: HttpRequest, name: str, format: str) -> HttpResponse:
    """The profile in force as TOML or as the reviewers' .xlsx."""
    profile = engines.in_force(_name(name))
    if format == "toml":
        data, media = to_toml(profile).encode(), "application/toml; charset=utf-8"
    elif format == "xlsx":
        data, media = profile_xlsx.write(profile), profile_xlsx.MEDIA_TYPE
    else:
        raise Http404(format)
    response = HttpResponse(data, content_type=media)
    response["Content-Disposition"] = content_disposition_header(True, f"审核口径-{name}.{format}")
    return response


__all__ = ["download", "index", "page", "save", "upload"]

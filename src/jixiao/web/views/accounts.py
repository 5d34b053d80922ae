"""用户与单位管理 (administrators): users with their role and department; the department tree."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.domain.workflow.roles import ROLE_LABELS
from jixiao.web import actions, menus, models, permissions
from jixiao.web.actions.accounts import ROLES
from jixiao.web.views import guard


def _department(text: str) -> models.Department | None:
    """The department a form names by id (blank: none); refused when there is no such one."""
    if not text.strip():
        return None
    found = models.Department.objects.filter(pk=int(text)).first() if text.isdigit() else None
    if found is None:
        raise Refused(Denied("没有这个单位", "invalid"))
    return found


def _role_label(user: Any) -> str:
    who = permissions.actor(user)
    return ROLE_LABELS[who.role] if who is not None else ""


@guard.guarded
def users(request: HttpRequest) -> HttpResponse:
    """GET: every user with role and department. POST: create a user or change one."""
    permissions.check(request.user, Action.MANAGE_USERS)
    if request.method == "POST":
        form = request.POST
        user = actions.save_user(
            actions.Actor(request.user, "web"),
            form.get("username", "")[:150],
            form.get("role", "")[:30],
            _department(form.get("department", "")[:20]),
            form.get("password", "")[:200] or None,
        )
        messages.success(request, f"已保存用户 {user.get_username()}")
        return redirect("users")
    memberships = {m.user_id: m for m in models.Membership.objects.select_related("department")}
    rows = [
        {
            "user": u,
            "membership": memberships.get(u.pk),
            "role": _role_label(u),
        }
        for u in get_user_model().objects.order_by("username")
    ]
    context = {
        "rows": rows,
        "roles": [(str(r), ROLE_LABELS[r]) for r in ROLES],
        "departments": models.Department.objects.all(),
    }
    return render(request, "jixiao/users.html", context)


@guard.guarded
def departments(request: HttpRequest) -> HttpResponse:
    """GET: the department tree to edit. POST: create a department or change one (``id``); a
    change without ``name`` (the move form, 移动单位) keeps its code and name and sets its parent.

    Each row edits a department's code and name and shows its parent; one menu of every
    department per form (new, move, merge), rendered once: a row per department each with a
    menu of every department grew as the square of the tree (2,913 departments: 8.5 million
    ``<option>``s)."""
    permissions.check(request.user, Action.MANAGE_DEPARTMENTS)
    if request.method == "POST":
        form = request.POST
        department = _department(form.get("id", "")[:20])
        code, name = form.get("code", "")[:30], form.get("name", "")[:200]
        if department is not None and "name" not in form:  # the move form: only the parent
            code, name = department.code, department.name
        saved = actions.save_department(
            actions.Actor(request.user, "web"),
            code,
            name,
            _department(form.get("parent", "")[:20]),
            department,
        )
        messages.success(request, f"已保存单位 {saved}")
        return redirect("manage-departments")
    rows = models.Department.objects.order_by("code", "name")
    units = list(map(menus.Unit._make, rows.values_list("pk", "code", "name", "parent_id")))
    context = {"departments": units, "options": mark_safe(menus.options(units))}
    return render(request, "jixiao/manage_departments.html", context)


@require_POST
@guard.guarded
def merge(request: HttpRequest) -> HttpResponse:
    """Merge the department ``source`` into ``into``."""
    permissions.check(request.user, Action.MANAGE_DEPARTMENTS)
    source = _department(request.POST.get("source", "")[:20])
    into = _department(request.POST.get("into", "")[:20])
    if source is None or into is None:
        raise Refused(Denied("请选择要合并的两个单位", "invalid"))
    actions.merge_departments(actions.Actor(request.user, "web"), source, into)
    messages.success(request, f"已将 {source} 并入 {into}")
    return redirect("manage-departments")

"""用户与单位: administrators create users, give them a role and a department, and keep the
department tree (code, name, parent; merging two departments into one)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from jixiao.domain.model import Department as DomainDepartment
from jixiao.domain.records import department_key, normalise_name
from jixiao.domain.workflow import Action, Denied, Refused, Role
from jixiao.domain.workflow.roles import ROLE_LABELS, ROLE_SCOPES
from jixiao.web import generations, models, permissions, totals
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["merge_departments", "save_department", "save_user"]

Audit = models.AuditEntry.Action
ROLES = [r for r in Role if r is not Role.PUBLIC]


def _membership(user: Any) -> dict[str, Any]:
    found = models.Membership.objects.filter(user=user).first()
    if found is None:
        return {"role": None, "department": None}
    return {"role": found.role, "department": found.department_id}


@action
def save_user(
    actor: Actor,
    username: str,
    role: str,
    department: models.Department | None = None,
    password: str | None = None,
) -> Any:
    """Create the user ``username`` (with ``password``) or change its role and department."""
    permissions.check(actor.user, Action.MANAGE_USERS)
    username = username.strip()[:150]
    if not username:
        raise Refused(Denied("请填写用户名", "invalid"))
    try:
        chosen = Role(role)
    except ValueError:
        raise Refused(Denied(f"没有“{role}”这一角色", "invalid")) from None
    if chosen is Role.PUBLIC:
        raise Refused(Denied("公众不是账号的角色", "invalid"))
    if ROLE_SCOPES[chosen] != "all" and department is None:
        raise Refused(Denied(f"{ROLE_LABELS[chosen]}须指定所在单位", "invalid"))
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    old = None if user is None else {"username": username, **_membership(user)}
    if user is None:
        user = users.objects.create_user(username=username, password=password or None)
    elif password:
        user.set_password(password)
        user.save(update_fields=["password"])
    models.Membership.objects.update_or_create(
        user=user, defaults={"role": str(chosen), "department": department}
    )
    new = {"username": username, **_membership(user), "password_set": bool(password)}
    record(actor, Audit.SAVE_USER, ("user", user.pk, username), old=old, new=new)
    return user


def _fields(department: models.Department) -> dict[str, Any]:
    return {"code": department.code, "name": department.name, "parent": department.parent_id}


@action
def save_department(
    actor: Actor,
    code: str,
    name: str,
    parent: models.Department | None = None,
    department: models.Department | None = None,
) -> models.Department:
    """Create a department, or change the code, name or parent of ``department``."""
    permissions.check(actor.user, Action.MANAGE_DEPARTMENTS)
    code, name = code.strip()[:30], name.strip()[:200]
    if not name:
        raise Refused(Denied("请填写单位名称", "invalid"))
    if (
        department is not None
        and parent is not None
        and str(department.pk) in permissions.department_path(parent.pk)
    ):
        raise Refused(Denied("上级单位不能是本单位或其下级单位", "invalid"))
    key = department_key(DomainDepartment(code=code or None, name=name))
    clash = models.Department.objects.filter(key=key)
    if department is not None:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise Refused(Denied(f"已有同一编码或名称的单位：{clash.first()}", "invalid"))
    old = None if department is None else _fields(department)
    generations.bump(generations.DEPARTMENTS)  # the tree changes: read it again
    department = department or models.Department()
    department.key, department.code, department.name = key, code, name
    department.name_key, department.parent = normalise_name(name), parent
    department.save()
    department.projects.update(department_code=code)  # the lists' ordering copy (models.Project)
    record(actor, Audit.SAVE_DEPARTMENT, department, old=old, new=_fields(department))
    return department


@action
def merge_departments(
    actor: Actor, source: models.Department, into: models.Department
) -> models.Department:
    """Merge ``source`` into ``into``: its tables, users and sub-units move, ``source`` goes.

    Refused when both hold a version of the same record (same year and project): merge those
    by hand first.
    """
    permissions.check(actor.user, Action.MANAGE_DEPARTMENTS)
    if source.pk == into.pk or str(source.pk) in permissions.department_path(into.pk):
        raise Refused(Denied("不能并入本单位或其下级单位", "invalid"))
    both = models.Project.objects.filter(department=into).values("year", "key")
    clash = models.Project.objects.filter(department=source).filter(
        Q(*[Q(year=r["year"], key=r["key"]) for r in both], _connector=Q.OR) if both else Q(pk=None)
    )
    evaluations = models.SelfEvaluation.objects.filter(department=into).values(
        "year", "scope", "key"
    )
    clash_evaluations = models.SelfEvaluation.objects.filter(department=source).filter(
        Q(*[Q(**r) for r in evaluations], _connector=Q.OR) if evaluations else Q(pk=None)
    )
    if clash.exists() or clash_evaluations.exists():
        first = clash.first() or clash_evaluations.first()
        raise Refused(Denied(f"两个单位都有“{first}”，请先处理重复的项目", "invalid"))
    generations.bump(generations.DEPARTMENTS)
    moved = {
        "projects": source.projects.update(department=into, department_code=into.code),
        "evaluations": source.evaluations.update(department=into),
        "members": source.members.update(department=into),
        "children": source.children.update(parent=into),
    }
    old = {"source": {"id": source.pk, **_fields(source)}, "into": into.pk}
    record(actor, Audit.MERGE_DEPARTMENTS, into, old=old, new=moved)
    source.delete()
    totals.touch(into.pk)  # the source's totals went with it
    return into

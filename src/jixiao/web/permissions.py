"""权限 in the web app: the one adapter from users and stored rows to the domain's ``can()``.

Every view, API endpoint and CLI command asks :func:`allowed` (or :func:`check`, which raises
:class:`~jixiao.domain.workflow.Refused`), and scopes every list, search, count and export with
:func:`visible` / :func:`visible_departments`. The answers come from
:func:`jixiao.domain.workflow.can`; this module only builds its :class:`Actor` (role and
department path from a user's :class:`~jixiao.web.models.Membership`) and :class:`Subject` (the
department path from the department tree, the version's state, whether it is superseded or
being adjusted).

Department paths are the primary keys (as text) from the root of the department tree. A signed-in
user without a membership has no role: everything is hidden from them and every action refused
(“您的账号尚未分配角色”), except a Django superuser, who is an administrator.

Within a web request (:class:`PerRequest`, a middleware) each user's actor, the department tree
and the departments an actor reaches are read once and kept until the response is made or an
action changes stored state (:func:`forget`, called by every action); outside a request (the CLI,
tests) they are read each time. The tree's parents and the departments an actor reaches are also
kept across requests per state of the tree (:func:`jixiao.web.generations.cached` under the
``departments`` token, which every writer of the departments replaces first) —
a province's 2,913 departments are not read on every page.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from jixiao.domain.cards import Card
from jixiao.domain.model import Department
from jixiao.domain.workflow import (
    IN_FORCE,
    STATES,
    Action,
    Actor,
    Allowed,
    Decision,
    Denied,
    Refused,
    Role,
    State,
    Subject,
    can,
)
from jixiao.domain.workflow.roles import ROLE_SCOPES, DepartmentPath
from jixiao.domain.workflow.states import FAMILY_OF, DocKind
from jixiao.domain.workflow.table import ACTIONS
from jixiao.web import generations, models, storage

__all__ = [
    "NO_ROLE",
    "OPERATOR",
    "Allowed",
    "Denied",
    "PerRequest",
    "actor",
    "allowed",
    "check",
    "department_path",
    "forget",
    "reachable_ids",
    "subject",
    "visible",
    "visible_departments",
]

Row = TypeVar("Row", models.Project, models.SelfEvaluation, models.MonitoringReport)
Scoped = TypeVar(
    "Scoped",
    models.Project,
    models.SelfEvaluation,
    models.MonitoringReport,
    models.Total,
    models.Monitored,
)
Kept = TypeVar("Kept", models.Total, models.Monitored)  # rows kept by the actions, with a state
Stored = models.Project | models.SelfEvaluation | models.MonitoringReport
_KINDS: dict[type[Model], DocKind] = {
    models.Project: "target_table",
    models.SelfEvaluation: "self_evaluation",
    models.MonitoringReport: "monitoring",
}

NO_ROLE = Denied("您的账号尚未分配角色，请联系系统管理员", "role")


class Operator:
    """The operator at the command line (who holds the database): acts as an administrator."""

    is_authenticated = False

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR = Operator()

T = TypeVar("T")

#: what this request has read already (None outside a request: nothing is kept)
_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("permissions_memo", default=None)


class PerRequest:
    """Middleware: keep actors and the department tree for the length of one request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def forget() -> None:
    """Drop what this request has kept (an action may have changed roles or departments)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def _kept(key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, once per request for each ``key``."""
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[no-any-return]


def actor(user: Any) -> Actor | None:
    """The domain actor of ``user``: the public when signed out, None when it has no role."""
    if user is OPERATOR:
        return Actor(Role.ADMINISTRATOR)
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(Role.PUBLIC)
    return _kept(("actor", user.pk), lambda: _member(user))


def _member(user: Any) -> Actor | None:
    membership = models.Membership.objects.filter(user=user).first()
    if membership is None:
        return Actor(Role.ADMINISTRATOR) if user.is_superuser else None
    role = Role(membership.role)
    if ROLE_SCOPES[role] == "all":
        return Actor(role)
    if membership.department_id is None:
        return None
    return Actor(role, department_path(membership.department_id))


def _parents() -> dict[int, int | None]:
    return _tree("parents", lambda: dict(models.Department.objects.values_list("pk", "parent_id")))


def _tree(key: Hashable, read: Callable[[], T]) -> T:
    """``read()`` of the department tree, once per request and per state of the tree (its token
    read once per request)."""
    tree = generations.DEPARTMENTS
    current = _kept("tree", lambda: generations.token(tree))
    return _kept(key, lambda: generations.cached_under(current, tree, key, read))


def department_path(
    department_id: int, parents: dict[int, int | None] | None = None
) -> DepartmentPath:
    """The keys of the departments from the root of the tree down to ``department_id``."""
    parents = _parents() if parents is None else parents
    path: list[str] = []
    node: int | None = department_id
    while node is not None and str(node) not in path:  # a loop in the tree stops here
        path.append(str(node))
        node = parents.get(node)
    return tuple(reversed(path))


def _kind(row: Stored) -> DocKind:
    return _KINDS[type(row)]


def subject(row: Stored | models.Department | None) -> Subject | None:
    """The domain subject of a stored version (with its place among the versions) or department."""
    if row is None:
        return None
    if isinstance(row, models.Department):
        return Subject(department_path(row.pk))
    return _kept(("subject", _kind(row), row.pk, row.state), lambda: _version_subject(row))


def _version_subject(row: Stored) -> Subject:
    versions = list(row.versions().order_by("version").values_list("pk", "state"))
    in_force = next((pk for pk, state in reversed(versions) if state in IN_FORCE), None)
    latest_pk, latest_state = versions[-1] if versions else (row.pk, row.state)
    return Subject(
        department=department_path(row.department_id),
        kind=_kind(row),
        state=State(row.state),
        superseded=row.pk not in (latest_pk, in_force),
        adjusting=row.pk == in_force and latest_state not in IN_FORCE,
    )


def allowed(user: Any, action: Action | str, row: Model | None = None) -> Allowed | Denied:
    """Whether ``user`` may take ``action`` on ``row`` (a version, a finding or comment — asked
    about its version —, a department, or None).

    ``None`` asks about the system-wide actions; for a department action (导入) about the user's
    own department, for a document action (编辑) about a new draft of its own department.
    """
    who = actor(user)
    if who is None:
        return NO_ROLE
    action = Action(action)
    if isinstance(row, models.Finding | models.Comment):  # on the version they belong to
        row = row.project or row.evaluation
    target = subject(row) if isinstance(row, Stored | models.Department) else None
    return can(who, action, target or _own(who, action))


def _own(who: Actor, action: Action) -> Subject | None:
    """Without a row: a department action on the actor's own department, a document action on a
    new draft target table of it (may the user write one?), a system action on nothing."""
    on = ACTIONS[action].subject
    if on == "department":
        return Subject(who.department)
    if on == "document":
        return Subject(who.department, "target_table", State.DRAFT)
    return None


def decisions(user: Any, actions: Iterable[Action], row: Stored) -> dict[Action, Decision]:
    """:func:`allowed` for several actions on one version (the actor and subject built once)."""
    who, target = actor(user), subject(row)
    return {a: NO_ROLE if who is None else can(who, a, target) for a in actions}


def check(user: Any, action: Action | str, row: Model | None = None) -> None:
    """Raise :class:`Refused` unless ``user`` may take ``action`` on ``row``."""
    decision = allowed(user, action, row)
    if isinstance(decision, Denied):
        raise Refused(decision)


def is_administrator(user: Any) -> bool:
    """Deleting stored records and batches is an administrator's (管理用户 stands for it)."""
    return bool(allowed(user, Action.MANAGE_USERS))


def _reachable(who: Actor) -> list[int] | None:
    """The ids of the departments ``who`` reaches; None for every department."""
    if ROLE_SCOPES[who.role] == "all":
        return None
    return _tree(("reachable", who), lambda: _reached(who))


def _reached(who: Actor) -> list[int]:
    parents = _parents()
    return [pk for pk in parents if who.reaches(department_path(pk, parents))]


def visible_states(who: Actor, kind: DocKind) -> list[str]:
    """The states in which ``who`` may see documents of ``kind`` (in a department it reaches)."""
    return [
        str(state)
        for state in STATES[FAMILY_OF[kind]]
        if can(who, Action.VIEW, Subject(who.department, kind, state))
    ]


def visible(user: Any, rows: QuerySet[Row]) -> QuerySet[Row]:
    """``rows`` narrowed to what ``user`` may see (department scope and state)."""
    return _scoped(user, rows, _KINDS[rows.model])


def visible_totals(user: Any, rows: QuerySet[Kept], kind: DocKind) -> QuerySet[Kept]:
    """Kept totals (:mod:`jixiao.web.totals`, or the monitoring overview's rows) of versions of
    ``kind`` narrowed like :func:`visible` (the departments ``user`` reaches, the states it may
    see)."""
    return _scoped(user, rows, kind)


def sees_everything(user: Any, kind: DocKind) -> bool:
    """Whether ``user`` sees every version of ``kind`` (every department, every state), so
    that :func:`visible` and :func:`visible_totals` leave the rows of ``kind`` as they are."""
    who = actor(user)
    return who is not None and _reachable(who) is None and not _hidden_states(who, kind)


def _hidden_states(who: Actor, kind: DocKind) -> list[str] | None:
    """The states ``who`` may see documents of ``kind`` in, when not all of them; else None."""
    states = visible_states(who, kind)
    return states if len(states) < len(STATES[FAMILY_OF[kind]]) else None


def _scoped(user: Any, rows: QuerySet[Scoped], kind: DocKind) -> QuerySet[Scoped]:
    who = actor(user)
    if who is None:
        return rows.none()
    states = _hidden_states(who, kind)
    if states is not None:  # seeing every state needs no filter (the actions set no other):
        rows = rows.filter(state__in=states)  # the lists' indexes serve it
    reachable = _reachable(who)
    return rows if reachable is None else rows.filter(department_id__in=reachable)


def visible_findings(user: Any, rows: QuerySet[models.Finding]) -> QuerySet[models.Finding]:
    """Findings on the versions ``user`` may see."""
    projects = visible(user, models.Project.objects.all()).values("pk")
    evaluations = visible(user, models.SelfEvaluation.objects.all()).values("pk")
    return rows.filter(project_id__in=projects) | rows.filter(evaluation_id__in=evaluations)


def reachable_ids(user: Any) -> list[int]:
    """The keys of the departments ``user`` reaches (from the department tree, kept per request)."""
    who = actor(user)
    if who is None:
        return []
    reachable = _reachable(who)
    return list(_parents()) if reachable is None else reachable


def visible_departments(user: Any) -> QuerySet[models.Department]:
    """The departments ``user`` reaches (every one for the roles that reach all)."""
    who = actor(user)
    everything = models.Department.objects.all()
    if who is None:
        return everything.none()
    reachable = _reachable(who)
    return everything if reachable is None else everything.filter(pk__in=reachable)


def sees_all(user: Any) -> bool:
    """Whether ``user`` reaches every department (finance, audit, administration)."""
    who = actor(user)
    return who is not None and who.role is not Role.PUBLIC and ROLE_SCOPES[who.role] == "all"


def import_refusal(user: Any, cards: Iterable[Card], approved: bool = False) -> Denied | None:
    """Why ``user`` may not import the documents of ``cards`` (:mod:`jixiao.domain.cards`; as
    approved, when asked), or None.

    Each document's department must be one the user may import for. A department not stored yet
    (将新建单位) is asked about where it would be created (:func:`storage.planned_parent`): a new
    unit below that department, so it is within a unit editor's scope never, a department
    reviewer's below their own department, and anywhere for the roles that reach every
    department. Importing as 已批复 takes the right to 批量批复.
    """
    decision = allowed(user, Action.BULK_APPROVE if approved else Action.IMPORT)
    if isinstance(decision, Denied):
        return decision
    who = actor(user)
    assert who is not None  # refused above
    outside: dict[str, None] = {}
    parents = _parents()
    for card in cards:
        found = storage.find_department(card.department)
        place = (
            Subject(department_path(found.pk, parents))
            if found
            else _new_unit(card.department, parents)
        )
        if isinstance(can(who, Action.IMPORT, place), Denied):
            outside[_where(card, found is None)] = None
    if not outside:
        return None
    more = f"；等 {len(outside)} 处" if len(outside) > _NAMED else ""
    named = "；".join(list(outside)[:_NAMED])
    return Denied(f"文件中的预算单位不在您的管辖范围：{named}{more}", "role")


#: the places a refusal names at most (a file of hundreds of tables would name every one)
_NAMED = 5


#: the path element of a department that an import would create (not stored, so no key yet)
_NEW = "new"


def _new_unit(dept: Department, parents: dict[int, int | None]) -> Subject:
    """The department a new ``dept`` would be: a child of its planned parent (or a new root)."""
    parent = storage.planned_parent(dept)
    return Subject((*department_path(parent.pk, parents), _NEW) if parent else (_NEW,))


def _where(card: Card, new: bool) -> str:
    """The department of a document (by its card) and where the file names it (file, table,
    cell)."""
    dept = storage.named(card.department)
    label = (dept.name or dept.code or "") + (f"（{dept.code}）" if dept.code and dept.name else "")
    state = "（将新建单位）" if new else ""
    return f"{label}{state}，见 {card.source}《{card.title}》"


def visible_jobs(user: Any, rows: QuerySet[models.Job]) -> QuerySet[models.Job]:
    """后台作业 ``user`` may see: their own; every job for an administrator."""
    if is_administrator(user):
        return rows
    return rows.filter(user__pk=user.pk) if getattr(user, "pk", None) else rows.none()


def job_refusal(user: Any, kind: str) -> Denied | None:
    """Why ``user`` may not start a job of ``kind`` (None: they may). A year's review rewrites
    every department's findings (roles that reach all); recomputation is an administrator's."""
    if kind == models.Job.Kind.IMPORT:
        decision = allowed(user, Action.IMPORT)
        return decision if isinstance(decision, Denied) else None
    if kind == models.Job.Kind.REVIEW and not sees_all(user):
        return Denied("只有可查看全部单位的审核人员可以重新审核整个年度", "role")
    if kind == models.Job.Kind.RECOMPUTE and not is_administrator(user):
        return Denied("只有系统管理员可以按新规则重新计算", "role")
    return None

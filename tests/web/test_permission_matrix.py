"""The permission matrix: every URL pattern and API endpoint × every role (and the anonymous
public, and a user without a role) × the relevant document states.

``PROBES`` says, once for each URL name, how to call it and which domain action it takes; the
expected answer of every cell is derived from the domain's table
(:func:`jixiao.domain.workflow.can`, with actors and subjects built here, independently of
:mod:`jixiao.web.permissions`): allowed → the probe's success status; refused → 404 when hidden,
else the refusal's status (403 role, 409 state, 422 reason, 400 invalid), always with the Chinese
reason; signed out → the login page (302) or 401 from the API. A URL without a probe fails
:func:`test_every_url_has_a_probe`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jixiao.demo import seed_paths
from jixiao.domain import judgements
from jixiao.domain.monitoring_form import ReportFields, RowFields, build, default_as_of
from jixiao.domain.workflow import (
    IN_FORCE,
    STATES,
    Action,
    Actor,
    Denied,
    Role,
    State,
    Subject,
    can,
)
from jixiao.domain.workflow.states import FAMILY_OF, DocKind
from jixiao.domain.workflow.table import ACTIONS, grants
from jixiao.web import actions, engines, importing, models, monitoring, storage

ROLES = (
    "anonymous",
    "no_role",
    "unit_editor",  # of the table's unit
    "other_editor",  # of another unit under the same bureau
    "department_reviewer",  # of the bureau
    "finance_reviewer",
    "auditor",
    "administrator",
)
ADMIN = ("administrator",)
SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")


@dataclass
class World:
    """The stored data: the bureau 362101 with units 362303 (tables) and 362207 (none)."""

    bureau: models.Department
    unit: models.Department
    other: models.Department
    project: models.Project
    evaluation: models.SelfEvaluation
    finding: models.Finding
    batch: models.ImportBatch
    approved: models.Project  # another table of the unit, approved: its 监控表 is ``monitoring``
    monitoring: models.MonitoringReport
    clients: dict[str, Client] = field(default_factory=dict)

    def path(self, department: models.Department) -> tuple[str, ...]:
        return {
            self.bureau.pk: (str(self.bureau.pk),),
            self.unit.pk: (str(self.bureau.pk), str(self.unit.pk)),
            self.other.pk: (str(self.bureau.pk), str(self.other.pk)),
        }[department.pk]

    def actor(self, role: str) -> Actor | None:
        """The domain actor of a probe role (None: a user without a role)."""
        return {
            "anonymous": Actor(Role.PUBLIC),
            "no_role": None,
            "unit_editor": Actor(Role.UNIT_EDITOR, self.path(self.unit)),
            "other_editor": Actor(Role.UNIT_EDITOR, self.path(self.other)),
            "department_reviewer": Actor(Role.DEPARTMENT_REVIEWER, self.path(self.bureau)),
            "finance_reviewer": Actor(Role.FINANCE_REVIEWER),
            "auditor": Actor(Role.AUDITOR),
            "administrator": Actor(Role.ADMINISTRATOR),
        }[role]


@pytest.fixture
def world(db, settings, readings) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    bureau = models.Department.objects.create(
        key="code:362101", code="362101", name="天津市生态环境局", name_key="天津市生态环境局"
    )
    uploads = [importing.Upload.from_path(seed_paths()[i]) for i in (1, 2)]
    batch = actions.import_batch(
        importing.preview(uploads, read=readings), actions.Actor(None, "demo")
    )
    other = models.Department.objects.create(
        key="code:362207", code="362207", name="应急中心", name_key="应急中心", parent=bureau
    )
    unit = models.Department.objects.get(code="362303")
    assert unit.parent == bureau
    project = models.Project.objects.filter(department=unit, findings_count__gt=0).first()
    evaluation = models.SelfEvaluation.objects.get()
    assert evaluation.department == bureau
    approved = models.Project.objects.filter(department=unit).exclude(pk=project.pk).first()
    models.Project.objects.filter(pk=approved.pk).update(state="approved")
    made = World(
        bureau, unit, other, project, evaluation, project.findings.first(), batch,
        approved, _monitoring(approved),
    )  # fmt: skip
    users = get_user_model().objects
    for role in SIGNED_IN:
        client = Client()
        user = users.create_user(role, password="correct-horse-42")
        domain = made.actor(role)
        if domain is not None:
            department = {"unit_editor": unit, "other_editor": other}.get(role)
            department = bureau if role == "department_reviewer" else department
            models.Membership.objects.create(user=user, role=domain.role, department=department)
        client.force_login(user)
        made.clients[role] = client
    made.clients["anonymous"] = Client()
    return made


def _monitoring(approved: models.Project) -> models.MonitoringReport:
    """The approved table's 监控表, every row reported as planned and explained (submittable)."""
    table = storage.target_table(approved)
    done = {"reasons": ("其他",), "measures": "按计划推进"}
    rows = tuple(RowFields(progress=i.target.raw, **done) for i in table.indicators)
    fields = ReportFields(default_as_of(table.year).isoformat(), "100", "70", rows=rows)
    report = build(table, fields).report
    return monitoring.store(report, department=approved.department, version=1, user=None)


@dataclass(frozen=True)
class Probe:
    """How to call a URL, and what decides the answer.

    ``action`` (a domain action) on ``on`` (the project, the evaluation, the monitoring report,
    the unit, or nothing);
    ``success`` is the status when allowed. ``expect`` overrides the derivation for the URLs
    outside the domain table (a function of the world, role and state).
    """

    method: str
    url: Callable[[World], str]
    action: Action | None = None
    on: str = ""  # project | evaluation | monitoring | unit | ""
    success: int = 200
    data: Callable[[World], dict[str, Any]] | None = None
    api: bool = False
    public: bool = False  # no login needed
    expect: Callable[[World, str, State | None], int] | None = None
    states: bool = False  # probe every state of the document's family
    json: bool = False


def _signed_in(status: int) -> Callable[[World, str, State | None], int]:
    return lambda w, role, state: status


def _admin_only(w: World, role: str, state: State | None, on: str = "project") -> int:
    """Deleting records: hidden → 404, else administrators (302, the typed confirmation is
    missing so nothing is deleted) and everyone else 403 with the reason."""
    seen = _decide(w, role, Action.VIEW, on, state)
    if seen != 200:
        return seen
    return 302 if role in ADMIN else 403


def _batch(w: World, role: str, state: State | None) -> int:
    """Batches: every one for the roles that reach all departments, else only one's own."""
    return 200 if role in ("finance_reviewer", "auditor", "administrator") else 404


def _batch_export(w: World, role: str, state: State | None) -> int:
    """A department-year batch holds what the user may see; nothing visible → 404."""
    seen = [_decide(w, role, Action.VIEW, on, None) for on in ("project", "evaluation")]
    return 200 if 200 in seen else 404


def _review_report(w: World, role: str, state: State | None) -> int:
    """The review queue's report holds the tables the user may see; none visible → 404."""
    return _decide(w, role, Action.VIEW, "project", None)


def _import_file(w: World, role: str, state: State | None) -> int:
    """Importing a file of the unit: the roles that import (导入) and reach the unit; a role that
    imports but not for that unit is told so (403 naming the unit: the file is the user's own)."""
    allowed = _decide(w, role, Action.IMPORT, "unit", state)
    return 403 if allowed == 404 else allowed


def _decide(w: World, role: str, action: Action, on: str, state: State | None) -> int:
    """The status the domain's table implies (200 for allowed).

    A document the actor may not see answers 404 whatever the action, as a missing one does (so
    that not even its existence leaks); a department action without a department is asked about
    the actor's own.
    """
    actor = w.actor(role)
    if actor is None:
        return 404 if on in KINDS else 403
    subject = Subject(actor.department) if ACTIONS[action].subject == "department" else None
    if on == "unit":
        subject = Subject(w.path(w.unit))
    elif on:
        row = {"project": w.project, "evaluation": w.evaluation, "monitoring": w.monitoring}[on]
        subject = Subject(w.path(row.department), KINDS[on], state or State.DRAFT)
        if not can(actor, Action.VIEW, subject):
            return 404
    decision = can(actor, action, subject)
    return decision.http_status if isinstance(decision, Denied) else 200


KINDS: dict[str, DocKind] = {
    "project": "target_table",
    "evaluation": "self_evaluation",
    "monitoring": "monitoring",
}


def _monitoring_form(w: World, role: str, state: State | None) -> int:
    """The form of a report: hidden → 404; a role that may edit it gets the form (200), the
    others are sent to read it (302)."""
    decided = _decide(w, role, Action.EDIT_DRAFT, "monitoring", state)
    return decided if decided in (200, 404) else 302


def _bad_monitoring(w: World) -> dict[str, Any]:
    return {"as_of": "2024-07-31", "executed": "七十", "base_revision": ""}


def _bad_api_monitoring(w: World) -> dict[str, Any]:
    return {"as_of": "2024-07-31", "budget": {"executed": "七十"}}


def _project_url(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/projects/{w.project.pk}/{suffix}"


def _project_url_api(suffix: str) -> Callable[[World], str]:
    return lambda w: f"/api/projects/{w.project.pk}/{suffix}"


def _evaluation_url(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/self-evaluations/{w.evaluation.pk}/{suffix}"


def _transition(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"action": name, "reason": "理由"}


def _upload(w: World) -> dict[str, Any]:
    return {"files": [SimpleUploadedFile("t.txt", seed_paths()[2].read_bytes() + b"\n")]}


def _writer(status: int) -> Callable[[World, str, State | None], int]:
    """The editor's pages without a stored table: the unit editors (each has a unit to write
    for) get ``status``; every other role is told it may not edit (403)."""
    return lambda w, role, state: status if role in ("unit_editor", "other_editor") else 403


def _bad_draft(w: World) -> dict[str, Any]:
    return {"project": "探针", "year": "2025", "total": "八十", "base_revision": "0"}


def _bad_api_draft(w: World) -> dict[str, Any]:
    return {"project": "探针", "budget": {"total": "八十"}}


def _evaluation_start(success: int) -> Callable[[World, str, State | None], int]:
    """在线自评 of the project: who may see it and write a self-evaluation draft of its unit,
    once the table is in force (已批复/已公开; its year is over) — else 409."""

    def expect(w: World, role: str, state: State | None) -> int:
        seen = _decide(w, role, Action.VIEW, "project", state)
        actor = w.actor(role)
        if seen != 200 or actor is None:
            return seen
        draft = Subject(w.path(w.project.department), "self_evaluation", State.DRAFT)
        decision = can(actor, Action.EDIT_DRAFT, draft)
        if isinstance(decision, Denied):
            return decision.http_status
        return success if state in IN_FORCE else 409

    return expect


def _bad_evaluation(w: World) -> dict[str, Any]:
    return {"executed": "八十", "row_id": str(w.evaluation.pk)}


def _rectification_url(w: World) -> str:
    item, _ = models.Rectification.objects.get_or_create(
        evaluation=w.evaluation, what="补充核查记录", who="辐射处", due="2026-06-30"
    )
    return f"/rectifications/{item.pk}/status/"


def _judgement(w: World) -> dict[str, Any]:
    """审核判断 of the first row of the evaluation the rules cannot score."""
    report = engines.score(storage.self_evaluation(w.evaluation))
    return {"row": str(judgements.judgeable(report)[0]), "score": "0", "reason": "无法核实"}


_PUBLISHED: dict[str, Any] = {  # a public page of the document: there once it is published
    "public": True,
    "states": True,
    "expect": lambda w, role, state: 200 if state is State.PUBLISHED else 404,
}

TRANSITIONS = [
    a
    for a in Action
    if a.value
    in ("submit", "withdraw", "forward", "return", "approve", "accept", "publish", "adjust")
]


def _job(w: World, **fields: Any) -> int:
    """A new job of the administrator's (a user sees their own jobs, an administrator all)."""
    owner = get_user_model().objects.get(username="administrator")
    return models.Job.objects.create(kind="export", user=owner, **fields).pk


def _administrator(status: int) -> Callable[[World, str, State | None], int]:
    return lambda w, role, state: status if role in ADMIN else 404


def _sees_all(w: World, role: str, state: State | None) -> int:
    """Reviewing a whole year: the roles that reach every department; the others 403."""
    return 302 if role in ("finance_reviewer", "auditor", "administrator") else 403


#: URL name → its probes (several for one URL: each method, each transition)
PROBES: dict[str, list[Probe]] = {
    "home": [Probe("get", lambda w: "/", expect=_signed_in(302))],
    "todo": [Probe("get", lambda w: "/todo/", expect=_signed_in(200))],
    "account": [Probe("get", lambda w: "/account/", expect=_signed_in(200))],
    "password_change": [Probe("get", lambda w: "/account/password/", expect=_signed_in(200))],
    "revoke-token": [  # another user's or a missing token: nothing to revoke
        Probe("post", lambda w: "/account/tokens/999999/revoke/", expect=_signed_in(404))
    ],
    "api-1.0.0:tokens": [
        Probe("get", lambda w: "/api/auth/tokens", api=True, expect=_signed_in(200))
    ],
    "api-1.0.0:revoke": [
        Probe("delete", lambda w: "/api/auth/tokens/999999", api=True, expect=_signed_in(404))
    ],
    "login": [Probe("get", lambda w: "/login/", public=True, expect=_signed_in(200))],
    "logout": [Probe("post", lambda w: "/logout/", public=True, expect=_signed_in(302))],
    "set_language": [
        Probe(
            "post",
            lambda w: "/i18n/setlang/",
            data=lambda w: {"language": "zh-hans"},
            public=True,
            expect=_signed_in(302),
        )
    ],
    **{
        name: [Probe("get", lambda w, u=url: u, expect=_signed_in(200))]
        for name, url in (
            ("departments", "/departments/"),
            ("projects", "/projects/"),
            ("evaluations", "/self-evaluations/"),
            ("queue", "/review/"),
            ("dashboard", "/dashboard/"),
            ("dashboard-csv", "/dashboard/data.csv?year=2025"),
            ("projects-export", "/projects/export.csv?year=2025&sort=-budget"),
            ("evaluations-export", "/self-evaluations/export.xlsx?sort=total"),
            ("rule", "/rules/CMP-01/"),
            ("batches", "/imports/"),
        )
    },
    "project": [Probe("get", _project_url(), Action.VIEW, "project", states=True)],
    "project-export": [
        Probe("get", _project_url("export.json"), Action.EXPORT, "project", states=True)
    ],
    "evaluation-export": [
        Probe("get", _evaluation_url("export.json"), Action.EXPORT, "evaluation", states=True)
    ],
    "batch-export": [Probe("get", lambda w: "/export/?format=json", expect=_batch_export)],
    "project-review": [
        Probe("get", _project_url("review.xlsx"), Action.EXPORT, "project", states=True)
    ],
    "review-report": [Probe("get", lambda w: "/review/report.xlsx", expect=_review_report)],
    "open-data": [  # open to all: signed out, the published documents only
        Probe("get", lambda w: "/open/2025/datapackage.json", public=True, expect=_signed_in(200))
    ],
    # 信息公开: the same for every role — the public's view, published documents only
    "public:index": [Probe("get", lambda w: "/public/", public=True, expect=_signed_in(200))],
    "public:year": [
        Probe("get", lambda w: f"/public/{w.project.year}/", on="project", **_PUBLISHED)
    ],
    "public:department": [
        Probe("get", lambda w: f"/public/{w.project.year}/{w.unit.pk}/", on="project", **_PUBLISHED)
    ],
    "public:department-export": [
        Probe(
            "get",
            lambda w: f"/public/{w.project.year}/{w.unit.pk}/export.xlsx",
            on="project",
            **_PUBLISHED,
        )
    ],
    "public:search": [
        Probe(
            "get",
            lambda w: f"/public/search/?q={w.project.name}",
            public=True,
            expect=_signed_in(200),
        )
    ],
    "public:project": [
        Probe("get", lambda w: f"/public/projects/{w.project.pk}/", on="project", **_PUBLISHED)
    ],
    "public:project-export": [
        Probe(
            "get",
            lambda w: f"/public/projects/{w.project.pk}/export.csv",
            on="project",
            **_PUBLISHED,
        )
    ],
    "public:evaluation": [
        Probe(
            "get",
            lambda w: f"/public/self-evaluations/{w.evaluation.pk}/",
            on="evaluation",
            **_PUBLISHED,
        )
    ],
    "public:evaluation-export": [
        Probe(
            "get",
            lambda w: f"/public/self-evaluations/{w.evaluation.pk}/export.json",
            on="evaluation",
            **_PUBLISHED,
        )
    ],
    "evaluation": [Probe("get", _evaluation_url(), Action.VIEW, "evaluation", states=True)],
    "project-transition": [
        Probe("post", _project_url("transitions/"), a, "project", 302, _transition(a), states=True)
        for a in TRANSITIONS
    ],
    "evaluation-transition": [
        Probe(
            "post",
            _evaluation_url("transitions/"),
            a,
            "evaluation",
            302,
            _transition(a),
            states=True,
        )
        for a in (Action.SUBMIT, Action.RETURN, Action.ACCEPT, Action.PUBLISH)
    ],
    "project-comment": [
        Probe(
            "post",
            _project_url("comments/"),
            Action.COMMENT,
            "project",
            302,
            lambda w: {"text": "请参考上年实际", "row": "0"},
            states=True,
        )
    ],
    "evaluation-comment": [
        Probe(
            "post",
            _evaluation_url("comments/"),
            Action.COMMENT,
            "evaluation",
            302,
            lambda w: {"text": "请核实"},
            states=True,
        )
    ],
    "finding-comment": [
        Probe(
            "post",
            lambda w: f"/findings/{w.finding.pk}/comment/",
            Action.COMMENT,
            "project",
            302,
            states=True,
        )
    ],
    "finding-dismiss": [
        Probe(
            "post",
            lambda w: f"/findings/{w.finding.pk}/dismiss/",
            Action.DISMISS_FINDING,
            "project",
            302,
            lambda w: {"reason": "误报"},
            states=True,
        )
    ],
    "project-delete": [
        Probe("post", _project_url("delete/"), on="project", expect=_admin_only, states=True)
    ],
    "evaluation-delete": [
        Probe(
            "post",
            _evaluation_url("delete/"),
            on="evaluation",
            expect=lambda w, r, s: _admin_only(w, r, s, "evaluation"),
            states=True,
        )
    ],
    "import": [Probe("get", lambda w: "/import/", Action.IMPORT, "")],
    "import-confirm": [
        Probe(
            "post", lambda w: "/import/confirm/", Action.IMPORT, "", 410, lambda w: {"token": "x"}
        )
    ],
    "batch": [Probe("get", lambda w: f"/imports/{w.batch.pk}/", expect=_batch)],
    "batch-delete": [
        Probe(
            "post",
            lambda w: f"/imports/{w.batch.pk}/delete/",
            expect=lambda w, r, s: 302 if _batch(w, r, s) == 200 else 404,
        )
    ],
    "audit": [Probe("get", lambda w: "/audit/", Action.VIEW_AUDIT)],
    "bulk-approve": [Probe("post", lambda w: "/todo/approve/", Action.BULK_APPROVE, "", 302)],
    "users": [Probe("get", lambda w: "/manage/users/", Action.MANAGE_USERS)],
    "manage-departments": [
        Probe("get", lambda w: "/manage/departments/", Action.MANAGE_DEPARTMENTS)
    ],
    "merge-departments": [
        Probe("post", lambda w: "/manage/departments/merge/", Action.MANAGE_DEPARTMENTS, "", 400)
    ],
    # the editor (在线填报) and the indicator library: an unreadable amount (422) shows that a
    # save got past the permission checks without writing anything
    "project-new": [
        Probe("get", lambda w: "/projects/new/", expect=_writer(200)),
        Probe("post", lambda w: "/projects/new/", data=_bad_draft, expect=_writer(422)),
    ],
    "project-edit": [
        Probe("get", _project_url("edit/"), Action.EDIT_DRAFT, "project", states=True),
        Probe(
            "post",
            _project_url("edit/"),
            Action.EDIT_DRAFT,
            "project",
            422,
            _bad_draft,
            states=True,
        ),
    ],
    "editor-review": [
        Probe("post", lambda w: "/editor/review/", data=_bad_draft, expect=_writer(200))
    ],
    "editor-suggest": [
        Probe("get", lambda w: "/editor/suggest/?level2=数量指标", expect=_writer(200))
    ],
    "library": [Probe("get", lambda w: "/library/", expect=_signed_in(200))],
    "library-curate": [
        Probe(
            "post",
            lambda w: "/library/curate/",
            Action.CURATE_LIBRARY,
            "",
            302,
            lambda w: {"level2": "数量指标", "name": "现场核查数量", "recommend": "1"},
        )
    ],
    # 在线自评 and 整改 (views/selfeval.py)
    "evaluation-start": [
        Probe(
            "get",
            _project_url("self-evaluation/"),
            on="project",
            expect=_evaluation_start(200),
            states=True,
        ),
        Probe(
            "post",
            _project_url("self-evaluation/"),
            on="project",
            data=_bad_evaluation,
            expect=_evaluation_start(422),
            states=True,
        ),
    ],
    "evaluation-fill": [
        Probe("get", _evaluation_url("fill/"), Action.EDIT_DRAFT, "evaluation", states=True),
        Probe(
            "post",
            _evaluation_url("fill/"),
            Action.EDIT_DRAFT,
            "evaluation",
            422,
            _bad_evaluation,
            states=True,
        ),
    ],
    "evaluation-live": [
        Probe(
            "post",
            lambda w: "/self-evaluations/live/",
            Action.EDIT_DRAFT,
            "evaluation",
            data=_bad_evaluation,
            states=True,
        )
    ],
    "evaluation-conclusion": [
        Probe(
            "post",
            lambda w: "/self-evaluations/conclusion/",
            Action.EDIT_DRAFT,
            "evaluation",
            data=_bad_evaluation,
            states=True,
        )
    ],
    "evaluation-adjustments": [
        Probe("get", lambda w: "/self-evaluations/adjustments/", Action.VIEW_AUDIT)
    ],
    "evaluation-rectify": [
        Probe(
            "post",
            _evaluation_url("rectifications/"),
            Action.RECTIFY,
            "evaluation",
            302,
            lambda w: {"what": "补充核查记录", "who": "辐射处", "due": "2026-06-30"},
            states=True,
        )
    ],
    "evaluation-judge": [
        Probe(
            "post",
            _evaluation_url("judgements/"),
            Action.JUDGE,
            "evaluation",
            302,
            _judgement,
            states=True,
        )
    ],
    "rectification-status": [
        Probe(
            "post",
            _rectification_url,
            Action.RECTIFY,
            "evaluation",
            302,
            lambda w: {"status": "done"},
            states=True,
        )
    ],
    "profiles": [Probe("get", lambda w: "/profiles/", expect=_signed_in(200))],
    "profile": [Probe("get", lambda w: "/profiles/central/", expect=_signed_in(200))],
    "profile-export": [
        Probe("get", lambda w: "/profiles/central/export.toml", expect=_signed_in(200))
    ],
    "profile-save": [
        Probe(
            "post",
            lambda w: "/profiles/central/save/",
            Action.EDIT_PROFILES,
            "",
            302,
            lambda w: {"grade-fair_errors": "2"},
        )
    ],
    "profile-import": [
        Probe(
            "post",
            lambda w: "/profiles/central/import/",
            Action.EDIT_PROFILES,
            "",
            302,
            lambda w: {
                "file": SimpleUploadedFile("p.toml", b'inherits = "central"\nname = "central"\n')
            },
        )
    ],
    # the API: 401 without a login
    "api-1.0.0:openapi-json": [Probe("get", lambda w: "/api/openapi.json", expect=_signed_in(200))],
    "api-1.0.0:openapi-view": [Probe("get", lambda w: "/api/docs", expect=_signed_in(200))],
    "api-1.0.0:api-root": [
        Probe("get", lambda w: "/api/", expect=_signed_in(404), api=True, public=True)
    ],
    "api-1.0.0:token": [
        Probe(
            "post",
            lambda w: "/api/auth/token",
            data=None,  # each role its own credentials (see _data)
            api=True,
            public=True,
            json=True,
            expect=lambda w, r, s: 401 if r == "anonymous" else 200,
        )
    ],
    "api-1.0.0:departments": [
        Probe("get", lambda w: "/api/departments", api=True, expect=_signed_in(200))
    ],
    "api-1.0.0:projects": [
        Probe("get", lambda w: "/api/projects", api=True, expect=_signed_in(200))
    ],
    "api-1.0.0:project": [
        Probe(
            "get",
            lambda w: f"/api/projects/{w.project.pk}",
            Action.VIEW,
            "project",
            api=True,
            states=True,
        )
    ],
    "api-1.0.0:delete_project": [
        Probe(  # the administrator, last, deletes it
            "delete",
            lambda w: f"/api/projects/{w.project.pk}",
            on="project",
            api=True,
            expect=lambda w, r, s: 200 if _admin_only(w, r, s) == 302 else _admin_only(w, r, s),
        )
    ],
    "api-1.0.0:transitions": [
        Probe(
            "post",
            lambda w: f"/api/projects/{w.project.pk}/transitions",
            a,
            "project",
            200,
            _transition(a),
            api=True,
            states=True,
            json=True,
        )
        for a in TRANSITIONS
    ],
    "api-1.0.0:evaluation_transitions": [
        Probe(
            "post",
            lambda w: f"/api/self-evaluations/{w.evaluation.pk}/transitions",
            a,
            "evaluation",
            200,
            _transition(a),
            api=True,
            states=True,
            json=True,
        )
        for a in (Action.SUBMIT, Action.ACCEPT)
    ],
    "api-1.0.0:dismiss_finding": [
        Probe(
            "post",
            lambda w: f"/api/findings/{w.finding.pk}/dismiss",
            Action.DISMISS_FINDING,
            "project",
            200,
            lambda w: {"reason": "误报"},
            api=True,
            states=True,
            json=True,
        )
    ],
    "api-1.0.0:evaluation": [
        Probe(
            "get",
            lambda w: f"/api/self-evaluations/{w.evaluation.pk}",
            Action.VIEW,
            "evaluation",
            api=True,
            states=True,
        )
    ],
    "api-1.0.0:create_draft": [
        Probe(
            "post",
            lambda w: "/api/projects",
            data=_bad_api_draft,
            api=True,
            json=True,
            expect=_writer(422),
        )
    ],
    "api-1.0.0:save_draft": [
        Probe(
            "put",
            lambda w: f"/api/projects/{w.project.pk}",
            Action.EDIT_DRAFT,
            "project",
            422,
            _bad_api_draft,
            api=True,
            states=True,
            json=True,
        )
    ],
    "api-1.0.0:project_self_evaluation": [
        Probe(
            "get",
            _project_url_api("self-evaluation"),
            Action.VIEW,
            "project",
            api=True,
            states=True,
        )
    ],
    # 绩效运行监控: the report of the approved table (w.approved), in the state under probe
    "monitoring-overview": [Probe("get", lambda w: "/monitoring/", expect=_signed_in(200))],
    "monitoring": [
        Probe(
            "get",
            lambda w: f"/monitoring/{w.monitoring.pk}/",
            Action.VIEW,
            "monitoring",
            states=True,
        )
    ],
    "monitoring-transition": [
        Probe(
            "post",
            lambda w: f"/monitoring/{w.monitoring.pk}/transitions/",
            a,
            "monitoring",
            302,
            _transition(a),
            states=True,
        )
        for a in (Action.SUBMIT, Action.RETURN, Action.ACCEPT, Action.PUBLISH)
    ],
    "monitoring-fill": [
        Probe(
            "get",
            lambda w: f"/projects/{w.approved.pk}/monitoring/",
            on="monitoring",
            expect=_monitoring_form,
            states=True,
        ),
        Probe(
            "post",
            lambda w: f"/projects/{w.approved.pk}/monitoring/",
            Action.EDIT_DRAFT,
            "monitoring",
            422,
            _bad_monitoring,
            states=True,
        ),
    ],
    "monitoring-live": [
        Probe(
            "post",
            lambda w: f"/projects/{w.approved.pk}/monitoring/live/",
            Action.VIEW,
            "monitoring",
            data=_bad_monitoring,
        )
    ],
    "monitoring-import": [  # no file: told so, nothing read
        Probe(
            "post",
            lambda w: f"/projects/{w.approved.pk}/monitoring/import/",
            Action.VIEW,
            "monitoring",
            302,
        )
    ],
    "api-1.0.0:get_monitoring": [
        Probe(
            "get",
            lambda w: f"/api/projects/{w.approved.pk}/monitoring",
            Action.VIEW,
            "monitoring",
            api=True,
            states=True,
        )
    ],
    "api-1.0.0:save_project_self_evaluation": [
        Probe(
            "put",
            _project_url_api("self-evaluation"),
            on="project",
            data=lambda w: {"executed": "八十"},
            api=True,
            json=True,
            expect=_evaluation_start(422),
            states=True,
        )
    ],
    "api-1.0.0:put_monitoring": [
        Probe(
            "put",
            lambda w: f"/api/projects/{w.approved.pk}/monitoring",
            Action.EDIT_DRAFT,
            "monitoring",
            422,
            _bad_api_monitoring,
            api=True,
            states=True,
            json=True,
        )
    ],
    "api-1.0.0:import_files": [
        Probe("post", lambda w: "/api/import", data=_upload, api=True, expect=_import_file)
    ],
    "jobs": [Probe("get", lambda w: "/jobs/", expect=_signed_in(200))],
    "job": [Probe("get", lambda w: f"/jobs/{_job(w)}/", expect=_administrator(200))],
    "job-progress": [
        Probe("get", lambda w: f"/jobs/{_job(w)}/progress/", expect=_administrator(200))
    ],
    "job-cancel": [Probe("post", lambda w: f"/jobs/{_job(w)}/cancel/", expect=_administrator(302))],
    "job-file": [
        Probe(
            "get",
            lambda w: (
                f"/jobs/{_job(w, state='succeeded', file_name='绩效表.xlsx', file=b'x')}/file"
            ),
            expect=_administrator(200),
        )
    ],
    "job-start": [
        Probe(
            "post",
            lambda w: "/jobs/start/review/",
            data=lambda w: {"year": "2025"},
            expect=_sees_all,
        )
    ],
}


def _names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_probe() -> None:
    assert set(_names(get_resolver().url_patterns)) == set(PROBES)


def _expected(probe: Probe, w: World, role: str, state: State | None) -> int:
    if role == "anonymous" and not probe.public:  # published pages come with 信息公开
        return 401 if probe.api else 302
    if probe.expect is not None:
        return probe.expect(w, role, state)
    assert probe.action is not None
    decided = _decide(w, role, probe.action, probe.on, state)
    return probe.success if decided == 200 else decided


def _reset(w: World, state: State | None) -> None:
    """Put the documents back as they were before a probe (one version, in ``state``)."""
    for row in (w.project, w.evaluation, w.monitoring):
        row.versions().exclude(pk=row.pk).delete()
        type(row).objects.filter(pk=row.pk).update(is_current=True, state=state or "draft")
    models.Finding.objects.filter(pk=w.finding.pk).update(dismissed_at=None)


def _states(probe: Probe) -> list[State | None]:
    """Every state for reading; for the other actions the states some role may take them in
    (from the domain's grants) and the first state in which nobody may."""
    if not probe.states:
        return [None]
    kind = KINDS[probe.on]
    every = STATES[FAMILY_OF[kind]]
    if probe.action in (None, Action.VIEW):
        return list(every)
    granted = {s for g in grants(probe.action, family=FAMILY_OF[kind]) for s in g.states}
    refused = [s for s in every if s not in granted][:1]
    return [s for s in every if s in granted] + refused


@pytest.mark.parametrize("name", sorted(PROBES))
def test_every_role_gets_the_answer_the_table_gives(world: World, name: str) -> None:
    wrong = []
    for probe in PROBES[name]:
        for state in _states(probe):
            for role in ROLES:
                _reset(world, state)
                client = world.clients[role]
                data = probe.data(world) if probe.data else {}
                if name == "api-1.0.0:token":
                    data = {"username": role, "password": "correct-horse-42"}
                call = getattr(client, probe.method)
                kwargs: dict[str, Any] = {}
                if probe.json:
                    kwargs["content_type"] = "application/json"
                response = call(probe.url(world), data, **kwargs)
                expected = _expected(probe, world, role, state)
                if response.status_code != expected:
                    wrong.append((probe.action, str(state), role, response.status_code, expected))
                elif expected in (400, 403, 409, 422) and not probe.api:
                    assert (
                        "refused" in response.content.decode()
                        or "error" in response.content.decode()
                    )
    assert not wrong, wrong

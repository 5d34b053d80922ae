"""The approval workflow on stored versions: transitions, comments, adjustment, 待办, bulk approval,
import as approved, user and department management (pages, API and CLI)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from typer.testing import CliRunner

from jixiao.demo import seed_paths
from jixiao.web import actions, importing, models

SYSTEM = actions.Actor(None, "demo")


@pytest.fixture
def tables(db, readings) -> dict[str, models.Department]:
    """The bureau 362101 with two units, 362303 (5 tables) and 362207 (4 tables), all drafts."""
    uploads = [importing.Upload.from_path(seed_paths()[i]) for i in (0, 2, 3)]
    actions.import_batch(importing.preview(uploads, read=readings), SYSTEM)
    return {d.code: d for d in models.Department.objects.all()}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _table(department: models.Department) -> models.Project:
    return models.Project.objects.filter(department=department).order_by("pk").first()


def _post(client: Client, project: models.Project, action: str, reason: str = ""):
    return client.post(f"/projects/{project.pk}/transitions/", {"action": action, "reason": reason})


def test_the_whole_cycle_in_pages(tables, member) -> None:
    unit, bureau = tables["362303"], tables["362101"]
    editor = _client(member("unit_editor", unit))
    reviewer = _client(member("department_reviewer", bureau))
    finance = _client(member("finance_reviewer"))
    table = _table(unit)

    assert _post(editor, table, "submit").status_code == 302
    comment = reviewer.post(
        f"/projects/{table.pk}/comments/", {"row": "0", "text": "指标值偏低，请参考上年实际"}
    )
    assert comment.status_code == 302
    assert _post(reviewer, table, "return").status_code == 422  # a reason is required
    assert _post(reviewer, table, "return", "请修改指标值").status_code == 302
    page = editor.get(f"/projects/{table.pk}/").content.decode()
    assert "已退回" in page and "指标值偏低，请参考上年实际" in page and "请修改指标值" in page
    assert _post(editor, table, "submit").status_code == 302
    assert _post(reviewer, table, "forward").status_code == 302
    assert _post(finance, table, "approve").status_code == 302
    table.refresh_from_db()
    assert table.state == "approved"

    locked = editor.get(f"/projects/{table.pk}/").content.decode()
    assert "已批复，如需修改请发起调整" in locked
    assert _post(editor, table, "submit").status_code == 409
    adjusted = _post(editor, table, "adjust", "追加预算")
    new = models.Project.objects.get(department=unit, key=table.key, version=2)
    assert adjusted.url == f"/projects/{new.pk}/" and new.state == "draft" and new.adjusts == 1
    table.refresh_from_db()
    assert table.state == "approved" and not table.is_current and new.is_current
    page = editor.get(f"/projects/{table.pk}/").content.decode()
    assert "第 1 版 已批复（在用）；第 2 版 草稿（调整中）" in page
    assert "已有调整中的新版本" in _post(editor, table, "adjust", "再调").content.decode()

    steps = list(
        models.AuditEntry.objects.filter(object_type="project", object_id=str(table.pk))
        .exclude(action__in=["new_record", "comment"])
        .order_by("id")
        .values_list("action", "old__state", "new__state")
    )
    assert steps == [
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("submit", "returned", "submitted"),
        ("forward", "submitted", "finance_review"),
        ("approve", "finance_review", "approved"),
        ("adjust", "approved", "draft"),
    ]
    history = finance.get(f"/projects/{new.pk}/").context["history"]
    assert [h["entry"].action for h in history][-6:] == [s[0] for s in steps]


def test_a_finding_becomes_a_comment_in_one_click(tables, member) -> None:
    finding = models.Finding.objects.filter(project__isnull=False, indicator_position=0).first()
    finding.project.state = "submitted"
    finding.project.save()
    reviewer = _client(member("department_reviewer", tables["362101"]))
    response = reviewer.post(f"/findings/{finding.pk}/comment/")
    assert response.status_code == 302
    comment = models.Comment.objects.get()
    assert comment.finding == finding and comment.indicator_position == 0
    assert finding.message in comment.text


def test_refusals_say_why(tables, member) -> None:
    unit = tables["362303"]
    table = _table(unit)
    auditor = _client(member("auditor"))
    response = _post(auditor, table, "submit")
    assert response.status_code == 403 and "您的角色无权提交" in response.content.decode()
    other_editor = _client(member("unit_editor", tables["362207"]))
    assert _post(other_editor, table, "submit").status_code == 404
    nobody = _client(_no_role())
    response = nobody.get(f"/projects/{table.pk}/")
    assert response.status_code == 404
    assert "尚未分配角色" in nobody.get("/todo/").content.decode()


def _no_role():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("nobody", password="correct-horse-42")


def test_api_transitions_answer_with_the_same_permissions(tables, member) -> None:
    unit = tables["362303"]
    table = _table(unit)
    editor, finance = _client(member("unit_editor", unit)), _client(member("finance_reviewer"))
    url = f"/api/projects/{table.pk}/transitions"

    def post(client: Client, action: str, reason: str = ""):
        body = json.dumps({"action": action, "reason": reason})
        return client.post(url, body, content_type="application/json")

    refused = post(finance, "submit")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "您的角色无权提交", "code": "role"}
    done = post(editor, "submit")
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    assert post(finance, "return").status_code == 422
    assert post(finance, "fly").status_code == 400
    assert post(_client(member("unit_editor", tables["362207"])), "withdraw").status_code == 404
    assert Client().post(url, "{}", content_type="application/json").status_code == 401


def test_todo_lists_and_counts(tables, member) -> None:
    unit, bureau = tables["362303"], tables["362101"]
    editor = member("unit_editor", unit)
    page = _client(editor).get("/todo/")
    assert len(page.context["items"]) == 5  # the unit's five drafts
    assert 'id="nav-todo"' in page.content.decode()
    table = _table(unit)
    actions.workflow.submit(table, actions.Actor(editor, "web"))
    reviewer = _client(member("department_reviewer", bureau)).get("/todo/")
    assert [i["row"].pk for i in reviewer.context["items"]] == [table.pk]
    assert reviewer.context["items"][0]["age"] == 0
    assert len(_client(editor).get("/todo/").context["items"]) == 4


def test_bulk_approve_of_clean_tables(tables, member) -> None:
    finance = member("finance_reviewer")
    clean = list(models.Project.objects.filter(findings_count=0)[:2])
    dirty = models.Project.objects.filter(findings_count__gt=0).first()
    assert len(clean) == 2 and dirty is not None
    models.Project.objects.filter(pk__in=[*[p.pk for p in clean], dirty.pk]).update(
        state="finance_review"
    )
    client = _client(finance)
    assert client.get("/todo/").context["bulk"]
    ids = [str(p.pk) for p in clean] + [str(dirty.pk)]
    assert client.post("/todo/approve/", {"project": ids}).status_code == 302
    states = dict(models.Project.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert [states[p.pk] for p in clean] == ["approved", "approved"]
    assert states[dirty.pk] == "finance_review"  # a table with findings is never bulk approved
    assert models.AuditEntry.objects.filter(action="approve").count() == 2
    editor = _client(member("unit_editor", tables["362303"]))
    assert editor.post("/todo/approve/", {"project": ids}).status_code == 403


def test_import_enters_as_drafts_or_as_approved_for_finance(db, member) -> None:
    finance = _client(member("finance_reviewer"))
    with seed_paths()[2].open("rb") as stream:
        preview = finance.post("/import/", {"files": [stream]})
    assert 'id="import-approved"' in preview.content.decode()
    finance.post("/import/confirm/", {"token": preview.context["token"], "approved": "1"})
    assert set(models.Project.objects.values_list("state", flat=True)) == {"approved"}
    assert (
        'class="state-cell" data-label="状态">已批复</td>'
        in finance.get("/projects/").content.decode()
    )
    with seed_paths()[3].open("rb") as stream:
        preview = finance.post("/import/", {"files": [stream]})
    finance.post("/import/confirm/", {"token": preview.context["token"]})
    department = models.Department.objects.get(code="362207")
    assert set(
        models.Project.objects.filter(department=department).values_list("state", flat=True)
    ) == {"draft"}


def test_a_unit_editor_imports_only_for_their_unit(tables, member) -> None:
    editor = _client(member("unit_editor", tables["362207"]))
    copy = SimpleUploadedFile("copy.txt", seed_paths()[2].read_bytes() + b"\n")  # 362303's
    response = editor.post("/import/", {"files": [copy]})
    assert response.status_code == 403
    assert "不在您的管辖范围：天津市生态环境保护综合行政执法总队" in response.content.decode()
    copy.seek(0)
    api = editor.post("/api/import", {"files": [copy], "commit": "true"})
    assert api.status_code == 403 and "不在您的管辖范围" in api.json()["detail"]
    own = SimpleUploadedFile("own.txt", seed_paths()[3].read_bytes() + b"\n")  # 362207's
    assert editor.post("/import/", {"files": [own]}).status_code == 200
    assert _client(member("auditor")).get("/import/").status_code == 403


def test_administrators_manage_users_and_departments(tables, member) -> None:
    admin = _client(member("administrator"))
    unit = tables["362303"]
    saved = admin.post(
        "/manage/users/",
        {
            "username": "张三",
            "role": "unit_editor",
            "department": unit.pk,
            "password": "pw-12345678",
        },
    )
    assert saved.status_code == 302
    membership = models.Membership.objects.get(user__username="张三")
    assert membership.role == "unit_editor" and membership.department == unit
    refused = admin.post("/manage/users/", {"username": "李四", "role": "unit_editor"})
    assert refused.status_code == 400 and "须指定所在单位" in refused.content.decode()
    admin.post("/manage/departments/", {"code": "362999", "name": "新设单位", "parent": ""})
    new = models.Department.objects.get(code="362999")
    admin.post(
        "/manage/departments/",
        {"id": new.pk, "code": "362999", "name": "新设单位", "parent": tables["362101"].pk},
    )
    new.refresh_from_db()
    assert new.parent == tables["362101"]
    moved = models.Project.objects.filter(department=tables["362207"]).count()
    assert (
        admin.post(
            "/manage/departments/merge/", {"source": tables["362207"].pk, "into": new.pk}
        ).status_code
        == 302
    )
    assert not models.Department.objects.filter(code="362207").exists()
    assert models.Project.objects.filter(department=new).count() == moved
    assert models.AuditEntry.objects.filter(action="merge_departments").exists()
    finance = _client(member("finance_reviewer"))
    assert finance.get("/manage/users/").status_code == 403
    batch = models.ImportBatch.objects.get()
    assert "delete-record" in admin.get(f"/projects/{_table(unit).pk}/").content.decode()
    assert 'name="confirm"' in admin.get(f"/imports/{batch.pk}/").content.decode()
    assert 'name="confirm"' not in finance.get(f"/imports/{batch.pk}/").content.decode()


def test_jixiao_users_creates_and_lists(db, monkeypatch) -> None:
    from jixiao.cli import app

    models.Department.objects.create(key="code:362101", code="362101", name="局", name_key="局")
    runner = CliRunner()
    monkeypatch.setenv("JIXIAO_USER_PASSWORD", "cli-pass-1234")
    made = runner.invoke(
        app, ["users", "create", "wang", "--role", "department_reviewer", "--department", "362101"]
    )
    assert made.exit_code == 0, made.output
    listed = runner.invoke(app, ["users", "list"])
    assert "wang\tdepartment_reviewer (主管部门审核人)\t362101 局" in listed.output
    wrong = runner.invoke(app, ["users", "create", "li", "--role", "unit_editor"])
    assert wrong.exit_code == 2 and "须指定所在单位" in wrong.output
    entry = models.AuditEntry.objects.get(action="save_user")
    assert entry.via == "cli" and entry.new["role"] == "department_reviewer"


def test_comments_on_a_field_and_the_evaluation_api(tables, member) -> None:
    table = _table(tables["362303"])
    table.state = "submitted"
    table.save()
    reviewer = _client(member("department_reviewer", tables["362101"]))
    reviewer.post(f"/projects/{table.pk}/comments/", {"field": "budget", "text": "预算偏高"})
    reviewer.post(f"/projects/{table.pk}/comments/", {"field": "nonsense", "text": "全表意见"})
    assert list(models.Comment.objects.order_by("pk").values_list("field", flat=True)) == [
        "budget",
        "",
    ]
    context = reviewer.get(f"/projects/{table.pk}/").context
    assert [c.text for c in context["field_comments"]["budget"]] == ["预算偏高"]
    assert [c.text for c in context["table_comments"]] == ["全表意见"]


def test_allowed_without_a_row_asks_about_the_own_department(tables, member) -> None:
    from jixiao.web import permissions

    editor, finance = member("unit_editor", tables["362303"]), member("finance_reviewer")
    assert permissions.allowed(editor, "edit_draft", None)  # may write a new table
    assert not permissions.allowed(finance, "edit_draft", None)
    assert permissions.allowed(editor, "import", None) and permissions.allowed(finance, "import")
    refused = permissions.allowed(editor, "bulk_approve")
    assert not refused and refused.reason == "您的角色无权批量批复" and refused.http_status == 403


def test_the_lists_department_code_follows_edits_and_merges(tables, member) -> None:
    admin = actions.Actor(member("administrator"), "web")
    unit, other = tables["362303"], tables["362207"]
    actions.save_department(admin, "362999", unit.name, unit.parent, unit)
    assert set(unit.projects.values_list("department_code", flat=True)) == {"362999"}
    actions.merge_departments(admin, other, unit)
    codes = models.Project.objects.filter(department=unit).values_list("department_code", flat=True)
    assert set(codes) == {"362999"} and len(codes) == 9
    listed = [p.department_code for p in models.Project.objects.all()]  # the lists' ordering
    assert listed == sorted(listed)
    assert all(p.department_code == p.department.code for p in models.Project.objects.all())


def test_a_request_reads_roles_once_and_again_after_an_action(tables, member) -> None:
    from django.http import HttpRequest, HttpResponse

    from jixiao.web import permissions

    admin = actions.Actor(member("administrator"), "web")
    editor = member("unit_editor", tables["362303"])
    seen = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(permissions.actor(editor))
        models.Membership.objects.filter(user=editor).update(role="auditor", department=None)
        seen.append(permissions.actor(editor))  # kept for the request: no action changed it
        actions.save_user(admin, editor.username, "finance_reviewer")
        seen.append(permissions.actor(editor))  # an action: read again
        return HttpResponse()

    permissions.PerRequest(view)(HttpRequest())
    assert [who.role for who in seen] == ["unit_editor", "unit_editor", "finance_reviewer"]
    assert permissions.actor(editor).role == "finance_reviewer"  # outside a request: read each time

"""System of record: lossless storage, exact money, versions, uploads committed once, audit log."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.utils.html import escape

from jixiao.demo import seed_paths
from jixiao.domain import model as domain
from jixiao.ingest import read_bytes
from jixiao.web import actions, finding_rows, importing, models, storage

from .test_integrity import assert_no_orphans

OFFICE = Path(__file__).parents[1] / "data" / "office"
STORABLE = [*seed_paths(), *(p for p in sorted(OFFICE.iterdir()) if p.name != "encrypted.xlsx")]


def _import(
    paths: list[Path], via: str = "cli", read: importing.Reader | None = None
) -> models.ImportBatch:
    uploads = [importing.Upload.from_path(p) for p in paths]
    return actions.import_batch(importing.preview(uploads, read=read), actions.Actor(None, via))


def _rows(document: domain.Document) -> models.Project | models.SelfEvaluation:
    model = models.Project if document.kind == "target_table" else models.SelfEvaluation
    return model.objects.get(document_id=document.id)


@pytest.mark.parametrize("path", STORABLE, ids=lambda p: p.name)
def test_every_document_reads_back_exactly_as_parsed(db, path: Path) -> None:
    parsed = [d for d in read_bytes(path.name, path.read_bytes()) if d.kind != "monitoring"]
    _import([path])
    for document in parsed:
        assert storage.load(_rows(document)) == document


@pytest.mark.parametrize("path", STORABLE, ids=lambda p: p.name)
def test_api_detail_equals_the_parse(client_in, path: Path) -> None:
    parsed = read_bytes(path.name, path.read_bytes())
    _import([path])
    for document in parsed:
        row = _rows(document)
        route = "projects" if document.kind == "target_table" else "self-evaluations"
        body = client_in.get(f"/api/{route}/{row.pk}").json()
        assert body["document"] == document.model_dump(mode="json")


def test_department_tables_keep_scope_and_tasks(db) -> None:
    path = OFFICE / "department.docx"
    (overall,) = [d for d in read_bytes(path.name, path.read_bytes()) if d.scope == "department"]
    assert isinstance(overall, domain.TargetTable) and overall.tasks
    _import([path])
    stored = storage.target_table(_rows(overall))
    assert stored.scope == "department" and stored.tasks == overall.tasks


EXACT = [Decimal("123456789012.345678"), Decimal("0.000001"), Decimal("999999999999.999999")]


@pytest.mark.parametrize("amount", EXACT, ids=str)
def test_money_is_stored_exactly(db, amount: Decimal) -> None:
    department = models.Department.objects.create(
        key="code:1", code="1", name="单位", name_key="单位"
    )
    project = models.Project.objects.create(
        department=department, key="p", document={}, name="p", title="t", budget_total=amount
    )
    project.refresh_from_db()
    assert project.budget_total == amount
    with connection.cursor() as cursor:  # an integer in the database, not a floating point
        cursor.execute("SELECT budget_total FROM jixiao_project WHERE id = %s", [project.pk])
        assert int(cursor.fetchone()[0]) == int(amount * 10**6)


def test_money_sums_are_exact(db) -> None:
    department = models.Department.objects.create(
        key="code:1", code="1", name="单位", name_key="单位"
    )
    for i, amount in enumerate(["0.1", "0.2", "2192692.19", "123456789012.345678"]):
        models.Project.objects.create(
            department=department,
            key=f"p{i}",
            document={},
            name="p",
            title="t",
            budget_total=Decimal(amount),
        )
    total = models.Project.objects.aggregate(s=Sum("budget_total"))["s"]
    assert total == Decimal("123458981704.835678") and isinstance(total, Decimal)


def _corrected_copy(tmp_path: Path) -> Path:
    """Seed 004 with the budget of its first table changed (a corrected re-upload)."""
    original = seed_paths()[3]
    text = original.read_text(encoding="utf-8")
    document = read_bytes(original.name, original.read_bytes())[0]
    assert isinstance(document, domain.TargetTable) and document.budget.total is not None
    old = f"{document.budget.total}"
    assert old in text
    corrected = tmp_path / "004-corrected.txt"
    corrected.write_text(text.replace(old, "99.99", 1), encoding="utf-8")
    return corrected


def test_a_corrected_copy_becomes_version_2(client_in, tmp_path: Path) -> None:
    _import([seed_paths()[3]])
    before = models.Project.objects.filter(is_current=True).count()
    corrected = _corrected_copy(tmp_path)
    with corrected.open("rb") as stream:
        preview = client_in.post("/import/", {"files": [stream]})
    html = preview.content.decode()
    assert "预算数" in html and "99.99" in html
    assert "unchanged" in html or "未变化" in html  # the other tables of the file
    client_in.post("/import/confirm/", {"token": preview.context["token"]})
    assert models.Project.objects.filter(is_current=True).count() == before
    current = models.Project.objects.get(is_current=True, version=2)
    first = models.Project.objects.get(key=current.key, version=1)
    assert not first.is_current and current.budget_total == Decimal("99.99")
    page = client_in.get(f"/projects/{current.pk}/?compare={first.pk}").content.decode()
    assert "99.99" in page and "预算数" in page
    entry = models.AuditEntry.objects.get(action="new_version")
    assert entry.object_id == str(current.pk)
    assert entry.old == {"version": 1, "id": first.pk}
    (change,) = [c for c in entry.new["changes"] if c["path"].startswith("budget")]
    assert change["new"] == "99.99"


def test_reimport_of_an_identical_copy_stores_nothing(db, tmp_path: Path) -> None:
    _import([seed_paths()[3]])
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_paths()[3].read_bytes() + b"\n")  # other bytes, same tables
    preview = importing.preview([importing.Upload.from_path(copy)])
    assert {p.status for p in preview.plans} == {"unchanged"}
    assert not preview.committable


def _confirm_twice_at_once(token: str, user: object) -> list[int]:
    statuses: list[int] = []
    start = threading.Barrier(2)

    def confirm() -> None:
        client = Client()
        client.force_login(user)
        start.wait()
        statuses.append(client.post("/import/confirm/", {"token": token}).status_code)
        connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_commit_once(user) -> None:
    client = Client()
    client.force_login(user)
    with seed_paths()[2].open("rb") as stream:
        token = client.post("/import/", {"files": [stream]}).context["token"]
    statuses = _confirm_twice_at_once(token, user)
    assert sorted(statuses) == [302, 409]
    assert models.ImportBatch.objects.count() == 1
    assert models.Project.objects.count() == len(read_bytes("x", seed_paths()[2].read_bytes()))
    again = client.post("/import/confirm/", {"token": token})  # Back, then confirm again
    assert again.status_code == 409 and "已导入" in again.content.decode()


def test_an_upload_belongs_to_its_owner(client_in, member) -> None:
    with seed_paths()[2].open("rb") as stream:
        token = client_in.post("/import/", {"files": [stream]}).context["token"]
    other = Client()
    other.force_login(member("finance_reviewer"))
    assert other.post("/import/confirm/", {"token": token}).status_code == 410
    assert not models.ImportBatch.objects.exists()


def test_expired_uploads_are_removed(client_in, settings) -> None:
    settings.JIXIAO_UPLOAD_HOURS = -1
    with seed_paths()[2].open("rb") as stream:
        token = client_in.post("/import/", {"files": [stream]}).context["token"]
    assert client_in.post("/import/confirm/", {"token": token}).status_code == 410
    assert actions.expire_uploads(actions.Actor(None, "system")) == 1
    assert not models.PendingUpload.objects.exists()
    assert models.AuditEntry.objects.filter(action="expire_uploads").exists()


def test_a_department_code_is_never_renamed_or_moved_by_a_file(db, readings) -> None:
    _import(seed_paths(), read=readings)
    head = models.Department.objects.get(code="362101")
    forged = domain.Department(code="362101", name="伪造的主管部门")
    assert storage.find_department(forged) == head
    other = domain.Department(code="362999", name="新单位")
    assert storage.find_department(other) is None
    created = storage.new_department(other)
    head.refresh_from_db()
    assert head.name == "天津市生态环境局" and head.parent is None and created.parent == head


def test_a_table_without_a_budget_unit_is_filed_under_a_named_placeholder(
    db, tmp_path: Path
) -> None:
    text = seed_paths()[3].read_text(encoding="utf-8")
    document = read_bytes("x.txt", seed_paths()[3].read_bytes())[0]
    nameless = tmp_path / "nameless.txt"
    nameless.write_text(
        text.replace(f"{document.department.code}{document.department.name}", ""),
        encoding="utf-8",
    )
    _import([nameless])
    assert not models.Department.objects.filter(name="").exists()
    assert models.Department.objects.filter(name="（未填写预算单位）").count() == 1


def test_dismissing_a_finding_strikes_it_through_and_regrades(client_in, user, readings) -> None:
    _import(seed_paths(), read=readings)
    project = models.Project.objects.filter(findings_count__gt=0).first()
    project.state = "submitted"  # a reviewer dismisses findings while reviewing
    project.save()
    finding = project.findings.first()
    response = client_in.post(f"/findings/{finding.pk}/dismiss/", {"reason": "误报：指标值合理"})
    assert response.status_code == 302
    finding.refresh_from_db()
    project.refresh_from_db()
    assert finding.dismissed_at and finding.dismiss_reason == "误报：指标值合理"
    assert project.findings_count == project.findings.filter(dismissed_at=None).count()
    page = client_in.get(f"/projects/{project.pk}/").content.decode()
    assert "<del>" in page and "误报：指标值合理" in page
    entry = models.AuditEntry.objects.get(action="dismiss_finding")
    assert entry.new["reason"] == "误报：指标值合理" and entry.old["dismissed"] is False


def test_a_user_who_is_not_a_reviewer_cannot_dismiss(client, member) -> None:
    _import(seed_paths()[2:3])
    finding = models.Finding.objects.first()
    models.Project.objects.update(state="submitted")
    client.force_login(member("unit_editor", finding.project.department))
    response = client.post(f"/findings/{finding.pk}/dismiss/", {"reason": "x"})
    assert response.status_code == 403 and "您的角色无权忽略审核发现" in response.content.decode()
    finding.refresh_from_db()
    assert finding.dismissed_at is None


def test_deleting_the_batch_of_version_2_brings_back_version_1(db, tmp_path: Path) -> None:
    _import([seed_paths()[3]])
    second = _import([_corrected_copy(tmp_path)])
    assert models.Project.objects.filter(version=2).count() == 1
    actions.delete_batch(second, actions.Actor(None, "cli"))
    assert not models.Project.objects.filter(version=2).exists()
    restored = models.Project.objects.get(
        budget_total__isnull=False,
        version=1,
        is_current=True,
        batch__isnull=False,
        key__isnull=False,
        document_id=read_bytes("x", seed_paths()[3].read_bytes())[0].id,
    )
    assert restored.is_current
    entry = models.AuditEntry.objects.get(action="delete_batch")
    assert entry.old["versions"][0]["version"] == 2
    assert_no_orphans()


def test_an_administrator_deletes_a_project_with_every_version(client, django_user_model) -> None:
    _import([seed_paths()[3]])
    admin = django_user_model.objects.create_superuser("root", password="correct-horse-42")
    client.force_login(admin)
    project = models.Project.objects.first()
    refused = client.post(f"/projects/{project.pk}/delete/", {"confirm": "wrong"})
    assert refused.status_code == 302 and models.Project.objects.filter(pk=project.pk).exists()
    client.post(f"/projects/{project.pk}/delete/", {"confirm": str(project.pk)})
    assert not models.Project.objects.filter(pk=project.pk).exists()
    entry = models.AuditEntry.objects.get(action="delete_project")
    assert entry.username == "root" and entry.old["versions"][0]["document"] == project.document
    assert client.get("/audit/?action=delete_project").status_code == 200
    assert_no_orphans()


def test_stored_results_say_which_profile_made_them(db) -> None:
    _import(seed_paths()[2:3])
    project = models.Project.objects.filter(findings_count__gt=0).first()
    assert project.review_profile == "tianjin" and len(project.review_profile_hash) == 64
    finding = project.findings.first()
    assert finding_rows.load(finding).document == project.document_id


def test_english_interface_shows_english_finding_messages(client_in) -> None:
    _import(seed_paths()[2:3])
    project = models.Project.objects.filter(findings_count__gt=0).first()
    finding = project.findings.first()
    assert finding.message_en and finding.message_en != finding.message
    client_in.cookies["django_language"] = "en"
    english = client_in.get(f"/projects/{project.pk}/").content.decode()
    assert escape(finding.message_en) in english and escape(finding.message) not in english
    client_in.cookies["django_language"] = "zh-hans"
    chinese = client_in.get(f"/projects/{project.pk}/").content.decode()
    assert escape(finding.message) in chinese

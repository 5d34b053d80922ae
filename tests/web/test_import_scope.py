"""Departments an import would create (将新建单位): shown in the preview, and created only where the
importer's scope reaches — asked of ``permissions.import_refusal`` with the place the new unit
would take in the department tree (under its 主管部门)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.demo import seed_paths
from jixiao.domain.model import Department
from jixiao.web import actions, importing, models, permissions, storage

SYSTEM = actions.Actor(None, "demo")
OWN = "362207天津市环境应急与事故调查中心"


@pytest.fixture
def bureau(db, readings) -> dict[str, models.Department]:
    """The bureau 362101 with its units 362303 and 362207, as imported by the operator."""
    uploads = [importing.Upload.from_path(seed_paths()[i]) for i in (0, 2, 3)]
    actions.import_batch(importing.preview(uploads, read=readings), SYSTEM)
    return {d.code: d for d in models.Department.objects.all()}


def _file(unit: str, name: str = "new.txt") -> SimpleUploadedFile:
    """Seed 004 (362207's tables) as if filed by ``unit`` (code and name)."""
    text = seed_paths()[3].read_text(encoding="utf-8").replace(OWN, unit)
    return SimpleUploadedFile(name, text.encode("utf-8"))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _counts() -> tuple[int, int, int, int]:
    return (
        models.Department.objects.count(),
        models.Project.objects.count(),
        models.ImportBatch.objects.count(),
        models.AuditEntry.objects.count(),
    )


def test_the_preview_names_each_department_it_would_create(bureau, member) -> None:
    finance = _client(member("finance_reviewer"))
    page = finance.post("/import/", {"files": [_file("362999天津市新设监测站")]})
    assert page.status_code == 200
    assert page.content.decode().count("将新建单位 天津市新设监测站 362999") == 1
    own = finance.post("/import/", {"files": [_file(OWN + "\n", "own.txt")]})
    assert "将新建单位" not in own.content.decode()


def test_a_finance_reviewer_creates_a_unit_anywhere(bureau, member) -> None:
    finance = _client(member("finance_reviewer"))
    for unit in ("362999天津市新设监测站", "555303外省新单位"):
        preview = finance.post("/import/", {"files": [_file(unit, f"{unit[:6]}.txt")]})
        assert preview.status_code == 200, preview.content.decode()
        finance.post("/import/confirm/", {"token": preview.context["token"]})
    assert models.Department.objects.get(code="362999").parent == bureau["362101"]
    assert models.Department.objects.get(code="555303").parent is None


def test_a_unit_editor_cannot_create_a_unit_and_nothing_is_written(bureau, member) -> None:
    editor = _client(member("unit_editor", bureau["362207"]))
    before = _counts()
    page = editor.post("/import/", {"files": [_file("362999天津市新设监测站")]})
    assert page.status_code == 403
    text = page.content.decode()
    assert "不在您的管辖范围：天津市新设监测站（362999）（将新建单位），见 new.txt:" in text
    assert "《天津市生态环境信息网络、设备及系统运行维护绩效目标表》" in text
    api = editor.post("/api/import", {"files": [_file("362999天津市新设监测站")], "commit": "true"})
    assert api.status_code == 403 and "将新建单位" in api.json()["detail"]
    assert _counts() == before
    assert not models.PendingUpload.objects.exists()
    own = editor.post("/import/", {"files": [_file(OWN + "\n", "own.txt")]})
    assert own.status_code == 200


def test_a_file_mixing_own_and_new_units_is_refused_whole(bureau, member) -> None:
    editor = _client(member("unit_editor", bureau["362207"]))
    before = _counts()
    files = [_file(OWN + "\n", "own.txt"), _file("362999天津市新设监测站")]
    assert editor.post("/api/import", {"files": files, "commit": "true"}).status_code == 403
    assert _counts() == before


def test_the_roles_without_import_create_nothing(bureau, member) -> None:
    """A department reviewer's scope would reach a new unit under the bureau, but 导入 is not
    theirs (nor an administrator's or an auditor's): refused before any department is asked."""
    documents = importing.preview([importing.Upload("new.txt", _file("362999新设").read())])
    for role, department in (
        ("department_reviewer", bureau["362101"]),
        ("administrator", None),
        ("auditor", None),
    ):
        refusal = permissions.import_refusal(member(role, department), documents.cards)
        assert refusal is not None and refusal.code == "role", role
        assert "管辖范围" not in refusal.reason, role


def test_a_new_unit_is_placed_under_its_bureau_only_when_that_is_stored(bureau) -> None:
    assert storage.planned_parent(Department(code="362999", name="新设")) == bureau["362101"]
    assert storage.planned_parent(Department(code="555303", name="外省")) is None
    assert storage.planned_parent(Department(code="555101", name="外省主管")) is None
    assert storage.planned_parent(Department(name="无代码单位")) is None


def test_a_refusal_names_at_most_five_places(bureau, member) -> None:
    editor = _client(member("unit_editor", bureau["362207"]))
    bureau_file = SimpleUploadedFile("bureau.txt", seed_paths()[0].read_bytes() + b"\n")
    detail = editor.post("/api/import", {"files": [bureau_file]}).json()["detail"]
    tables = models.Project.objects.filter(department=bureau["362101"]).count()
    assert tables > 5 and detail.count("，见 bureau.txt:") == 5
    assert detail.endswith(f"；等 {tables} 处")

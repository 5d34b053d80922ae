"""The administrator's department page (单位树管理) at a province's size: what it renders grows
linearly in the departments (a menu of every department per row grew as their square: 2,913
departments took minutes and gigabytes), and every action stays reachable — edit a row's code
and name, move a department under another, create, merge."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.test import Client

from jixiao.web import models


def _tree(size: int) -> list[models.Department]:
    """A 主管部门 with ``size - 1`` units under it."""
    root = models.Department.objects.create(
        key="code:100", code="100", name="主管局", name_key="主管局"
    )
    units = [
        models.Department(
            key=f"code:1{i:03}",
            code=f"1{i:03}",
            name=f"第{i}单位",
            name_key=f"第{i}单位",
            parent=root,
        )
        for i in range(1, size)
    ]
    return [root, *models.Department.objects.bulk_create(units)]


@pytest.fixture
def admin(member) -> Client:
    client = Client(enforce_csrf_checks=True)  # each row's form carries the page's token
    client.force_login(member("administrator"))
    return client


def _page(admin: Client) -> str:
    response = admin.get("/manage/departments/")
    assert response.status_code == 200
    return response.content.decode()


def _post(admin: Client, form: str, data: dict[str, object]) -> HttpResponse:
    """Post ``data`` with the CSRF token of the page's form ``form``."""
    token = re.search(
        rf'id="{form}">.*?name="csrfmiddlewaretoken" value="([^"]+)"', _page(admin), re.S
    )
    assert token is not None
    return admin.post("/manage/departments/", {**data, "csrfmiddlewaretoken": token.group(1)})


@pytest.mark.parametrize("size", [10, 60])
def test_the_page_grows_linearly_in_the_departments(admin, size) -> None:
    """Five menus of every department (new, move ×2, merge ×2) and one row each: 5 n + 2
    ``<option>``s; a menu per row would be n² (3,600 at 60)."""
    _tree(size)
    page = _page(admin).split("<h1>", 1)[1]  # the page's own content, not the header's menus
    assert page.count("<option") == 5 * size + 2
    assert page.count("<tr>") == size + 1  # the heading and a row per department
    assert len(re.findall(r'<form method="post" id="d\d+">', page)) == size


def test_each_row_edits_code_and_name_and_keeps_the_parent(admin) -> None:
    root, unit, *_ = _tree(3)
    page = _page(admin)
    row = re.search(rf'<tr><td><input form="d{unit.pk}".*?</tr>', page, re.S)
    assert row is not None and "主管局" in row.group(0)
    assert f'form="d{unit.pk}" type="hidden" name="parent" value="{root.pk}"' in row.group(0)
    posted = {"id": unit.pk, "code": "1001", "name": "改名单位", "parent": root.pk}
    assert _post(admin, f"d{unit.pk}", posted).status_code == 302
    unit.refresh_from_db()
    assert (unit.code, unit.name, unit.parent_id) == ("1001", "改名单位", root.pk)


def test_the_move_form_changes_only_the_parent(admin) -> None:
    _root, first, second = _tree(3)
    assert 'id="move-department"' in _page(admin)
    assert _post(admin, "move-department", {"id": second.pk, "parent": first.pk}).status_code == 302
    second.refresh_from_db()
    assert (second.code, second.name, second.parent_id) == ("1002", "第2单位", first.pk)
    assert models.AuditEntry.objects.filter(action="save_department").exists()
    assert _post(admin, "move-department", {"id": second.pk, "parent": ""}).status_code == 302
    second.refresh_from_db()
    assert second.parent_id is None


def test_moving_under_its_own_unit_is_refused(admin) -> None:
    root, unit, _ = _tree(3)
    refused = _post(admin, "move-department", {"id": root.pk, "parent": unit.pk})
    assert (
        refused.status_code == 400
        and "上级单位不能是本单位或其下级单位" in refused.content.decode()
    )
    root.refresh_from_db()
    assert root.parent_id is None

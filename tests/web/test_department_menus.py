"""The department menus and the department tree, rendered in one pass (templatetags/departments):
nested as the tree is, every name escaped, the chosen department selected, counts and budgets from
the kept totals."""

from __future__ import annotations

import pytest

from jixiao.demo import seed_paths
from jixiao.web import actions, importing, models

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db, readings) -> dict[str, models.Department]:
    uploads = [importing.Upload.from_path(p) for p in seed_paths()]
    actions.import_batch(importing.preview(uploads, read=readings), actions.Actor(None, "cli"))
    parent = models.Department.objects.create(key="name:甲<局>", name="甲<局>", name_key="甲<局>")
    child = models.Department.objects.create(
        key="name:乙&单位", name="乙&单位", name_key="乙&单位", parent=parent
    )
    return {"parent": parent, "child": child}


def test_the_tree_nests_escapes_and_counts(admin_client, tree) -> None:
    page = admin_client.get("/departments/").content.decode()
    parent, child = tree["parent"], tree["child"]
    assert "甲<局>" not in page and "乙&单位" not in page
    start = page.index(f'?department={parent.pk}">甲&lt;局&gt;</a>')
    nested = page.index(f'?department={child.pk}">乙&amp;单位</a>')
    assert start < page.index('<ul class="tree">', start) < nested < page.index("</ul>", nested)
    busiest = models.Project.objects.filter(is_current=True).values("department_id")
    department = models.Department.objects.get(pk=busiest[0]["department_id"])
    count = models.Project.objects.filter(department=department, is_current=True).count()
    assert f'{department}</a>\n <span class="muted">{count} 个项目, ' in page


def test_the_menu_selects_the_chosen_department(admin_client, tree) -> None:
    child = tree["child"]
    page = admin_client.get(f"/projects/?department={child.pk}").content.decode()
    assert f'<option value="{child.pk}" selected>乙&amp;单位</option>' in page
    assert page.count(" selected>") >= 1
    board = admin_client.get(f"/dashboard/?department={child.pk}").content.decode()
    assert f'<option value="{child.pk}" selected>乙&amp;单位</option>' in board

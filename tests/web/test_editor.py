"""The target-table editor: new drafts, the live review, saving with optimistic locking, the
library's suggestions and curation, and the API's draft saves."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from jixiao.web import actions, models, search

NEW = "/projects/new/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def bureau(demo) -> models.Department:
    """天津市生态环境局 (362101): its 2024 self-evaluation says 现场核查数量 ≥100家, actual 104家."""
    return models.Department.objects.get(code="362101")


@pytest.fixture
def editor(bureau, member) -> Client:
    return _client(member("unit_editor", bureau))


def form(**changes: Any) -> dict[str, Any]:
    """A complete table as the editor posts it (rows as parallel lists)."""
    data: dict[str, Any] = {
        "project": "2026年度辐射安全许可现场核查",
        "year": "2025",
        "total": "80",
        "fiscal": "80",
        "other": "0",
        "purpose": "用于许可证现场核查及技术服务。",
        "goals": "完成辐射安全许可证现场核查，保障辐射环境安全。",
        "level1": ["产出指标", "产出指标", "效益指标", "满意度指标"],
        "level2": ["数量指标", "时效指标", "社会效益指标", "服务对象满意度指标"],
        "level3": ["现场核查数量", "完成时限", "辐射事故发生率", "核查单位满意度"],
        "description": ["核查持证单位数量", "", "", ""],
        "target": ["≥110家", "2025年12月底前", "=0", "≥90%"],
        "base_revision": "0",
    }
    data.update(changes)
    return data


def test_a_new_table_is_saved_as_a_draft_with_its_findings_and_audit_row(editor, bureau) -> None:
    page = editor.get(NEW)
    assert page.status_code == 200
    assert "项目名称" in page.content.decode() and "天津市生态环境局" in page.content.decode()
    response = editor.post(NEW, form())
    assert response.status_code == 302
    draft = models.Project.objects.get(name="2026年度辐射安全许可现场核查")
    assert response["Location"] == f"/projects/{draft.pk}/edit/"
    assert (draft.state, draft.version, draft.revision) == ("draft", 1, 1)
    assert draft.department == bureau and draft.budget_total == Decimal("80")
    assert [i.level3 for i in draft.indicators.all()] == form()["level3"]
    entry = models.AuditEntry.objects.get(action="save_draft")
    assert entry.object_id == str(draft.pk) and entry.new["revision"] == 1
    live = editor.post("/editor/review/", {**form(), "row_id": draft.pk}).content.decode()
    for finding in draft.findings.all():
        assert finding.message in live  # the reviewer sees what the editor showed


def test_an_unreadable_amount_keeps_everything_typed(editor) -> None:
    response = editor.post(NEW, form(total="八十万元x", level3=["写到一半的指标", "", "", ""]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "年度资金总额“八十万元x”不是数字" in page
    assert (
        "八十万元x" in page and "写到一半的指标" in page and "2026年度辐射安全许可现场核查" in page
    )
    assert not models.Project.objects.filter(name__startswith="2026年度").exists()


def test_the_live_review_reads_targets_and_flags_a_target_below_last_year(editor) -> None:
    data = form(target=["≥90家", "尽快", "=0", "≥90%"])
    page = editor.post("/editor/review/", data).content.decode()
    assert "数量 · ≥ 90 家 · 越大越好" in page
    assert "无法读出可衡量的数值" in page  # 尽快
    assert "2024年目标 ≥100家，实际 104家" in page
    assert "目标偏低：低于上年实际完成 104家" in page
    assert "APP-02" in page  # the review engine's own finding, on its row
    fixed = editor.post("/editor/review/", form()).content.decode()
    assert "目标偏低" not in fixed and "APP-02" not in fixed


def test_two_people_saving_the_same_draft(editor, bureau, member) -> None:
    """Optimistic locking: the second save is refused, says what changed, loses nothing."""
    editor.post(NEW, form())
    draft = models.Project.objects.get(name="2026年度辐射安全许可现场核查")
    other = _client(member("unit_editor", bureau))
    url = f"/projects/{draft.pk}/edit/"
    assert 'name="base_revision" value="1"' in other.get(url).content.decode()

    first = editor.post(url, form(base_revision="1", total="95", fiscal="95"))
    assert first.status_code == 302
    renamed = ["持证单位现场核查数量", "完成时限", "辐射事故发生率", "核查单位满意度"]
    second = other.post(url, form(base_revision="1", level3=renamed))
    assert second.status_code == 409
    page = second.content.decode()
    assert "他人已保存到第 2 次修订" in page and "95" in page  # what the first person changed
    assert "持证单位现场核查数量" in page  # the second person's text is still in the form
    draft.refresh_from_db()
    assert (draft.revision, draft.budget_total) == (2, Decimal("95"))  # the first save stands
    assert draft.indicators.first().level3 == "现场核查数量"
    assert models.AuditEntry.objects.filter(action="save_draft").count() == 2

    again = other.post(url, form(base_revision="2", level3=renamed))
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.revision == 3 and draft.indicators.first().level3 == "持证单位现场核查数量"


def test_only_drafts_of_ones_own_unit_can_be_edited(editor, bureau, member) -> None:
    editor.post(NEW, form())
    draft = models.Project.objects.get(name="2026年度辐射安全许可现场核查")
    url = f"/projects/{draft.pk}/edit/"
    outsider = _client(member("unit_editor", models.Department.objects.get(code="362303")))
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, form(base_revision="1")).status_code == 404
    finance = _client(member("finance_reviewer"))
    refused = finance.get(url)
    assert refused.status_code == 403 and "您的角色无权编辑" in refused.content.decode()
    no_unit = finance.get(NEW)  # no unit to write for
    assert no_unit.status_code == 403 and "您的角色无权编辑" in no_unit.content.decode()
    actions.workflow.submit(
        draft, actions.Actor(models.Membership.objects.filter(role="unit_editor").first().user)
    )
    locked = editor.get(url)
    assert locked.status_code == 409 and "已提交审核，如需修改请先撤回" in locked.content.decode()
    assert editor.post(url, form(base_revision="1")).status_code == 409


def test_suggestions_come_from_the_library_with_last_year(editor) -> None:
    page = editor.get(
        "/editor/suggest/",
        {"level2": "数量指标", "level3": "现场核查", "year": "2025", "project": ""},
    ).content.decode()
    assert 'data-level3="现场核查数量"' in page and 'data-form="≥N家"' in page
    assert "2024年目标 ≥100家，实际 104家" in page
    other_spelling = editor.get("/editor/suggest/", {"level2": "数量", "level3": "现场核查"})
    assert 'data-level3="现场核查数量"' in other_spelling.content.decode()
    assert "data-level3" not in editor.get("/editor/suggest/", {"level2": ""}).content.decode()


def test_finance_reviewers_curate_the_library(demo, member, editor) -> None:
    finance = _client(member("finance_reviewer"))
    page = finance.get("/library/", {"level2": "数量指标"}).content.decode()
    assert "现场核查数量" in page and "merge-spellings" in page
    response = finance.post(
        "/library/curate/", {"level2": "数量指标", "name": "现场核查数量", "recommend": "1"}
    )
    assert response.status_code == 302
    assert models.AuditEntry.objects.filter(action="recommend_indicator").exists()
    suggested = editor.get("/editor/suggest/", {"level2": "数量指标"}).content.decode()
    assert suggested.index("现场核查数量") < suggested.index("使用")  # recommended comes first
    refused = editor.post(
        "/library/curate/", {"level2": "数量指标", "name": "现场核查数量", "recommend": "0"}
    )
    assert refused.status_code == 403
    assert "merge-spellings" not in editor.get("/library/").content.decode()


def test_api_saves_drafts_with_the_same_permissions_and_locking(bureau, member) -> None:
    unit = _client(member("unit_editor", bureau))
    body = {
        "project": "API 填报项目",
        "year": 2025,
        "budget": {"total": "12.5", "fiscal": "12.5", "other": "0"},
        "goals": ["完成核查"],
        "indicators": [
            {
                "level1": "产出指标",
                "level2": "数量指标",
                "level3": "现场核查数量",
                "target": "≥110家",
            }
        ],
    }
    created = unit.post("/api/projects", body, content_type="application/json")
    assert created.status_code == 201, created.content
    saved = created.json()
    assert saved["revision"] == 1 and saved["state"] == "draft"
    stored = models.Project.objects.get(pk=saved["id"])
    assert stored.budget_total == Decimal("12.5")
    url = f"/api/projects/{stored.pk}"
    update = {**body, "budget": {"total": "13", "fiscal": "13"}, "base_revision": 1}
    assert unit.put(url, update, content_type="application/json").status_code == 200
    stale = unit.put(url, {**body, "base_revision": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert "他人已保存到第 2 次修订" in stale.json()["detail"]
    assert stale.json()["changes"]
    bad = unit.put(
        url,
        {**body, "budget": {"total": "abc"}, "base_revision": 2},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "不是数字" in bad.json()["detail"]
    finance = _client(member("finance_reviewer"))
    assert (
        finance.put(url, {**body, "base_revision": 2}, content_type="application/json").status_code
        == 403
    )
    assert Client().post("/api/projects", body, content_type="application/json").status_code == 401


def test_an_imported_draft_opens_in_the_editor_and_keeps_its_first_text(editor, bureau) -> None:
    imported = models.Project.objects.filter(department=bureau, state="draft").first()
    page = editor.get(f"/projects/{imported.pk}/").content.decode()
    assert f'href="/projects/{imported.pk}/edit/"' in page  # 在线编辑 on the project page
    form_page = editor.get(f"/projects/{imported.pk}/edit/").content.decode()
    first = imported.indicators.first()
    assert first.level3 in form_page and first.target_raw in form_page
    assert 'name="base_revision" value="0"' in form_page
    rows = list(imported.indicators.all())
    data = form(
        project=imported.name,
        year=str(imported.year),
        total="7",
        fiscal="7",
        level1=[r.level1 for r in rows],
        level2=[r.level2 for r in rows],
        level3=[r.level3 for r in rows],
        description=[r.description for r in rows],
        target=[r.target_raw for r in rows],
    )
    assert editor.post(f"/projects/{imported.pk}/edit/", data).status_code == 302
    imported.refresh_from_db()
    assert imported.revision == 1 and imported.version == 1 and imported.budget_total == 7
    kept = list(imported.revisions.values_list("revision", flat=True))
    assert kept == [0, 1]  # the table as imported is kept as revision 0
    entry = models.AuditEntry.objects.get(action="save_draft", object_id=str(imported.pk))
    assert any(c["path"] == "budget.total" for c in entry.new["changes"])


def test_drafts_saved_in_the_editor_are_found_by_search(editor) -> None:
    """A new draft and each later save write the draft's search text (web/search.py)."""
    editor.post(NEW, form())
    draft = models.Project.objects.get(name="2026年度辐射安全许可现场核查")

    def found(q: str) -> list[int]:
        return [p.pk for p in editor.get("/projects/", {"q": q}).context["page"]]

    assert draft.pk in found("辐射安全 许可") and draft.pk in found("许可证现场核查及技术服务")
    editor.post(
        f"/projects/{draft.pk}/edit/", form(base_revision="1", purpose="用于购置辐射监测仪器。")
    )
    assert draft.pk in found("购置辐射监测仪器")
    assert draft.pk not in found("许可证现场核查及技术服务")  # the earlier revision's text is gone
    everywhere = models.Project.objects.all()  # a pair or a character: the bigram index
    assert draft.pk in {p.pk for p in search.search(everywhere, "购置")}
    assert draft.pk in {p.pk for p in search.search(everywhere, "购")}
    assert draft.pk not in {p.pk for p in search.search(everywhere, "术服")}  # of 技术服务

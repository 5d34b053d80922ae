"""绩效运行监控 in the web app: the form of an approved project, live lights, the explanation
rule, review, and the overview with its 预警 list."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.ingest.test_monitoring_reader import ROWS, workbook
from tests.monitoring.test_monitoring_form import table_fields

from jixiao.domain.drafting import build
from jixiao.web import actions, drafts, models, totals

pytestmark = pytest.mark.django_db


def approve_table(
    department: models.Department, editor: Any, name: str = "辐射安全许可现场核查"
) -> models.Project:
    """A 2025 table of ``department`` (two indicators) saved by ``editor`` and approved."""
    fields = table_fields(drafts.domain_department(department), name)
    project = actions.save_draft(
        build(fields).table, actions.Actor(editor, "web"), department=department
    )
    models.Project.objects.filter(pk=project.pk).update(state="approved")
    totals.touch(department.pk)  # set up around the actions: recount what approving would
    return project


@pytest.fixture
def bureau(db) -> models.Department:
    return models.Department.objects.create(
        key="code:362101", code="362101", name="天津市生态环境局", name_key="天津市生态环境局"
    )


@pytest.fixture
def people(bureau, member) -> dict[str, Client]:
    out = {}
    for role in ("unit_editor", "department_reviewer", "finance_reviewer"):
        client = Client()
        client.force_login(member(role, bureau, name=role))
        out[role] = client
    return out


@pytest.fixture
def project(bureau, people) -> models.Project:
    from django.contrib.auth import get_user_model

    return approve_table(bureau, get_user_model().objects.get(username="unit_editor"))


def july(**changes: str) -> dict[str, Any]:
    data = {"as_of": "2025-07-31", "annual": "120", "executed": "70", "forecast": "120",
            "progress-0": "30家", "progress-1": "2025年12月31日前"}  # fmt: skip
    data.update(changes)
    return data


def test_the_form_starts_from_the_approved_table(people, project) -> None:
    page = people["unit_editor"].get(f"/projects/{project.pk}/monitoring/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="2025-07-31"' in html and 'value="120"' in html
    assert 'id="target-0">≥120家<' in html


def test_a_draft_table_has_no_monitoring(people, project) -> None:
    models.Project.objects.filter(pk=project.pk).update(state="draft")
    page = people["unit_editor"].get(f"/projects/{project.pk}/monitoring/")
    assert page.status_code == 409
    assert "尚未批复" in page.content.decode()


def test_the_lights_are_recomputed_live(people, project) -> None:
    live = people["unit_editor"].post(f"/projects/{project.pk}/monitoring/live/", july())
    html = live.content.decode()
    assert live.status_code == 200
    assert 'id="light-1" hx-swap-oob="true"' in html
    assert "light-red" in html and "第 1 行「现场核查数量」为红灯" in html


def test_submission_waits_for_the_explanation_of_a_red_light(people, project) -> None:
    editor = people["unit_editor"]
    refused = editor.post(f"/projects/{project.pk}/monitoring/", {**july(), "submit": "1"})
    assert refused.status_code == 422
    assert "提交前请填写：偏差原因、纠偏措施" in refused.content.decode()
    row = models.MonitoringReport.objects.get()
    assert row.state == "draft" and row.red == 1 and row.revision == 1
    explained = july(**{"reasons-0": "经费保障", "measures-0": "追加核查力量"})
    done = editor.post(f"/projects/{project.pk}/monitoring/", {**explained, "submit": "1",
                                                              "base_revision": "1"})  # fmt: skip
    assert done.status_code == 302
    row.refresh_from_db()
    assert row.state == "submitted" and row.revision == 2


def test_a_bad_amount_is_refused_in_chinese_and_nothing_is_saved(people, project) -> None:
    page = people["unit_editor"].post(f"/projects/{project.pk}/monitoring/", july(executed="七十"))
    assert page.status_code == 422
    assert "1–7月执行数“七十”不是数字" in page.content.decode()
    assert not models.MonitoringReport.objects.exists()


def test_a_stale_form_does_not_overwrite_a_newer_save(people, project) -> None:
    editor = people["unit_editor"]
    editor.post(f"/projects/{project.pk}/monitoring/", july())
    editor.post(f"/projects/{project.pk}/monitoring/", {**july(), "base_revision": "1"})
    stale = editor.post(f"/projects/{project.pk}/monitoring/", {**july(), "base_revision": "1"})
    assert stale.status_code == 409
    assert models.MonitoringReport.objects.get().revision == 2


def test_the_reviewer_sees_the_warning_and_accepts(people, project) -> None:
    explained = july(**{"reasons-0": "经费保障", "measures-0": "追加核查力量", "submit": "1"})
    people["unit_editor"].post(f"/projects/{project.pk}/monitoring/", explained)
    row = models.MonitoringReport.objects.get()
    reviewer = people["department_reviewer"]
    overview = reviewer.get("/monitoring/?year=2025").content.decode()
    assert f'href="/monitoring/{row.pk}/">辐射安全许可现场核查</a>' in overview
    assert "现场核查数量" in overview.split('id="warnings"')[1].split("</ul>")[0]
    assert '"pace": ["8.3"' in overview  # the chart's expected pace
    reviewer.post(f"/monitoring/{row.pk}/transitions/", {"action": "accept"})
    row.refresh_from_db()
    assert row.state == "reviewed"
    kinds = list(
        models.AuditEntry.objects.filter(object_type="monitoring").values_list("action", flat=True)
    )
    assert sorted(kinds) == ["accept", "save_monitoring", "submit"]


def test_an_approved_project_without_a_report_is_missing_after_the_deadline(
    people, project, settings
) -> None:
    settings.JIXIAO_MONITORING_DEADLINE = "01-01"
    overview = people["department_reviewer"].get("/monitoring/?year=2025").content.decode()
    warnings = overview.split('id="warnings"')[1].split("</ul>")[0]
    assert "辐射安全许可现场核查" in warnings and "截止日期前未提交监控表" in warnings


def test_the_overview_sorts_by_risk(people, project, bureau) -> None:
    from django.contrib.auth import get_user_model

    calm = approve_table(bureau, get_user_model().objects.get(username="unit_editor"), "另一项目")
    editor = people["unit_editor"]
    editor.post(f"/projects/{project.pk}/monitoring/", july())
    editor.post(f"/projects/{calm.pk}/monitoring/", july(**{"progress-0": "80家"}))
    page = people["finance_reviewer"].get("/monitoring/?year=2025&sort=risk").content.decode()
    table = page.split('id="monitoring-list"')[1]
    assert table.index("辐射安全许可现场核查") < table.index("另一项目")


def test_a_136_table_imported_joins_the_project_and_the_form_shows_its_values(
    people, project
) -> None:
    editor = people["unit_editor"]
    upload = SimpleUploadedFile("监控表.xlsx", workbook(ROWS[:2]))
    answer = editor.post(f"/projects/{project.pk}/monitoring/import/", {"file": upload})
    assert answer.status_code == 302
    row = models.MonitoringReport.objects.get()
    assert (row.key, row.department_id, row.year) == (project.key, project.department_id, 2025)
    html = editor.get(f"/projects/{project.pk}/monitoring/").content.decode()
    for value in ('value="70.5"', 'value="118"', 'value="30家"', 'value="110家"',
                  "<option selected>有可能</option>", 'value="经费保障" checked',
                  'value="其他" checked', ">核查经费晚到<", ">追加核查力量<"):  # fmt: skip
        assert value in html, value


def test_an_imported_table_of_another_project_is_refused(people, project) -> None:
    data = workbook(ROWS)  # its 辐射安全水平 is not an approved indicator
    editor = people["unit_editor"]
    upload = SimpleUploadedFile("监控表.xlsx", data)
    answer = editor.post(
        f"/projects/{project.pk}/monitoring/import/", {"file": upload}, follow=True
    )
    assert "以下指标不在已批复的绩效目标表中：辐射安全水平" in answer.content.decode()
    assert not models.MonitoringReport.objects.exists()


def test_the_api_reads_and_writes_the_report(people, project) -> None:
    editor = people["unit_editor"]
    url = f"/api/projects/{project.pk}/monitoring"
    assert editor.get(url).status_code == 404  # nothing reported yet
    body = {"as_of": "2025-07-31", "budget": {"annual": "120", "executed": "70.5"},
            "indicators": [{"progress": "30家"}, {"progress": "2025年12月31日前"}], "submit": True}  # fmt: skip
    refused = editor.put(url, body, content_type="application/json")
    assert refused.status_code == 422 and "偏差原因、纠偏措施" in refused.json()["detail"]
    body["indicators"][0] |= {"reasons": ["经费保障"], "measures": "追加核查力量"}
    saved = editor.put(url, body, content_type="application/json").json()
    assert saved["state"] == "submitted" and saved["revision"] == 2
    read = people["department_reviewer"].get(url).json()
    assert read["report"]["budget"]["executed"] == "70.5"
    assert read["pacing"]["indicators"][0]["light"] == "red"


def test_a_reviewer_cannot_import_a_report(people, project) -> None:
    upload = SimpleUploadedFile("监控表.xlsx", workbook(ROWS[:2]))
    answer = people["department_reviewer"].post(
        f"/projects/{project.pk}/monitoring/import/", {"file": upload}
    )
    assert answer.status_code == 403 and "无权" in answer.content.decode()
    assert not models.MonitoringReport.objects.exists()


def test_a_returned_report_is_edited_and_submitted_again(people, project) -> None:
    explained = july(**{"reasons-0": "经费保障", "measures-0": "追加核查力量", "submit": "1"})
    editor = people["unit_editor"]
    editor.post(f"/projects/{project.pk}/monitoring/", explained)
    row = models.MonitoringReport.objects.get()
    refused = people["department_reviewer"].post(
        f"/monitoring/{row.pk}/transitions/", {"action": "return"}
    )
    assert refused.status_code == 422  # 退回 needs a reason
    people["department_reviewer"].post(
        f"/monitoring/{row.pk}/transitions/", {"action": "return", "reason": "请补充纠偏时间表"}
    )
    row.refresh_from_db()
    assert row.state == "returned"
    assert editor.get(f"/projects/{project.pk}/monitoring/").status_code == 200
    again = {**explained, "measures-0": "8月起增派两个核查组", "base_revision": "1"}
    editor.post(f"/projects/{project.pk}/monitoring/", again)
    row.refresh_from_db()
    assert (row.state, row.revision, row.version) == ("submitted", 2, 1)
    assert "8月起增派两个核查组" in editor.get(f"/monitoring/{row.pk}/").content.decode()


def test_the_labels_follow_the_as_of_date(people, project) -> None:
    editor = people["unit_editor"]
    form = editor.get(f"/projects/{project.pk}/monitoring/").content.decode()
    assert ">1–7月执行数<" in form and ">1–7月执行情况<" in form
    live = editor.post(f"/projects/{project.pk}/monitoring/live/", july(as_of="2025-06-30"))
    html = live.content.decode()
    assert '<span id="months-executed" hx-swap-oob="true">1–6月执行数' in html
    assert '<span id="months-progress" hx-swap-oob="true">1–6月执行情况' in html
    assert "1–7月" not in html
    editor.post(f"/projects/{project.pk}/monitoring/", july(as_of="2025-06-30"))
    row = models.MonitoringReport.objects.get()
    page = editor.get(f"/monitoring/{row.pk}/").content.decode()
    assert "1–6月执行数" in page and "1–6月执行情况" in page and "1–7月" not in page

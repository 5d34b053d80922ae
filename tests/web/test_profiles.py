"""The review profile pages: view, edit (a new version, audited), import/export, and the review
using the version in force (stamped with its digest)."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.domain.review import RULES, load_profile
from jixiao.domain.review.profile_text import grade_values, rows, to_toml
from jixiao.domain.workflow import State
from jixiao.export import profile_xlsx
from jixiao.web import actions, engines, importing, models
from jixiao.web.profile_versions import ProfileVersion

SAME_TITLES = Path(__file__).parent.parent / "data" / "office" / "same_titles.xlsx"


def _form(name: str = "tianjin", **changes: str) -> dict[str, str]:
    """The profile page's form as posted, with ``changes`` over the shipped settings."""
    profile = load_profile(name)
    form = {f"grade-{k}": v for k, v in grade_values(profile).items()}
    for row in rows(profile):
        if row.enabled:
            form[f"enabled-{row.code}"] = "on"
        form[f"severity-{row.code}"] = row.severity
        form.update({f"param-{row.code}-{k}": v for k, v in row.params.items()})
    return {**form, **changes}


def test_pages_list_and_show_profiles(client_in, db) -> None:
    assert "shenzhen" in client_in.get("/profiles/").content.decode()
    html = client_in.get("/profiles/tianjin/").content.decode()
    assert 'name="severity-CMP-02"' in html and 'id="save-profile"' in html
    assert client_in.get("/profiles/nosuch/").status_code == 404


def test_saving_makes_a_version_the_review_uses(client_in, user, db) -> None:
    response = client_in.post(
        "/profiles/tianjin/save/", _form(**{"severity-CMP-02": "info", "note": "模板文字降级"})
    )
    assert response.status_code == 302
    version = ProfileVersion.objects.get()
    assert (version.number, version.note, version.created_by) == (1, "模板文字降级", user)
    entry = models.AuditEntry.objects.get(action="save_profile")
    assert entry.new["digest"] == version.digest and entry.username == "reviewer"
    assert engines.in_force("tianjin").severity(RULES["CMP-02"]) == "info"
    preview = importing.preview([importing.Upload.from_path(SAME_TITLES)])
    actions.import_batch(preview, actions.Actor(None, "test"))
    water = models.Project.objects.get(name="水质监测运维")
    assert water.findings.get().severity == "info"
    assert (water.review_profile, water.review_profile_hash) == ("tianjin", version.digest)
    html = client_in.get("/profiles/tianjin/").content.decode()
    assert "模板文字降级" in html
    client_in.post("/profiles/tianjin/save/", _form())
    assert list(ProfileVersion.objects.values_list("number", flat=True)) == [2, 1]


def test_a_bad_value_is_refused_in_chinese(client_in, db) -> None:
    response = client_in.post(
        "/profiles/tianjin/save/", _form(**{"param-APP-05-min_satisfaction": "八十"})
    )
    assert response.status_code == 400
    assert "APP-05" in response.content.decode() and not ProfileVersion.objects.exists()


def test_export_and_import_as_toml_and_xlsx(client_in, db) -> None:
    toml = client_in.get("/profiles/shenzhen/export.toml")
    assert toml.status_code == 200 and b'name = "shenzhen"' in toml.content
    book = client_in.get("/profiles/shenzhen/export.xlsx").content
    assert profile_xlsx.read(book, "x.xlsx")
    for name, data in (("口径.xlsx", book), ("口径.toml", toml.content)):
        upload = SimpleUploadedFile(name, data)
        assert client_in.post("/profiles/shenzhen/import/", {"file": upload}).status_code == 302
    assert ProfileVersion.objects.filter(name="shenzhen").count() == 2
    wrong = SimpleUploadedFile("t.toml", to_toml(load_profile("tianjin")).encode())
    response = client_in.post("/profiles/shenzhen/import/", {"file": wrong})
    assert response.status_code == 400 and "tianjin" in response.content.decode()
    bad = SimpleUploadedFile("bad.xlsx", io.BytesIO(b"nope").getvalue())
    assert client_in.post("/profiles/shenzhen/import/", {"file": bad}).status_code == 400
    assert client_in.get("/profiles/shenzhen/export.pdf").status_code == 404


def test_only_finance_reviewers_and_administrators_edit(client, member, db) -> None:
    client.force_login(member("auditor"))
    assert "save-profile" not in client.get("/profiles/tianjin/").content.decode()
    assert client.post("/profiles/tianjin/save/", _form()).status_code == 403
    client.force_login(member("administrator"))
    assert client.post("/profiles/tianjin/save/", _form()).status_code == 302


def test_wording_reaches_findings_and_the_comment_form(client_in, db) -> None:
    form = _form(**{
        "message-CMP-02": "【口径】{原文}",
        "suggestion-CMP-02": "请按口径改写目标",
        "answers-CMP-02": "绩效目标照抄模板，请重新填写。\n目标应可衡量。",
    })  # fmt: skip
    assert client_in.post("/profiles/tianjin/save/", form).status_code == 302
    text = ProfileVersion.objects.get().text
    assert 'message = "【口径】{原文}"' in text and 'suggestion = "请按口径改写目标"' in text
    preview = importing.preview([importing.Upload.from_path(SAME_TITLES)])
    actions.import_batch(preview, actions.Actor(None, "test"))
    water = models.Project.objects.get(name="水质监测运维")
    finding = water.findings.get()
    assert finding.message.startswith("【口径】") and finding.suggestion == "请按口径改写目标"
    models.Project.objects.filter(pk=water.pk).update(state=State.FINANCE_REVIEW)  # may comment
    html = client_in.get(f"/projects/{water.pk}/").content.decode()
    assert "【口径】" in html and 'name="answer"' in html
    assert '<option value="目标应可衡量。">CMP-02：目标应可衡量。</option>' in html
    page = client_in.get("/profiles/tianjin/").content.decode()
    assert "绩效目标照抄模板，请重新填写。&#10;目标应可衡量。" in page
    picked = {"answer": "目标应可衡量。", "text": "另请补充指标值。"}
    assert client_in.post(f"/projects/{water.pk}/comments/", picked).status_code == 302
    assert water.comments.get().text == "目标应可衡量。\n另请补充指标值。"
    assert client_in.post(f"/projects/{water.pk}/comments/", {"answer": ""}).status_code == 422

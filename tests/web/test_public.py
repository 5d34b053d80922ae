"""信息公开: the anonymous disclosure site and open data hold published documents only."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import deque
from dataclasses import dataclass

import pytest
from django.test import Client
from frictionless import Package
from tests.web.test_public_search import _scanned as scanned

from jixiao.ingest import read_bytes
from jixiao.web import actions, importing, models, storage
from jixiao.web.actions.workflow import adjust, publish

BINARY = ("xlsx", "docx")


@dataclass
class Disclosed:
    """The seeds imported as approved; of 天津市生态环境局 two 2025 tables and the 2024
    self-evaluation published, the other tables approved, submitted or draft (never public)."""

    shown: list[models.Project]
    hidden: list[models.Project]
    evaluation: models.SelfEvaluation
    reviewer: actions.Actor


@pytest.fixture
def disclosed(db, demo_preview: importing.Preview, user) -> Disclosed:
    reviewer = actions.Actor(user)
    actions.import_batch(demo_preview, reviewer, approved=True)
    tables = list(
        models.Project.objects.filter(department__code="362101", year=2025).order_by("number")
    )
    shown, hidden = tables[:2], tables[2:]
    for row in shown:
        publish(row, reviewer)
    evaluation = models.SelfEvaluation.objects.get()
    publish(evaluation, reviewer)
    models.Project.objects.filter(pk=hidden[0].pk).update(state="submitted")
    models.Project.objects.filter(pk=hidden[1].pk).update(state="draft")
    return Disclosed(shown, hidden, evaluation, reviewer)


def _links(html: str) -> list[str]:
    return [
        link
        for link in re.findall(r'href="([^"#]+)', html)
        if link.startswith(("/public/", "/open/")) and not link.endswith(".pdf")
    ]


def _crawl(client: Client) -> dict[str, bytes]:
    """Every public page, download and open-data file reachable from /public/ (PDF aside)."""
    seen: dict[str, bytes] = {}
    queue = deque(["/public/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.content
        if response["Content-Type"].startswith("text/html"):
            queue.extend(_links(response.content.decode()))
    return seen


def _text(url: str, data: bytes) -> str:
    """The text of a page or file; a workbook or Word file read back by jixiao's readers."""
    if url.endswith(BINARY):
        return " ".join(d.title for d in read_bytes(url.rsplit("/", 1)[-1], data))
    return data.decode("utf-8-sig")


def test_every_public_url_answers_anonymously_with_published_documents_only(
    client, disclosed
) -> None:
    seen = _crawl(client)
    pages = [u for u in seen if not re.search(r"\.\w+$", u)]
    shown = {f"/public/projects/{row.pk}/" for row in disclosed.shown}
    assert shown | {f"/public/self-evaluations/{disclosed.evaluation.pk}/"} <= set(pages)
    assert {"/public/", "/public/2025/", "/public/2024/"} <= set(pages)
    files = [u for u in seen if u not in pages]
    assert any(u.endswith("export.xlsx") for u in files)
    assert "/open/2025/projects.csv" in files
    everything = {url: _text(url, data) for url, data in seen.items()}
    for row in disclosed.shown:
        assert any(row.name in text for text in everything.values()), row.name
    for row in disclosed.hidden:
        leaks = [url for url, text in everything.items() if row.name in text]
        assert not leaks, (row.state, row.name, leaks)
    for url in pages:  # nothing private either: no reviewer, no comments, no findings
        assert "reviewer" not in everything[url] and "审核意见" not in everything[url]


def test_public_pages_have_no_javascript_and_no_outside_resources(client, disclosed) -> None:
    for url, data in _crawl(client).items():
        if url.endswith("/"):
            html = data.decode()
            assert "<script" not in html.lower(), url
            assert "预算绩效信息公开" in html, url  # in Chinese
            assert not re.search(r'(src|href)="(https?:)?//', html), url
    css = client.get("/static/public/public.css")
    assert css.status_code == 200


def test_unpublished_documents_answer_404(client, disclosed) -> None:
    other = models.Department.objects.get(code="362207")
    for row in disclosed.hidden:
        for url in (f"/public/projects/{row.pk}/", f"/public/projects/{row.pk}/export.xlsx"):
            assert client.get(url).status_code == 404, (row.state, url)
    assert client.get(f"/public/projects/{disclosed.hidden[0].pk}/export.pdf").status_code == 404
    assert client.get(f"/public/2025/{other.pk}/").status_code == 404
    assert client.get("/public/2023/").status_code == 404
    assert client.get(f"/public/projects/{disclosed.shown[0].pk}/export.exe").status_code == 404
    assert other.name not in client.get("/public/2025/").content.decode()


def test_a_published_table_in_the_official_layout_with_its_downloads(client, disclosed) -> None:
    row = disclosed.shown[0]
    html = client.get(f"/public/projects/{row.pk}/").content.decode()
    document = storage.load(row)
    assert document.title in html and "单位：万元" in html
    assert 'rowspan="' in html  # 一级/二级指标 merged down their rows, as in the official table
    for indicator in document.indicators:
        assert indicator.level3 in html
    for format in ("xlsx", "docx", "pdf", "csv", "json"):
        assert f"/public/projects/{row.pk}/export.{format}" in html
    data = client.get(f"/public/projects/{row.pk}/export.xlsx").content
    (back,) = read_bytes("table.xlsx", data)
    assert back.title == document.title
    assert [i.target for i in back.indicators] == [i.target for i in document.indicators]


def test_the_department_page_lists_its_published_tables_with_budget_totals(
    client, disclosed
) -> None:
    bureau = disclosed.shown[0].department
    year = client.get("/public/2025/").content.decode()
    total = sum(row.budget_total for row in disclosed.shown)
    assert bureau.name in year and f">{total}<" in year
    html = client.get(f"/public/2025/{bureau.pk}/").content.decode()
    for row in disclosed.shown:
        assert row.name in html and f">{row.budget_total}<" in html
    evaluation = client.get(f"/public/2024/{bureau.pk}/").content.decode()
    assert f"/public/self-evaluations/{disclosed.evaluation.pk}/" in evaluation


def test_a_newly_published_table_appears_and_a_removed_one_disappears(
    client, disclosed, member
) -> None:
    bureau = disclosed.shown[0].department
    page = f"/public/2025/{bureau.pk}/"
    approved = models.Project.objects.filter(department=bureau, state="approved").first()
    first = client.get(page)
    assert approved.name not in first.content.decode()
    assert first["Cache-Control"] == "public, no-cache"
    assert client.get(page, headers={"If-None-Match": first["ETag"]}).status_code == 304
    publish(approved, disclosed.reviewer)
    second = client.get(page)
    assert approved.name in second.content.decode() and second["ETag"] != first["ETag"]
    assert approved.name in client.get("/open/2025/projects.csv").content.decode()
    administrator = actions.Actor(member("administrator"))
    actions.delete_project(models.Project.objects.get(pk=approved.pk), administrator)
    assert approved.name not in client.get(page).content.decode()
    assert client.get(f"/public/projects/{approved.pk}/").status_code == 404
    assert approved.name not in client.get("/open/2025/projects.csv").content.decode()


def test_pages_are_served_from_the_cache_while_nothing_is_published(client, disclosed) -> None:
    bureau = disclosed.shown[0].department
    page = f"/public/2025/{bureau.pk}/"
    assert bureau.name in client.get(page).content.decode()
    models.Department.objects.filter(pk=bureau.pk).update(name="改名后的单位")
    assert bureau.name in client.get(page).content.decode()  # the cached page
    publish(models.Project.objects.filter(state="approved").first(), disclosed.reviewer)
    assert "改名后的单位" in client.get(page).content.decode()


def test_an_adjusted_table_stays_public_in_its_published_version(client, disclosed, member) -> None:
    row = disclosed.shown[0]
    editor = actions.Actor(member("unit_editor", row.department))
    draft = adjust(row, editor, "调整预算")
    assert draft.is_current and draft.state == "draft"
    assert client.get(f"/public/projects/{row.pk}/").status_code == 200
    assert client.get(f"/public/projects/{draft.pk}/").status_code == 404
    rows = _rows(client.get("/open/2025/projects.csv"))
    assert len([r for r in rows if row.name in r]) == 1  # the published version, not the draft


def test_anonymous_open_data_validates_and_holds_published_rows_only(
    client_in, disclosed, tmp_path
) -> None:
    anonymous = Client()
    descriptor = json.loads(anonymous.get("/open/2025/datapackage.json").content)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for resource in descriptor["resources"]:
        response = anonymous.get(f"/open/2025/{resource['path']}")
        assert response.status_code == 200
        (tmp_path / resource["path"]).write_bytes(response.content)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(_rows(anonymous.get("/open/2025/projects.csv"))) == len(disclosed.shown)
    documents = json.loads(anonymous.get("/open/2025/documents.json").content)
    assert len(documents["documents"]) == len(disclosed.shown)
    everything = models.Project.objects.filter(year=2025).count()
    assert len(_rows(client_in.get("/open/2025/projects.csv"))) == everything  # the role's view


def _rows(response) -> list[list[str]]:
    """The rows of a CSV answer, its header aside."""
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


def _found(client: Client, query: str, **more: str) -> str:
    response = client.get("/public/search/", {"q": query, **more})
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_published_tables_only_spaces_ignored(client, disclosed) -> None:
    shown, hidden = disclosed.shown[0], disclosed.hidden[0]
    models.Project.objects.filter(pk=hidden.pk).update(name=f"{shown.name}（未公开）")
    spaced = f"{shown.name[:2]} {shown.name[2:]}"  # "大气 污染" finds 大气污染
    for query in (spaced, shown.department.name, storage.load(shown).indicators[0].level3):
        html = _found(client, query)
        assert f'href="/public/projects/{shown.pk}/"' in html, query
        assert f"/public/projects/{hidden.pk}/" not in html and "（未公开）" not in html, query
        assert "<script" not in html.lower()
    assert "找到 0 张公开的表" in _found(client, disclosed.hidden[1].name)
    assert f"/public/projects/{shown.pk}/" not in _found(client, shown.name, year="2024")
    for page in ("/public/", "/public/2025/"):  # the form, sent by GET without JavaScript
        assert 'action="/public/search/"' in client.get(page).content.decode()


def test_search_pages_its_results(client, disclosed) -> None:
    for row in models.Project.objects.filter(state="approved"):
        publish(row, disclosed.reviewer)
    published = len(scanned("年"))  # in the name or indicator text of most tables
    assert published > 20
    first, second = _found(client, "年"), _found(client, "年", page="2")
    assert f"找到 {published} 张公开的表" in first and "第 1 页" in first and "第 2 页" in second
    links = set(re.findall(r'href="(/public/projects/\d+/)"', first))
    assert len(links) == 20 and not links & set(
        re.findall(r'href="(/public/projects/\d+/)"', second)
    )


def test_search_refuses_an_unusable_query_in_chinese(client, disclosed) -> None:
    for query in ("大" * 101, "大气\x00"):
        response = client.get("/public/search/", {"q": query})
        assert response.status_code == 400
        assert "参数 q 无效" in response.content.decode()
    assert client.get("/public/search/", {"page": "²"}).status_code == 400


def test_search_results_are_cached_until_something_is_published(client, disclosed) -> None:
    row = models.Project.objects.filter(state="approved").first()
    assert f"/public/projects/{row.pk}/" not in _found(client, row.name)
    publish(row, disclosed.reviewer)
    assert f"/public/projects/{row.pk}/" in _found(client, row.name)


def test_a_department_year_in_one_workbook_of_published_tables(client, disclosed) -> None:
    bureau = disclosed.shown[0].department
    html = client.get(f"/public/2025/{bureau.pk}/").content.decode()
    url = f"/public/2025/{bureau.pk}/export.xlsx"
    assert url in html
    found = read_bytes("batch.xlsx", client.get(url).content)
    assert sorted(d.project.name for d in found) == sorted(r.name for r in disclosed.shown)
    other = models.Department.objects.get(code="362207")
    assert client.get(f"/public/2025/{other.pk}/export.xlsx").status_code == 404


#: private texts planted in the database; none may appear on the public site or in open data
SECRETS = {
    "user name": "泄密核查用户甲",
    "full name": "秘名检查",
    "comment": "审核意见秘密乙丙",
    "audit log": "审计日志秘密丁戊",
    "reviewer note": "审核备注秘密己庚",
    "return reason": "退回原因秘密辛壬",
}


def _plant_private_texts(disclosed: Disclosed, member) -> None:
    """A named reviewer's comment, audit entry, finding note and return reason on public tables."""
    shown = disclosed.shown[0]
    user = member("finance_reviewer", name=SECRETS["user name"])
    user.first_name, user.last_name = SECRETS["full name"], SECRETS["full name"]
    user.save()
    reviewer = actions.Actor(user)
    models.Comment.objects.create(project=shown, text=SECRETS["comment"], author=user)
    models.AuditEntry.objects.create(
        user=user,
        username=user.username,
        action="comment",
        object_type="project",
        object_id=str(shown.pk),
        object_label=SECRETS["audit log"],
        new={"text": SECRETS["audit log"]},
    )
    noted = models.Finding.objects.filter(project__in=disclosed.shown).update(
        dismiss_reason=SECRETS["reviewer note"], dismissed_by=user
    )
    assert noted  # the seeds have findings to note
    returned = models.Project.objects.filter(state="approved").first()
    editor = actions.Actor(member("unit_editor", returned.department))
    adjusted = adjust(publish(returned, reviewer), editor, SECRETS["return reason"])
    models.Project.objects.filter(pk=adjusted.pk).update(created_by=user)


def _raw(url: str, data: bytes) -> str:
    """Every text of a page or file: the XML parts of a workbook or Word file as they are."""
    if url.endswith(BINARY):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(
                archive.read(n).decode() for n in archive.namelist() if n.endswith("xml")
            )
    return data.decode("utf-8-sig")


def test_no_field_not_meant_to_be_public_on_any_public_page_or_file(
    client, disclosed, member
) -> None:
    _plant_private_texts(disclosed, member)
    seen = _crawl(client)
    for row in disclosed.shown:  # the search answers too
        seen[f"search:{row.name}"] = client.get("/public/search/", {"q": row.name}).content
    assert any("/export." in url for url in seen) and any("/open/" in url for url in seen)
    for url, data in seen.items():
        text = _raw(url, data)
        for what, secret in SECRETS.items():
            assert secret not in text, (what, url)
        assert disclosed.reviewer.user.username not in text, url

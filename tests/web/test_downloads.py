"""Downloads: a table or self-evaluation as a file, a department-year batch, open data."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from decimal import Decimal

import pytest
from frictionless import Package

from jixiao.ingest import read_bytes
from jixiao.web import models, storage

from .crawl import crawl, shape

FORMATS = {"xlsx": b"PK", "docx": b"PK", "csv": "\ufeff".encode(), "json": b"{"}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("format", FORMATS)
def test_a_project_downloads_in_each_format_and_reads_back(client_in, demo, format) -> None:
    project = models.Project.objects.filter(is_current=True).first()
    response = client_in.get(f"/projects/{project.pk}/export.{format}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = body(response)
    assert data.startswith(FORMATS[format])
    (back,) = read_bytes(f"download.{format}", data)
    assert back.title == storage.load(project).title
    assert back.indicators[0].target == storage.load(project).indicators[0].target


def test_a_self_evaluation_downloads_with_its_budget_block(client_in, demo) -> None:
    stored = models.SelfEvaluation.objects.get()
    response = client_in.get(f"/self-evaluations/{stored.pk}/export.xlsx")
    (back,) = read_bytes("download.xlsx", body(response))
    assert back.budget.annual == Decimal("112213.87")
    assert back.total == storage.load(stored).total


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed for PDF")
def test_a_project_downloads_as_pdf(client_in, demo) -> None:
    project = models.Project.objects.filter(is_current=True).first()
    data = body(client_in.get(f"/projects/{project.pk}/export.pdf"))
    assert data.startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed for PDF")
def test_every_file_a_page_links_to_downloads(client_in, demo) -> None:
    """The crawls of the pages (tests/web/crawl.py) do not follow links to files: each file a
    page of the demo links to (one of each shape: the files of one project differ from
    another's in data) answers a file, not a page."""
    files = crawl(client_in, ["/todo/", "/departments/", "/dashboard/"], per_shape=1).files
    assert {"/projects/N/export.pdf", "/self-evaluations/N/export.docx"} <= {*map(shape, files)}
    for url in files:
        response = client_in.get(url)
        assert response.status_code == 200, url
        assert "text/html" not in response["Content-Type"] and body(response), url


def test_pages_link_their_downloads(client_in, demo) -> None:
    project = models.Project.objects.filter(is_current=True).first()
    html = client_in.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/export.xlsx" in html
    stored = models.SelfEvaluation.objects.get()
    html = client_in.get(f"/self-evaluations/{stored.pk}/").content.decode()
    assert f"/self-evaluations/{stored.pk}/export.docx" in html
    assert 'action="/export/"' in client_in.get("/projects/").content.decode()


def test_a_department_year_batch_is_one_workbook_with_a_sheet_per_table(client_in, demo) -> None:
    department = models.Department.objects.get(code="362207")
    expected = models.Project.objects.filter(
        department=department, year=2025, is_current=True
    ).count()
    response = client_in.get("/export/", {"department": department.pk, "year": 2025})
    back = read_bytes("batch.xlsx", body(response))
    assert len(back) == expected > 1
    assert {d.department.code for d in back} == {"362207"}
    assert "jixiao_export" not in response.cookies  # no token: no progress cookie
    token = client_in.get("/export/", {"department": department.pk, "token": "123"}).cookies
    assert token["jixiao_export"].value == "123"  # ends the page's progress note


def test_unknown_format_and_empty_batch_answer_404(client_in, demo) -> None:
    project = models.Project.objects.filter(is_current=True).first()
    assert client_in.get(f"/projects/{project.pk}/export.odt").status_code == 404
    assert client_in.get("/export/", {"year": 1999}).status_code == 404
    assert client_in.get("/projects/999999/export.xlsx").status_code == 404


def test_downloads_need_a_login(client, demo) -> None:
    project = models.Project.objects.filter(is_current=True).first()
    assert client.get(f"/projects/{project.pk}/export.xlsx").status_code == 302
    # open data is open: signed out, the published documents only (none here: drafts)
    assert client.get("/open/2025/projects.csv").content.decode().count("\n") == 1


def test_open_data_package_validates_with_frictionless(client_in, demo, tmp_path) -> None:
    descriptor = json.loads(client_in.get("/open/2025/datapackage.json").content)
    names = [r["path"] for r in descriptor["resources"]]
    assert names == ["projects.csv", "indicators.csv", "self_evaluation_rows.csv"]
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for name in names:
        response = client_in.get(f"/open/2025/{name}")
        assert response.status_code == 200
        (tmp_path / name).write_bytes(response.content)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    fields = descriptor["resources"][1]["schema"]["fields"]
    assert all(f["title"] and f["description"] for f in fields)
    projects = models.Project.objects.filter(year=2025, is_current=True).count()
    with open(tmp_path / "projects.csv", encoding="utf-8", newline="") as rows:
        assert len(list(csv.reader(rows))) == 1 + projects


def test_open_data_holds_the_self_evaluation_rows_and_nothing_private(client_in, demo) -> None:
    rows = client_in.get("/open/2024/self_evaluation_rows.csv").content.decode()
    stored = storage.load(models.SelfEvaluation.objects.get())
    assert len(rows.strip().splitlines()) == 1 + len(stored.indicators)
    everything = rows + client_in.get("/open/2025/indicators.csv").content.decode()
    assert "reviewer" not in everything and "source" not in everything
    documents = client_in.get("/open/2025/documents.json").content.decode()
    assert json.loads(documents)["format"] == "jixiao-interchange"
    assert client_in.get("/open/2025/secrets.csv").status_code == 404


def test_print_stylesheet_hides_the_navigation_and_repeats_header_rows(client_in, demo) -> None:
    from django.contrib.staticfiles import finders

    with open(finders.find("jixiao/app.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    printing = css.split("@media print", 1)[1]
    assert "header.top" in printing and "display:none" in printing
    assert "size: A4" in printing and "table-header-group" in printing
    project = models.Project.objects.filter(is_current=True).first()
    html = client_in.get(f"/projects/{project.pk}/").content.decode()
    assert "<thead>" in html.split('class="official continued"')[1]


def test_batch_pdf_is_a_zip_of_pdfs(demo) -> None:
    from jixiao.export.batch import export
    from jixiao.web.documents import Selection, documents

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is needed for PDF")
    found = documents(Selection(department="362207", year=2025))
    with zipfile.ZipFile(io.BytesIO(export(found, "pdf"))) as archive:
        names = archive.namelist()
        assert len(names) == len(found)
        assert all(archive.read(n).startswith(b"%PDF") for n in names)


def test_pdf_without_libreoffice_answers_503_in_chinese(client_in, demo, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    project = models.Project.objects.filter(is_current=True).first()
    response = client_in.get(f"/projects/{project.pk}/export.pdf")
    assert response.status_code == 503
    assert "LibreOffice" in response.content.decode()

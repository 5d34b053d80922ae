"""The API: 401 for anonymous, tokens, filters and pagination, interchange JSON, import."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.demo import seed_paths
from jixiao.domain.model import TargetTable
from jixiao.web import models, storage

from .test_import_report import UNIT_TOTAL, nothing_stored, office_upload


@pytest.fixture
def bearer(client, user) -> dict[str, str]:
    response = client.post(
        "/api/auth/token",
        {"username": "reviewer", "password": "correct-horse-42"},
        content_type="application/json",
    )
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.mark.parametrize(
    "url", ["/api/departments", "/api/projects", "/api/projects/1", "/api/self-evaluations/1"]
)
def test_anonymous_gets_401(client, db, url: str) -> None:
    assert client.get(url).status_code == 401


def test_anonymous_import_gets_401(client, db) -> None:
    assert client.post("/api/import", {}).status_code == 401


def test_wrong_password_gets_no_token(client, user) -> None:
    response = client.post(
        "/api/auth/token",
        {"username": "reviewer", "password": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert models.ApiToken.objects.count() == 0


def test_a_made_up_token_gets_401(client, db) -> None:
    response = client.get("/api/departments", headers={"Authorization": "Bearer made-up"})
    assert response.status_code == 401


def test_departments_with_token(client, bearer, demo) -> None:
    body = client.get("/api/departments", headers=bearer).json()
    assert sorted(d["code"] for d in body) == ["362101", "362207", "362303"]


def test_session_login_works_for_the_api(client_in, demo) -> None:
    assert client_in.get("/api/departments").status_code == 200


def test_projects_filters_and_pagination(client, bearer, demo) -> None:
    first = client.get("/api/projects", {"page_size": 10}, headers=bearer).json()
    assert first["count"] == 43 and len(first["items"]) == 10
    last = client.get("/api/projects", {"page_size": 10, "page": 5}, headers=bearer).json()
    assert len(last["items"]) == 3
    year = client.get("/api/projects", {"year": 2024}, headers=bearer).json()
    assert year["count"] == 5


def test_projects_seek_pagination_walks_every_row_once(client, bearer, demo) -> None:
    by_page = [
        item["id"]
        for page in range(1, 6)
        for item in client.get(
            "/api/projects", {"page_size": 10, "page": page}, headers=bearer
        ).json()["items"]
    ]
    seen, after = [], None
    while True:
        asked = {"page_size": 10, **({"after": after} if after else {})}
        body = client.get("/api/projects", asked, headers=bearer).json()
        seen += [item["id"] for item in body["items"]]
        after = body["next"]
        if after is None:
            break
    assert seen == by_page and len(seen) == 43
    searched = client.get("/api/projects", {"q": "大气", "after": 1}, headers=bearer)
    assert searched.status_code == 400 and "after 不能与 q 同用" in searched.json()["detail"]


def test_project_detail_is_the_interchange_document(client, bearer, demo) -> None:
    project = models.Project.objects.order_by("id").first()
    body = client.get(f"/api/projects/{project.pk}", headers=bearer).json()
    document = TargetTable.model_validate(body["document"])
    assert document == storage.target_table(project)
    assert document.project.name == project.name
    assert len(document.indicators) == project.indicators.count()
    assert body["document"]["budget"]["total"] == str(document.budget.total)
    assert isinstance(body["findings"], list)


def test_self_evaluation_detail(client, bearer, demo) -> None:
    evaluation = models.SelfEvaluation.objects.get()
    body = client.get(f"/api/self-evaluations/{evaluation.pk}", headers=bearer).json()
    assert body["document"]["year"] == 2024
    assert body["document"]["total"] == "98.6"


def _file(index: int) -> SimpleUploadedFile:
    path = seed_paths()[index]
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_import_preview_then_commit_then_duplicate(client, bearer) -> None:
    preview = client.post("/api/import", {"files": [_file(3)]}, headers=bearer)
    assert preview.status_code == 200
    assert preview.json()["committed"] is False
    assert models.Project.objects.count() == 0
    committed = client.post("/api/import", {"files": [_file(3)], "commit": "true"}, headers=bearer)
    assert committed.json()["committed"] is True
    assert models.Project.objects.count() == 4
    again = client.post("/api/import", {"files": [_file(3)], "commit": "true"}, headers=bearer)
    assert again.status_code == 409
    assert again.json()["files"][0]["status"] == "duplicate"


def test_import_of_a_bad_file_is_422_and_writes_nothing(client, bearer) -> None:
    bad = SimpleUploadedFile("empty.txt", b"")
    response = client.post("/api/import", {"files": [bad], "commit": "true"}, headers=bearer)
    assert response.status_code == 422
    assert response.json()["files"][0]["error"] == "empty.txt: the file is empty"
    assert models.ImportBatch.objects.count() == 0


def test_self_evaluation_has_recomputed_scores(client, bearer, demo) -> None:
    evaluation = models.SelfEvaluation.objects.get()
    scores = client.get(f"/api/self-evaluations/{evaluation.pk}", headers=bearer).json()["scores"]
    assert scores["profile"] == "tianjin_dept"
    assert len(scores["rows"]) == evaluation.indicators.count()
    assert scores["totals"]["recomputed_grade"] in {"优", "良", "中", "差"}


def test_project_findings_in_the_api(client, bearer, demo) -> None:
    project = models.Project.objects.filter(findings_count__gt=0).first()
    body = client.get(f"/api/projects/{project.pk}", headers=bearer).json()
    assert len(body["findings"]) == project.findings_count
    assert {f["rule"] for f in body["findings"]} == set(
        project.findings.values_list("rule", flat=True)
    )


def test_api_preview_has_the_report(client, bearer) -> None:
    response = client.post(
        "/api/import", {"files": [office_upload("stacked.xlsx")]}, headers=bearer
    )
    assert response.status_code == 200
    body = response.json()
    assert body["committed"] is False
    report = body["files"][0]["report"]
    assert report["reader"] == "Excel workbook (.xlsx)"
    assert [(t["kind"], t["supported"]) for t in report["tables"]] == [
        ("project_target", True),
        ("project_target", True),
        ("score_sheet", False),
        ("project_target", True),
    ]
    skipped = {s["where"]: s["reason"] for s in report["skipped"]}
    assert skipped["汇总!A3"] == UNIT_TOTAL
    assert {"cell": "汇总!C4", "raw": "1500000", "read_as": "150"}.items() <= (
        report["notes"][0].items()
    )
    assert nothing_stored()


def test_api_report_is_null_for_a_text_seed(client, bearer) -> None:
    path = seed_paths()[3]
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    body = client.post("/api/import", {"files": [upload]}, headers=bearer).json()
    assert body["files"][0]["report"] is None
    assert nothing_stored()


def test_openapi_schemas_keep_their_own_fields() -> None:
    """Two input schemas once shared a name, so the docs showed the wrong fields for one of them."""
    from jixiao.web.api import api

    components = api.get_openapi_schema()["components"]["schemas"]
    draft_row = components["DraftIn"]["properties"]["indicators"]["items"]["$ref"].rsplit("/", 1)[1]
    evaluation_row = components["SelfEvaluationIn"]["properties"]["rows"]["items"]["$ref"].rsplit(
        "/", 1
    )[1]
    assert "target" in components[draft_row]["properties"]
    assert "actual" in components[evaluation_row]["properties"]
    assert draft_row != evaluation_row

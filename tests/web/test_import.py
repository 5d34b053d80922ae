"""Import in the browser: preview writes nothing, confirm writes all, bad uploads are refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.demo import seed_paths
from jixiao.domain.review import finding_row
from jixiao.ingest import MAX_BYTES
from jixiao.web import models

TABLES = (
    models.ImportBatch,
    models.ImportedFile,
    models.Department,
    models.Project,
    models.Indicator,
    models.SelfEvaluation,
    models.Finding,
)


def _counts() -> list[int]:
    return [model.objects.count() for model in TABLES]


def _seed(index: int) -> SimpleUploadedFile:
    path = seed_paths()[index]
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_preview_shows_tables_and_rows_and_writes_nothing(client_in) -> None:
    response = client_in.post("/import/", {"files": [_seed(2)]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "天津市生态环境保护综合行政执法总队" in html
    assert html.count('class="document"') == 5
    assert "confirm-import" in html
    assert sum(_counts()) == 0


def test_confirm_writes_the_batch_with_who_and_hash(client_in, user) -> None:
    preview = client_in.post("/import/", {"files": [_seed(2), _seed(3)]})
    form = preview.context["preview"]
    hashes = [f.sha256 for f in form.files]
    confirmed = client_in.post("/import/confirm/", {"token": preview.context["token"]})
    assert confirmed.status_code == 302
    batch = models.ImportBatch.objects.get()
    assert batch.user == user and batch.via == "web"
    assert sorted(batch.files.values_list("sha256", flat=True)) == sorted(hashes)
    assert models.Project.objects.count() == 9


def test_reimport_of_the_same_file_is_detected(client_in, demo) -> None:
    before = _counts()
    response = client_in.post("/import/", {"files": [_seed(0)]})
    html = response.content.decode()
    assert "已导入" in html
    assert "confirm-import" not in html
    assert _counts() == before


def test_confirm_of_an_unknown_upload_writes_nothing(client_in) -> None:
    response = client_in.post("/import/confirm/", {"token": "0" * 43})
    assert response.status_code == 410
    assert (
        "expired or is not yours" in response.content.decode()
        or "过期" in response.content.decode()
    )
    assert sum(_counts()) == 0


BAD = {
    "empty": (b"", "文件是空的"),
    "binary": (bytes(range(256)) * 64, "不是可识别的绩效表"),
    "wrong format": ("<html><body>报告</body></html>".encode(), "不是可识别的绩效表"),
    "over 50 MB": (b"x" * (MAX_BYTES + 10), "文件大于 50 MB"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_upload_gets_a_clear_message_and_changes_nothing(client_in, demo, case: str) -> None:
    data, message = BAD[case]
    before = _counts()
    response = client_in.post("/import/", {"files": [SimpleUploadedFile("upload.bin", data)]})
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html and "upload.bin" in html
    assert "confirm-import" not in html
    assert _counts() == before


def test_one_bad_file_stops_the_whole_batch(client_in) -> None:
    bad = SimpleUploadedFile("bad.txt", "无法识别的内容\n".encode())
    response = client_in.post("/import/", {"files": [_seed(2), bad]})
    assert response.status_code == 422
    assert "confirm-import" not in response.content.decode()
    assert sum(_counts()) == 0


def test_no_file_chosen(client_in) -> None:
    response = client_in.post("/import/", {})
    assert response.status_code == 400


def test_preview_shows_review_findings(client_in) -> None:
    response = client_in.post("/import/", {"files": [_seed(0)]})
    preview = response.context["preview"]
    rows = [row for result in preview.files for per in result.findings for row in per]
    findings = [finding_row.finding(row) for row in rows]  # what the rows store
    assert findings
    html = response.content.decode()
    assert findings[0].rule in html and findings[0].message in html


@pytest.fixture
def monitoring_reader():
    from jixiao.ingest import READERS, register
    from web.monitoring_reader import MonitoringReader  # importable: the sandbox's worker needs it

    reader = register(MonitoringReader())
    yield reader
    READERS.remove(reader)


def test_a_new_reader_plugs_in_and_monitoring_reports_are_refused(
    client_in, monitoring_reader
) -> None:
    upload = SimpleUploadedFile("monitor.txt", b"MONITORING 1-7\n")
    response = client_in.post("/import/", {"files": [upload]})
    assert response.status_code == 422
    assert "绩效运行监控表请在已批复项目的“绩效运行监控”页面导入" in response.content.decode()
    assert sum(_counts()) == 0

"""No untranslated text: as each role, every page reachable from the navigation and its links
(and every URL the permission matrix probes by GET) reads as Chinese in zh-hans.

A page fails on a word in Latin script outside :data:`ALLOWED` (each entry with its reason) and
outside :data:`ALLOWED_PATTERNS` (codes, units, file names, versions).
"""

from __future__ import annotations

import re

import pytest

from .crawl import Page, crawl, read
from .test_permission_matrix import PROBES, SIGNED_IN, World, world  # noqa: F401 (fixture)

#: Latin words a Chinese finance officer reads as they are, with the reason
ALLOWED = {
    "PDF": "file format, named so in Chinese offices",
    "Excel": "product name of the spreadsheet files",
    "Word": "product name of the document files",
    "CSV": "file format of the exports",
    "TOML": "file format of the review profiles (their export and import)",
    "xlsx": "file extension named in an upload hint (.toml or .xlsx)",
    "docx": "file extension named in an upload hint (.xlsx or .docx)",
    "JSON": "file format of the exports (for programs)",
    "API": "the programming interface, named so in Chinese documentation",
    "jixiao": "the system's name (绩效) in its package and CLI",
    "ID": "identifier, as written in Chinese forms",
    "Token": "API token, the accepted term",
    "SHA": "hash name (SHA-256) of stored files",
    "HTTP": "protocol name",
    "English": "the language option names itself in its own language",
    "Authorization": "the literal HTTP header a script sends with a token (account page)",
    "Bearer": "the literal HTTP header a script sends with a token (account page)",
    "NOx": "data: pollutant name in the seed documents' indicators (氮氧化物)",
    "VOCs": "data: pollutant name in the seed documents' indicators (挥发性有机物)",
    "PM": "data: PM2.5, the pollutant as the documents write it",
    "COD": "data: 化学需氧量 as the documents write it",
    "mSv": "data: unit of radiation dose in the seed documents",
    "min": "data: unit of minutes in the seed documents",
    "XX": "placeholder for a name as Chinese forms write it (XX项目), in the rules' examples",
}
#: Latin text that is data or notation, not interface: rule codes (CMP-01), file names, units,
#: profile names (central_2020, tianjin), hashes, versions
ALLOWED_PATTERNS = [
    re.compile(r"\b[A-Z]{2,5}-\d{1,3}[a-z]?\b"),  # rule codes CMP-01, SE-03
    re.compile(r"[\w\-.（）()\u4e00-\u9fff]+\.(?:xlsx|xls|docx|doc|pdf|txt|csv|json|toml)\b", re.I),
    re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),  # profile names (central_2020, tianjin_dept)
    re.compile(r"\b(?:tianjin|central|shenzhen|shanghai|beijing)\b"),  # review profile names
    re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{8,64}\b"),  # hashes (of files, of profiles)
    re.compile(r"\b(?:km|kg|m|t|h|d|kWh|GB|MB|KB|mg|L)\b"),  # units of measure and file size
    re.compile(r"\b(?:GB|DB|HJ)(?:/T)?\s?\d[\d/.-]*"),  # data: standards (GB18484-2020, DB12/356)
    re.compile(
        r"\b(?:reviewer|editor|auditor|administrator|finance_reviewer|unit_editor"
        r"|department_reviewer|other_editor|no_role|demo)\b"
    ),  # user names of the world
]
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def latin_words(page: Page) -> list[str]:
    """The Latin-script words of a page's text outside the allowlist."""
    text = page.text
    for pattern in ALLOWED_PATTERNS:
        text = pattern.sub(" ", text)
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED and len(w) > 1]


def get_urls(w: World) -> list[str]:
    """The pages the permission matrix probes by GET (the API apart)."""
    return [
        probe.url(w)
        for probes in PROBES.values()
        for probe in probes
        if probe.method == "get" and not probe.api
    ]


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_page_reads_as_chinese(world: World, role: str) -> None:  # noqa: F811 (fixture)
    client = world.clients[role]
    client.cookies["django_language"] = "zh-hans"
    pages = crawl(client, ["/todo/", *get_urls(world)]).pages
    assert len(pages) > 5
    english = {page.url: sorted(set(words)) for page in pages if (words := latin_words(page))}
    assert english == {}, "\n".join(f"{url}: {' '.join(w)}" for url, w in english.items())


def test_not_found_page_is_chinese_in_the_site_layout(client_in) -> None:
    response = client_in.get("/no-such-page/")
    page = read("/no-such-page/", 404, response.content.decode())
    assert response.status_code == 404
    assert "页面不存在" in page.text and 'class="top"' in page.html and "nav" in page.html
    assert latin_words(page) == []


@pytest.mark.parametrize(
    ("view", "heading"),
    [("server_error", "服务器错误"), ("bad_request", "请求无效"), ("csrf_failure", "无权")],
)
def test_error_pages_without_a_request_are_chinese(rf, view: str, heading: str) -> None:
    """Django renders 400, 500 and the CSRF refusal without the request (no session, no
    database): they use the plain layout, in Chinese."""
    from django.core.exceptions import SuspiciousOperation
    from django.utils import translation
    from django.views import csrf, defaults

    calls = {
        "server_error": lambda r: defaults.server_error(r),
        "bad_request": lambda r: defaults.bad_request(r, SuspiciousOperation()),
        "csrf_failure": lambda r: csrf.csrf_failure(r, reason=""),
    }
    with translation.override("zh-hans"):
        response = calls[view](rf.get("/"))
    page = read("/", response.status_code, response.content.decode())
    assert heading in page.text and "预算绩效管理系统" in page.text
    assert latin_words(page) == []


def test_every_rule_page_reads_as_chinese(client_in) -> None:
    """The crawl meets a few rules' pages; the catalogue has more: each of them, in zh-hans."""
    from jixiao.domain.review import RULES

    english = {}
    for code in RULES:
        response = client_in.get(f"/rules/{code}/")
        assert response.status_code == 200
        if words := latin_words(read(f"/rules/{code}/", 200, response.content.decode())):
            english[code] = words
    assert english == {}

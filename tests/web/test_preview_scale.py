"""The import preview of one table and of 300 (导入预览): the same compact page. Long lists come
in pages of one exclusive ``<details>`` group (one page open at a time), every table stays
reachable, and each table adds less HTML than the whole page of one table."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .crawl import read
from .test_language_crawl import latin_words
from .workbooks import workbook

DOCUMENT_PAGE = 20  # documents per page (preview.html)
TABLE_PAGE = 50  # rows per page of the tables found


@pytest.fixture
def preview_of(client_in):
    def post(tables: int) -> str:
        upload = SimpleUploadedFile(f"{tables}张.xlsx", workbook(tables))
        response = client_in.post("/import/", {"files": [upload]})
        assert response.status_code == 200
        return response.content.decode()

    return post


def _pages(html: str, group: str) -> list[str]:
    """The opening tags of the pages of one list."""
    return re.findall(rf'<details class="page" name="{group}"[^>]*>', html)


def test_one_table_shows_open_without_pages(preview_of) -> None:
    html = preview_of(1)
    assert html.count('<details class="document"') == 1
    assert '<details class="document" open>' in html  # the only table shows its rows
    assert 'class="page"' not in html  # nothing long enough to page


def test_300_tables_come_in_pages_with_every_table_reachable(preview_of) -> None:
    one, html = preview_of(1), preview_of(300)
    assert html.count('<details class="document"') == 300
    assert '<details class="document" open>' not in html  # one line per table
    documents = _pages(html, "documents-1")
    assert len(documents) == 300 // DOCUMENT_PAGE
    assert [tag.endswith(" open>") for tag in documents] == [True] + [False] * 14
    assert "第 281–300 项，共 300 项" in html  # the last page's heading
    assert len(_pages(html, "tables-1")) == 300 // TABLE_PAGE
    for n in (44, 150, 300):  # copies past the seed's 43 tables, each once
        assert html.count(f"目标表（第 {n} 张）</td>") == 1  # its title in the tables found
        assert len(re.findall(rf"<summary>[^<]*（第 {n} 张） —", html)) == 1  # its document

    assert latin_words(read("/import/", 200, html)) == []  # reads as Chinese, pages and all
    per_table = (len(html) - len(one)) / 299  # the HTML grows by less than a page per table
    assert per_table < len(one), (len(one), per_table)

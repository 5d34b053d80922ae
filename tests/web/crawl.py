"""Crawl the site as a user: every page reachable by GET from the start pages through the links
(``<a href>``) of the pages before it, with the text a user reads on each.

Used by the language crawl (no untranslated text) and the number-format crawl. Pages of one
shape (the path with its ids replaced, the query's names) are visited at most ``per_shape``
times: the 40 project pages differ in data, not in the strings of the interface.

A link to a file (its path's last part has a suffix: ``export.pdf``, ``review.docx``) is not
followed but kept in :attr:`Crawl.files`: a file is not a page (no text of the interface), and
writing one costs what a dozen pages do (PDF: a LibreOffice run). Each linked file is fetched by
``test_downloads.py`` (``test_every_file_a_page_links_to_downloads``); a start is fetched
whatever it names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.test import Client

#: never followed: signing out ends the crawl's session; static files and the language switch
#: are not pages; the API speaks JSON to programs
SKIPPED = ("/logout/", "/static/", "/i18n/", "/api/", "/media/")
#: attributes a user reads (hover text, placeholders, labels for screen readers)
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-title")
#: the last part of a file's path: a name with a suffix (pages end with ``/``)
FILE = re.compile(r"/[^/]+\.[A-Za-z0-9]+$")


@dataclass(frozen=True)
class Page:
    url: str
    status: int
    html: str
    text: str  # what a user reads: the text outside scripts and styles, and READ_ATTRIBUTES
    links: tuple[str, ...] = ()


#: elements whose text is not read: code and data for the browser
UNREAD = ("script", "style", "template")
VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr")


class _Reader(HTMLParser):
    """The readable text and the links of a page. An element marked ``translate="no"`` (HTML's
    own mark for content that is not to be translated: a stored record shown verbatim) is not
    read, nor is anything inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._open: list[tuple[str, bool]] = []  # open elements, and whether each hides its text

    @property
    def _hidden(self) -> bool:
        return any(hides for _, hides in self._open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in VOID:
            self._open.append((tag, tag in UNREAD or values.get("translate") == "no"))
        if self._hidden:
            return
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        self.parts.extend(str(values[a]) for a in READ_ATTRIBUTES if values.get(a))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(str(values["value"]))

    def handle_endtag(self, tag: str) -> None:
        names = [name for name, _ in self._open]
        if tag in names:  # close it and whatever was left open inside it
            del self._open[len(names) - 1 - names[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def read(url: str, status: int, html: str) -> Page:
    """A page as a user reads it."""
    reader = _Reader()
    reader.feed(html)
    return Page(url, status, html, "\n".join(reader.parts), tuple(reader.links))


def shape(url: str) -> str:
    """``/projects/12/?department=3&page=2`` → ``/projects/N/?department&page``."""
    parts = urlsplit(url)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(names) if names else "")


@dataclass(frozen=True)
class Crawl:
    pages: list[Page]  # the HTML pages read, in the order visited
    files: list[str]  # the links to files, not followed (``per_shape`` of each shape)


def crawl(client: Client, starts: list[str], per_shape: int = 2, limit: int = 400) -> Crawl:
    """Every HTML page reachable from ``starts`` (answers other than HTML are not read), and the
    links to files met on the way."""
    queue, seen, done = list(starts), set(starts), Crawl([], [])
    shapes: Counter[str] = Counter()
    while queue and len(done.pages) < limit:
        url = queue.pop(0)
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = read(url, response.status_code, response.content.decode())
        done.pages.append(page)
        for href in page.links:
            target = urljoin(url, href).split("#")[0]
            if not target.startswith("/") or target.startswith(SKIPPED) or target in seen:
                continue
            seen.add(target)
            if shapes[shape(target)] < per_shape:
                shapes[shape(target)] += 1
                is_file = FILE.search(urlsplit(target).path)
                (done.files if is_file else queue).append(target)
    return done

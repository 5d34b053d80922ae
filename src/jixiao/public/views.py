"""The disclosure site's pages: years → a year's departments → a department → one document,
and a search over the published target tables.

Anonymous and read-only (``login_not_required``), no JavaScript, every page and download cached
(:mod:`jixiao.public.cache`). Rows come from :mod:`jixiao.public.queries` only (published
documents, through :func:`jixiao.web.permissions.visible`); anything else is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.domain.workflow import Action
from jixiao.export import FORMATS
from jixiao.public import official, queries
from jixiao.public.cache import cached
from jixiao.web import models, params, permissions, storage
from jixiao.web.documents import PUBLIC
from jixiao.web.paging import Counted
from jixiao.web.views.downloads import YEAR, document_file

Stored = models.Project | models.SelfEvaluation
Row = TypeVar("Row", models.Project, models.SelfEvaluation)
LABELS = {"xlsx": "Excel", "docx": "Word"}  # a download link's name: the program, else the format
View = Callable[..., HttpResponse]
#: a search's parameters: the words (spaces ignored), a budget year, the page of results
SEARCH: params.Spec = {"q": params.Text(params.MAX_SEARCH), "year": YEAR, "page": params.PAGE}
PER_PAGE = 20


def page(view: View) -> View:
    """A public page: no login, cached."""
    return login_not_required(cached(view))


@page
def index(request: HttpRequest) -> HttpResponse:
    """公开首页: the years with something published."""
    return render(request, "public/index.html", {"years": queries.years()})


@page
def year(request: HttpRequest, year: int) -> HttpResponse:
    """A year's departments with their published tables and budget totals."""
    entries = queries.departments(_year(year))
    if not entries:
        raise Http404("该年度没有公开的表")
    return render(request, "public/year.html", {"year": year, "entries": entries})


@page
def department(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """A department's published target tables and self-evaluations of ``year``."""
    tables = list(queries.tables(_year(year), pk))
    reports = list(queries.reports(year, pk))
    if not tables and not reports:
        raise Http404("该单位在该年度没有公开的表")
    found = tables[0].department if tables else reports[0].department
    context = {"year": year, "department": found, "tables": tables, "reports": reports}
    return render(request, "public/department.html", context)


@page
def department_export(request: HttpRequest, year: int, pk: int, format: str) -> HttpResponse:
    """A department's published target tables of ``year`` in one file (one sheet per table)."""
    rows = queries.tables(_year(year), pk)
    for row in rows:
        permissions.check(PUBLIC, Action.EXPORT, row)
    found = [storage.load(row) for row in rows]
    if not found:
        raise Http404("该单位在该年度没有公开的表")
    return document_file(found, format, single=False)


@login_not_required
def search(request: HttpRequest) -> HttpResponse:
    """``/public/search/?q=大气污染&year=2025``: published target tables, 20 a page; 400 for a
    query that cannot be used (too long, control characters)."""
    try:
        query = params.parse(SEARCH, request.GET)
    except params.BadParameter as exc:
        return render(request, "public/bad_request.html", {"message": str(exc)}, status=400)
    return _search(request, **query)


@cached
def _search(request: HttpRequest, q: str, year: int | None, page: int | None) -> HttpResponse:
    found = queries.search(q, year) if q else queries.tables().none()
    load = models.Project.objects.select_related("department")  # a page's rows, by id
    results = Counted(found, PER_PAGE, None if q else 0, load).get_page(page)
    context = {"q": q, "year": year, "results": results, "searched": bool(q)}
    return render(request, "public/search.html", context)


@page
def project(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, _published(queries.tables(), pk), "project")


@page
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    return _document(request, _published(queries.reports(), pk), "evaluation")


@page
def project_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    return _download(_published(queries.tables(), pk), format)


@page
def evaluation_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    return _download(_published(queries.reports(), pk), format)


def _year(year: int) -> int:
    if not YEAR.low <= year <= YEAR.high:
        raise Http404(year)
    return year


def _published(rows: QuerySet[Row], pk: int) -> Row:
    """The published row ``pk`` of ``rows`` (a query of :mod:`jixiao.public.queries`), or 404."""
    found = rows.filter(pk=pk).first()
    if found is None or not permissions.allowed(PUBLIC, Action.VIEW, found):
        raise Http404("未找到该公开文档")
    return found


def _document(request: HttpRequest, row: Stored, kind: str) -> HttpResponse:
    document = storage.load(row)
    context = {
        "row": row,
        "kind": kind,
        "layout": official.layout(document),
        "formats": [(f, LABELS.get(f, f.upper())) for f in FORMATS],
    }
    return render(request, "public/document.html", context)


def _download(row: Stored, format: str) -> HttpResponse:
    permissions.check(PUBLIC, Action.EXPORT, row)
    return document_file([storage.load(row)], format, single=True)

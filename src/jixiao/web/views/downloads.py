"""Downloads: a table or self-evaluation as a file, a department-year batch, and open data.

Every view is a few lines over :mod:`jixiao.web.documents` and :mod:`jixiao.export`; a single
document needs the 导出 (export) permission on it, batches and open data hold only what the user
may see (:func:`jixiao.web.permissions.visible`); open data is open to everyone — signed out, the
published documents only (:mod:`jixiao.public.queries`, cached like the disclosure pages).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from jixiao.domain.model import Document
from jixiao.domain.workflow import Action
from jixiao.export import FORMATS, WRITERS
from jixiao.export.batch import export, file_stem, media_type, suffix
from jixiao.export.opendata import package
from jixiao.export.pdf import ConversionError
from jixiao.public.cache import cached
from jixiao.public.queries import published
from jixiao.web import models, params, permissions, storage
from jixiao.web.documents import Selection, documents
from jixiao.web.views import guard

INTERCHANGE = "documents.json"  # the year's documents as interchange JSON, beside the package


@guard.guarded
def project_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    return _one(request, models.Project, pk, format)


@guard.guarded
def evaluation_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    return _one(request, models.SelfEvaluation, pk, format)


def _one(
    request: HttpRequest,
    model: type[models.Project] | type[models.SelfEvaluation],
    pk: int,
    format: str,
) -> HttpResponse:
    row = guard.get(request, model, params.check_id(pk))
    permissions.check(request.user, Action.EXPORT, row)
    return document_file([storage.load(row)], format, single=True)


YEAR = params.Integer(1900, 2100)


TOKEN = params.Integer(1, 10**15)  # the page's Date.now(): ASCII digits only (a cookie value)


@params.query(department=params.ID, year=YEAR, format=params.Text(10), token=TOKEN)
def batch_export(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """``/export/?department=<id>&year=2025&format=xlsx``: the current tables of the selection."""
    selection = Selection(department_id=query["department"], year=query["year"])
    found = documents(selection, request.user)
    if not found:
        raise Http404("没有符合条件的表")
    response = document_file(found, query["format"] or "xlsx", single=False)
    if query["token"] is not None:  # the page's progress note waits for this cookie
        response.set_cookie("jixiao_export", str(query["token"]), max_age=300, samesite="Strict")
    return response


@login_not_required
def open_data(request: HttpRequest, year: int, name: str) -> HttpResponse:
    """``/open/2025/datapackage.json``, its CSVs, and ``documents.json`` (interchange JSON): for
    a signed-in user what the user may see, for everyone else the published documents (公开)."""
    if not YEAR.low <= year <= YEAR.high:
        raise Http404(year)
    if request.user.is_authenticated:
        return _open_data(documents(Selection(year=year), request.user), year, name)
    return _public_open_data(request, year, name)


@cached
def _public_open_data(request: HttpRequest, year: int, name: str) -> HttpResponse:
    return _open_data(published(year), year, name)


def _open_data(found: list[Document], year: int, name: str) -> HttpResponse:
    if name == INTERCHANGE:
        data, media = WRITERS["json"].write(found), WRITERS["json"].media_type
    else:
        files = package(year, found)
        if name not in files:
            raise Http404(name)
        data = files[name]
        media = "application/json" if name.endswith(".json") else "text/csv; charset=utf-8"
    return HttpResponse(data, content_type=media)


def document_file(found: list[Document], format: str, *, single: bool) -> HttpResponse:
    if format not in FORMATS:
        raise Http404(format)
    try:
        data = WRITERS[format].write(found) if single else export(found, format)
    except ConversionError:
        return HttpResponse("PDF 导出需要服务器安装 LibreOffice。", status=503)
    name = file_stem(found[0]) if single else "绩效表"
    extension = WRITERS[format].suffix if single else suffix(format)
    content_type = WRITERS[format].media_type if single else media_type(format)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}{extension}")
    return response

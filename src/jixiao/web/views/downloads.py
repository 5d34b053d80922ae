"""Downloads: a table or self-evaluation as a file, a department-year batch, and open data.

Every view is a few lines over :mod:`jixiao.web.documents` and :mod:`jixiao.export`, so that
the permission layer can wrap them. Any logged-in user may download for now.
"""

from __future__ import annotations

import io

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from jixiao.domain.model import Document
from jixiao.export import FORMATS, WRITERS
from jixiao.export.batch import export, file_stem, media_type, suffix
from jixiao.export.opendata import package
from jixiao.export.pdf import ConversionError
from jixiao.web import models, queries, storage
from jixiao.web.documents import Selection, documents

INTERCHANGE = "documents.json"  # the year's documents as interchange JSON, beside the package


def project_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    row = get_object_or_404(models.Project, pk=pk)
    return _file([storage.load(row)], format, single=True)


def evaluation_export(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    row = get_object_or_404(models.SelfEvaluation, pk=pk)
    return _file([storage.load(row)], format, single=True)


def batch_export(request: HttpRequest) -> HttpResponse:
    """``/export/?department=<id>&year=2025&format=xlsx``: the current tables of the selection."""
    f = queries.ProjectFilter.from_params(request.GET)
    found = documents(Selection(department_id=f.department, year=f.year))
    if not found:
        raise Http404("没有符合条件的表")
    response = _file(found, request.GET.get("format", "xlsx"), single=False)
    token = request.GET.get("token", "")
    if token.isdigit():  # the page's progress note waits for this cookie
        response.set_cookie("jixiao_export", token, max_age=300, samesite="Strict")
    return response


def open_data(request: HttpRequest, year: int, name: str) -> HttpResponse:
    """``/open/2025/datapackage.json``, its CSVs, and ``documents.json`` (interchange JSON)."""
    found = documents(Selection(year=year))
    if name == INTERCHANGE:
        data, media = WRITERS["json"].write(found), WRITERS["json"].media_type
    else:
        files = package(year, found)
        if name not in files:
            raise Http404(name)
        data = files[name]
        media = "application/json" if name.endswith(".json") else "text/csv; charset=utf-8"
    return HttpResponse(data, content_type=media)


def _file(found: list[Document], format: str, *, single: bool) -> HttpResponse:
    if format not in FORMATS:
        raise Http404(format)
    try:
        data = WRITERS[format].write(found) if single else export(found, format)
    except ConversionError:
        return HttpResponse("PDF 导出需要服务器安装 LibreOffice。", status=503)
    name = file_stem(found[0]) if single else "绩效表"
    extension = WRITERS[format].suffix if single else suffix(format)
    content_type = WRITERS[format].media_type if single else media_type(format)
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{name}{extension}",
        content_type=content_type,
    )

"""The HTTP API (django-ninja; OpenAPI at ``/api/docs``). Every call needs a login or a token.

One :class:`ninja.Router` per area, each in its module: tokens (:mod:`.auth`), departments and
projects with their drafts (:mod:`.projects`, :mod:`.drafts`), workflow transitions
(:mod:`.transitions`), findings (:mod:`.findings`), self-evaluations (:mod:`.evaluations`),
运行监控 (:mod:`.monitoring`), import (:mod:`.imports`); what they share is in :mod:`.common`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.operation import Operation

from jixiao.web.api import (
    auth,
    evaluations,
    findings,
    imports,
    monitoring,
    projects,
    transitions,
)
from jixiao.web.auth import API_AUTH


class JixiaoAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``jixiao_web_api_<view>``: the ids of when the API was one module, kept for clients
        generated from the schema (an ``operation_id=`` on the route overrides it)."""
        return "jixiao_web_api_" + operation.view_func.__name__


api = JixiaoAPI(title="jixiao API", version="1.0.0", auth=API_AUTH, docs_url="/docs")
for area in (auth, projects, transitions, findings, evaluations, imports, monitoring):
    api.add_router("", area.router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """400 with a message in the user's language and the errors of each parameter."""
    detail = _("Invalid request parameters; see errors.")
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=400)


def public_urls() -> tuple[list[Any], str, str]:
    """The API's URLs; the endpoints answer 401 themselves, the docs need a login."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in {"openapi-json", "openapi-view"}:
            login_not_required(pattern.callback)
    return patterns, app_name, namespace

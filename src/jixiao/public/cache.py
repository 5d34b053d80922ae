"""The disclosure site's cache (缓存): each page once per state of what is published.

A page is cached (Django's cache framework) under a key made of the page's address and arguments
(a search's parsed terms, never the raw query string), the language and :func:`stamp` — a digest
of the published versions (how many, which, in which departments, when they were last
published). Publishing a version, deleting one or moving it to another department changes the
stamp, so the next request renders afresh; nothing has to be invalidated by hand and every
process agrees. The same digest is the page's ``ETag``: a browser or proxy
asking ``If-None-Match`` gets 304 until something is published. Department names are not in the
stamp: a renamed department shows on the public pages after ``JIXIAO_PUBLIC_CACHE_SECONDS``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import get_language

from jixiao.domain.workflow import State
from jixiao.web import models

View = Callable[..., HttpResponse]
PREFIX = "jixiao.public:"


def stamp() -> str:
    """A digest of every published version: changes whenever one is published or removed."""
    parts = [
        model._default_manager.filter(state=State.PUBLISHED).aggregate(
            n=Count("pk"), ids=Sum("pk"), departments=Sum("department_id"), versions=Sum("version"),
            last=Max("state_changed_at"),
        )
        for model in (models.Project, models.SelfEvaluation)
    ]  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cached(view: View) -> View:
    """``view`` answered from the cache while nothing new is published (and 304 to a client
    that already holds the page). Only complete answers are kept: a 404 is raised, not cached."""

    @functools.wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = f"{request.path}|{sorted(kwargs.items())}"  # a search's parsed terms too
        digest = hashlib.sha256(f"{stamp()}|{get_language()}|{page}".encode()).hexdigest()
        etag = f'"{digest[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            return _headers(request, HttpResponseNotModified(), etag)
        key = PREFIX + digest
        response: Any = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            cache.set(key, response, settings.JIXIAO_PUBLIC_CACHE_SECONDS)
        return _headers(request, response, etag)

    return run


def _headers(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
    """The ``ETag``; shared caches may keep the page (asking again each time) unless it was
    answered to a signed-in user, whose response may carry a session cookie."""
    response["ETag"] = etag
    shared = "private" if request.user.is_authenticated else "public"
    response["Cache-Control"] = f"{shared}, no-cache"
    return response

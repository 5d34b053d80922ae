"""Pages ask :mod:`jixiao.web.permissions` and answer a refusal the same way everywhere.

A hidden object answers 404 (nothing leaks); any other refusal renders its Chinese reason with
the refusal's status (403 role, 409 state, 422 reason missing, 400 invalid) — never a bare 403.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.web import permissions

M = TypeVar("M", bound=Model)
P = ParamSpec("P")


def refused(request: HttpRequest, denied: Denied) -> HttpResponse:
    """The page of a refusal: 404 for a hidden object, else the reason with its status."""
    if denied.code == "hidden":
        raise Http404(denied.reason)
    return render(
        request, "jixiao/refused.html", {"message": denied.reason}, status=denied.http_status
    )


def get(
    request: HttpRequest,
    model: type[M],
    pk: int,
    select: Sequence[str] = (),
    defer: Sequence[str] = (),
) -> M:
    """The row ``pk`` of ``model`` if the user may see it; 404 otherwise (absent or hidden).
    ``defer``: columns read only if used (a stored document that is rarely needed)."""
    rows = model._default_manager.select_related(*select).filter(pk=pk)
    row = (rows.defer(*defer) if defer else rows).first()
    if row is None or not permissions.allowed(request.user, Action.VIEW, row):
        raise Http404("未找到该文档，或您无权查看")
    return row


def guarded(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """A view that may raise :class:`Refused` (from :func:`jixiao.web.permissions.check` or an
    action): the refusal is answered by :func:`refused`."""

    @functools.wraps(view)
    def run(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except Refused as refusal:
            request = args[0]
            assert isinstance(request, HttpRequest)
            return refused(request, refusal.denied)

    return run

"""Query parameters (查询参数): every page declares what it reads; a bad value answers 400.

A page's parameters are a spec (name → :class:`Integer` or :class:`Text`) given to the
:func:`query` decorator, which parses ``request.GET`` before the view runs and hands the view the
parsed values. Numbers are plain ASCII digits within bounds (``²`` or ``١٢`` are refused, and
``99999999999999999999`` never reaches the database), texts are capped and free of control
characters (PostgreSQL refuses NUL). The API declares the same bounds on its schemas.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import pydantic
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

#: the largest id a page or API call accepts (18 digits fit a 64-bit primary key)
MAX_ID = 10**18 - 1
#: the longest search term
MAX_SEARCH = 100
#: the last page number a list accepts
MAX_PAGE = 100_000

_DIGITS = re.compile(r"[0-9]{1,18}")


class BadParameter(ValueError):
    """A query parameter that cannot be used; the message is in the user's language."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(
            _("Invalid parameter %(name)s: %(reason)s") % {"name": name, "reason": reason}
        )


@dataclass(frozen=True)
class Integer:
    """A whole number ``low..high`` in ASCII digits; blank is None."""

    low: int
    high: int

    def parse(self, name: str, text: str) -> int | None:
        text = text.strip()
        if not text:
            return None
        value = int(text) if _DIGITS.fullmatch(text) else None
        if value is None or not self.low <= value <= self.high:
            reason = _("a whole number from %(low)s to %(high)s is expected")
            raise BadParameter(name, reason % {"low": self.low, "high": self.high})
        return value


@dataclass(frozen=True)
class Text:
    """A text of at most ``max_length`` characters without control characters (stripped)."""

    max_length: int

    def parse(self, name: str, text: str) -> str:
        text = text.strip()
        if len(text) > self.max_length:
            reason = _("at most %(n)s characters") % {"n": self.max_length}
            raise BadParameter(name, reason)
        if any(unicodedata.category(c) == "Cc" for c in text):
            raise BadParameter(name, _("control characters are not allowed"))
        return text


@dataclass(frozen=True)
class Choice:
    """One of ``values`` (blank is ""), such as a list's sort key (排序)."""

    values: tuple[str, ...]

    def parse(self, name: str, text: str) -> str:
        text = text.strip()
        if text and text not in self.values:
            reason = _("one of %(values)s is expected") % {"values": "、".join(self.values)}
            raise BadParameter(name, reason)
        return text


Field = Integer | Text | Choice
Spec = Mapping[str, Field]
View = TypeVar("View", bound=Callable[..., HttpResponse])

ID = Integer(1, MAX_ID)
PAGE = Integer(1, MAX_PAGE)


def schema_field(field: Field) -> Any:
    """The same bounds as a pydantic field, for the API's query schemas (default: blank)."""
    if isinstance(field, Integer):
        return pydantic.Field(None, ge=field.low, le=field.high)
    if isinstance(field, Choice):
        return pydantic.Field("", pattern="^(" + "|".join(map(re.escape, field.values)) + ")?$")
    return pydantic.Field("", max_length=field.max_length, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")


def parse(spec: Spec, params: QueryDict) -> dict[str, Any]:
    """The values of ``spec`` in ``params`` (the last one of a repeated name); BadParameter."""
    return {name: field.parse(name, params.get(name, "")) for name, field in spec.items()}


def query(**spec: Field) -> Callable[[View], View]:
    """Parse the page's query parameters; the view gets them as ``query``; 400 when one is bad."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                values = parse(spec, request.GET)
            except BadParameter as exc:
                return bad_request(request, str(exc))
            return view(request, *args, query=values, **kwargs)

        wrapper.query_spec = spec  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def file_name(name: str) -> str:
    """An uploaded file's name as stored: without control characters, at most 255 characters."""
    kept = "".join(c for c in name if unicodedata.category(c) != "Cc").strip()
    return kept[:255] or "upload"


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "jixiao/bad_request.html", {"message": message}, status=400)


def check_id(pk: int) -> int:
    """``pk`` if it can be an id, else 404 (no such row)."""
    if not 1 <= pk <= MAX_ID:
        raise Http404
    return pk

"""The page of a review rule (审核规则, ``/rules/<code>/``), generated from the rule catalogue:
what it checks and why, its basis, a faulty example and what to do; every finding links here."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.web.rules import for_people, rule, scope_label


def rule_page(request: HttpRequest, code: str) -> HttpResponse:
    """One rule of the catalogue; 404 for a code that is not in it."""
    found = rule(code)
    if found is None:
        raise Http404(code)
    texts = ("explanation", "basis", "example", "suggestion")
    context = {
        "rule": found,
        "scope": scope_label(found),
        **{name: for_people(getattr(found, name)) for name in texts},
    }
    return render(request, "jixiao/rule.html", context)

"""指标库 page: every 三级指标 of a 二级指标 ranked by use, with its usual 指标值 forms and units;
finance reviewers mark 共性指标 and merge spellings (:mod:`jixiao.web.actions.library`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from jixiao.domain import levels, library
from jixiao.domain.workflow import Action
from jixiao.web import actions, drafts, permissions
from jixiao.web.views import guard

LIMIT = 200  # entries shown per 二级指标


def page(request: HttpRequest) -> HttpResponse:
    """The library of one 二级指标 (``level2``), filtered by ``q``."""
    level2 = request.GET.get("level2", "") or levels.QUANTITY
    query = request.GET.get("q", "")[:100]
    entries = library.suggest(
        level2, drafts.uses(request.user, level2), drafts.curation(), query, limit=LIMIT
    )
    context = {
        "level2": levels.canonical(level2[:50]),
        "choices": levels.LEVEL2,
        "query": query,
        "entries": entries,
        "may_curate": bool(permissions.allowed(request.user, Action.CURATE_LIBRARY)),
    }
    return render(request, "jixiao/library.html", context)


@require_POST
@guard.guarded
def curate(request: HttpRequest) -> HttpResponse:
    """Mark (``recommend`` = 1/0) one name, or merge the checked ``spelling`` s ``into`` one."""
    actor = actions.Actor(request.user, "web")
    level2 = request.POST.get("level2", "")[:50]
    if "recommend" in request.POST:
        name = request.POST.get("name", "")[:500]
        recommended = request.POST["recommend"] == "1"
        actions.recommend_indicator(actor, level2, name, recommended)
        messages.success(request, f"已{'标记' if recommended else '取消'}共性指标：{name}")
    else:
        spellings = [s[:500] for s in request.POST.getlist("spelling")[:100]]
        into = request.POST.get("into", "")[:500]
        actions.merge_indicators(actor, level2, spellings, into)
        messages.success(request, f"已将 {len(spellings)} 种写法合并为“{into}”")
    return redirect(f"/library/?{urlencode({'level2': level2})}")

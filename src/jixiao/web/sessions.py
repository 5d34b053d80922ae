"""Login sessions (登录会话): an idle timeout and an absolute lifetime.

Idle timeout: a session expires ``SESSION_COOKIE_AGE`` (``JIXIAO_SESSION_IDLE_MINUTES``) after
it was last saved, and this middleware saves it again — moving the expiry — at most once a
minute (``REFRESH_SECONDS``), not on every request, so that browsing does not write to the
database each time (nor wait behind an import holding SQLite's write lock). Absolute lifetime: a
session is logged out ``JIXIAO_SESSION_MAX_HOURS`` after its first request as a logged-in user,
however busy it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

#: the session key holding the time (seconds since the epoch) the login was first seen
LOGIN_AT = "jixiao_login_at"
#: the session key holding the time the session was last saved by this middleware
SEEN_AT = "jixiao_seen_at"
#: how often a busy session's expiry is moved (the idle timeout's resolution)
REFRESH_SECONDS = 60


class SessionLifetimeMiddleware:
    """Log out sessions older than ``JIXIAO_SESSION_MAX_HOURS`` (then: login page, or 401)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = float(request.session.setdefault(LOGIN_AT, now))
            if now - started > settings.JIXIAO_SESSION_MAX_HOURS * 3600:
                logout(request)
            elif now - float(request.session.get(SEEN_AT, 0)) > REFRESH_SECONDS:
                request.session[SEEN_AT] = now  # saved with a new expiry
        return self.get_response(request)

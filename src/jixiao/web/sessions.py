"""Login sessions (登录会话): an idle timeout and an absolute lifetime.

The idle timeout is Django's: the session expires ``SESSION_COOKIE_AGE`` after the last request
(``JIXIAO_SESSION_IDLE_MINUTES``, saved on every request). This middleware adds the absolute
lifetime: a session is logged out ``JIXIAO_SESSION_MAX_HOURS`` after its first request as a
logged-in user, however busy it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

#: the session key holding the time (seconds since the epoch) the login was first seen
LOGIN_AT = "jixiao_login_at"


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
        return self.get_response(request)

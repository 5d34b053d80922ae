"""Login throttling (登录限流) with django-axes: per user name + address, and per address.

Axes counts failed logins both for the pair (user name, address) and for the address alone, and
locks when the larger count reaches the limit this function gives: ``JIXIAO_LOGIN_FAILURES`` (5)
once the pair has failed that often, else ``JIXIAO_LOGIN_FAILURES_PER_ADDRESS`` (20). So one
account is locked after 5 wrong passwords, and an address trying many user names (password
spraying) after 20, whatever the names. Locks last an hour (``AXES_COOLOFF_TIME``).

The address is the TCP peer; behind the TLS proxy (``JIXIAO_SECURE=1``) it is the one the proxy
appended last to ``X-Forwarded-For`` (the client the proxy saw), so that all users do not share
the proxy's address.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """The failure count at which this login attempt is refused (``AXES_FAILURE_LIMIT``)."""
    per_user: int = settings.JIXIAO_LOGIN_FAILURES
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=address,
        attempt_time__gte=get_cool_off_threshold(request),
    )
    failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return per_user if failures >= per_user else int(settings.JIXIAO_LOGIN_FAILURES_PER_ADDRESS)


def client_address(request: HttpRequest) -> str:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``): see the module's docstring."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.JIXIAO_SECURE and forwarded.strip():
        return str(forwarded.split(",")[-1].strip())
    return str(request.META.get("REMOTE_ADDR", ""))

"""API authentication: the browser session, or ``Authorization: Bearer <token>`` for scripts.

A token (API 令牌) is shown once; only its SHA-256 is stored. It stops working when it expires
(``JIXIAO_TOKEN_DAYS``, at most ``MAX_TOKEN_DAYS``), when it is revoked, and when the user's
password changes (each token keeps the password's session hash and must still match it).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from ninja.security import HttpBearer, django_auth

from jixiao.web import models

#: the longest a token may live
MAX_TOKEN_DAYS = 365


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: Any, name: str = "", days: int | None = None) -> tuple[str, models.ApiToken]:
    """A new bearer token for ``user`` valid ``days`` (default ``JIXIAO_TOKEN_DAYS``).

    Returns the token (to be shown once) and its stored row.
    """
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(days=min(days or settings.JIXIAO_TOKEN_DAYS, MAX_TOKEN_DAYS))
    stored = models.ApiToken.objects.create(
        user=user,
        digest=_digest(token),
        name=name,
        expires_at=timezone.now() + lifetime,
        password_stamp=user.get_session_auth_hash(),
    )
    return token, stored


def valid(stored: models.ApiToken) -> bool:
    """Not expired, the user active, and the password unchanged since the token was issued."""
    user = stored.user
    return bool(
        stored.expires_at > timezone.now()
        and user.is_active
        and constant_time_compare(stored.password_stamp, user.get_session_auth_hash())
    )


def tokens_of(user: object) -> QuerySet[models.ApiToken]:
    """The tokens of ``user`` (none for an anonymous one), newest first."""
    if not isinstance(user, get_user_model()):
        return models.ApiToken.objects.none()
    return models.ApiToken.objects.filter(user=user).select_related("user")


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = models.ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
        if found is None or not valid(found):
            return None
        request.user = found.user
        return found.user


#: a bearer token is tried first, so that scripts are not asked for a CSRF token
API_AUTH = [BearerToken(), django_auth]

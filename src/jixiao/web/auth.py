"""API authentication: the browser session, or ``Authorization: Bearer <token>`` for scripts."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from jixiao.web import models


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: Any) -> str:
    """A new bearer token for ``user``; only its digest is stored, so it is shown once."""
    token = secrets.token_urlsafe(32)
    models.ApiToken.objects.create(user=user, digest=_digest(token))
    return token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = models.ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        return found.user


#: a bearer token is tried first, so that scripts are not asked for a CSRF token
API_AUTH = [BearerToken(), django_auth]

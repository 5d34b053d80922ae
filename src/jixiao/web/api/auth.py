"""API tokens: exchange a password for a bearer token, list and revoke one's tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from jixiao.web import models, params
from jixiao.web.auth import MAX_TOKEN_DAYS, issue_token, tokens_of, valid

router = Router()


class Credentials(Schema):
    """A user name and password; ``name`` labels the token, ``days`` shortens its lifetime."""

    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: str = Field("", max_length=100)
    days: int | None = Field(None, ge=1, le=MAX_TOKEN_DAYS)


class TokenInfo(Schema):
    """A token as listed (never the token itself); ``valid``: not expired, password unchanged."""

    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    valid: bool


class TokenOut(TokenInfo):
    token: str  # shown once


@router.post("/auth/token", auth=None, response={200: TokenOut, 401: dict[str, str]})
def token(request: HttpRequest, credentials: Credentials) -> Any:
    """Exchange a user name and password for a bearer token (failed attempts are throttled)."""
    user = authenticate(request, username=credentials.username, password=credentials.password)
    if user is None:
        return Status(401, {"detail": _("Wrong user name or password.")})
    secret, stored = issue_token(user, credentials.name, credentials.days)
    return {**_token_info(stored), "token": secret}


@router.get("/auth/tokens", response=list[TokenInfo])
def tokens(request: HttpRequest) -> Any:
    """The caller's tokens, newest first."""
    return [_token_info(t) for t in tokens_of(request.user)]


@router.delete("/auth/tokens/{token_id}", response={204: None})
def revoke(request: HttpRequest, token_id: int) -> Any:
    """Revoke one of the caller's tokens (404 for another user's)."""
    get_object_or_404(tokens_of(request.user), pk=params.check_id(token_id)).delete()
    return Status(204, None)


def _token_info(stored: models.ApiToken) -> dict[str, Any]:
    fields = ("id", "name", "created_at", "expires_at")
    return {**{f: getattr(stored, f) for f in fields}, "valid": valid(stored)}

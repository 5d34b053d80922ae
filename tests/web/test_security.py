"""Logins and credentials: password rules, password change, session lifetimes, API tokens,
throttling per address, security headers and the Content-Security-Policy, TLS settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.web import bootstrap, models
from jixiao.web.sessions import LOGIN_AT, REFRESH_SECONDS, SEEN_AT

PASSWORD = "correct-horse-42"  # the ``user`` fixture's


def _token(client, **extra: object) -> dict[str, object]:
    response = client.post(
        "/api/auth/token",
        {"username": "reviewer", "password": PASSWORD, **extra},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def _bearer(token: dict[str, object]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token['token']}"}


# -- the environment-variable administrator --------------------------------------------------


@pytest.mark.parametrize("weak", ["1", "password1234", "12345678901234", "chief-2026"])
def test_a_weak_admin_password_is_refused(db, monkeypatch: pytest.MonkeyPatch, weak: str) -> None:
    monkeypatch.setenv("JIXIAO_ADMIN_USER", "chief")
    monkeypatch.setenv("JIXIAO_ADMIN_PASSWORD", weak)
    with pytest.raises(bootstrap.WeakPassword):
        bootstrap.ensure_admin()
    assert not get_user_model().objects.exists()


def test_a_password_like_the_user_name_is_refused(db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_ADMIN_USER", "budgetchief")
    monkeypatch.setenv("JIXIAO_ADMIN_PASSWORD", "budgetchief1")
    with pytest.raises(bootstrap.WeakPassword, match="相似"):
        bootstrap.ensure_admin()


def test_serve_with_a_weak_admin_password_exits_2_with_a_message(
    db, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_ADMIN_PASSWORD", "1")
    monkeypatch.setenv("JIXIAO_DEMO", "0")
    result = CliRunner().invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 2
    assert "JIXIAO_ADMIN_PASSWORD is too weak" in result.output
    assert "12" in result.output  # the validator says how long it must be
    assert not get_user_model().objects.exists()


# -- password change ---------------------------------------------------------------------------


def test_password_change_page_refuses_a_weak_password(client_in) -> None:
    assert client_in.get("/account/password/").status_code == 200
    response = client_in.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "密码太短" in response.content.decode()


def test_password_change_ends_other_sessions_and_tokens(client, user, django_user_model) -> None:
    from django.test import Client

    token = _token(client)
    other = Client()
    other.force_login(user)
    client.force_login(user)
    new = "a-much-better-passphrase"
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.get("/projects/").status_code == 200  # this session goes on
    assert other.get("/projects/").status_code == 302  # the other one is logged out
    assert client.get("/api/departments", headers=_bearer(token)).status_code == 200  # session
    assert Client().get("/api/departments", headers=_bearer(token)).status_code == 401


def test_a_password_set_elsewhere_also_invalidates_tokens(client, user) -> None:
    token = _token(client)
    assert client.get("/api/departments", headers=_bearer(token)).status_code == 200
    user.set_password("set-by-the-administrator-9")
    user.save()
    assert client.get("/api/departments", headers=_bearer(token)).status_code == 401


# -- session lifetimes -------------------------------------------------------------------------


def test_sessions_expire_after_30_idle_minutes_and_each_request_extends_them(client_in) -> None:
    client_in.get("/projects/")
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client_in.get("/projects/").status_code == 302


def test_a_busy_session_is_saved_at_most_once_a_minute(client_in) -> None:
    client_in.get("/projects/")
    first = Session.objects.get().expire_date
    client_in.get("/projects/")
    assert Session.objects.get().expire_date == first  # not written again within the minute
    stored = client_in.session
    stored[SEEN_AT] = time.time() - REFRESH_SECONDS - 1
    stored.save()
    saved = Session.objects.get().expire_date
    client_in.get("/projects/")
    assert Session.objects.get().expire_date > saved  # a minute later: the expiry moves


def test_a_session_ends_after_the_absolute_lifetime(client_in, settings) -> None:
    assert client_in.get("/projects/").status_code == 200
    assert client_in.session[LOGIN_AT] == pytest.approx(time.time(), abs=60)
    session = client_in.session
    session[LOGIN_AT] = time.time() - settings.JIXIAO_SESSION_MAX_HOURS * 3600 - 1
    session.save()
    response = client_in.get("/projects/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client_in.get("/api/departments").status_code == 401


def test_a_busy_session_within_the_lifetime_goes_on(client_in) -> None:
    session = client_in.session
    session[LOGIN_AT] = time.time() - 3600
    session.save()
    assert client_in.get("/projects/").status_code == 200


# -- API tokens --------------------------------------------------------------------------------


def test_a_token_expires(client, user) -> None:
    token = _token(client, name="nightly", days=3)
    stored = models.ApiToken.objects.get(pk=token["id"])
    assert stored.name == "nightly"
    assert timedelta(days=2, hours=23) < stored.expires_at - timezone.now() <= timedelta(days=3)
    assert client.get("/api/departments", headers=_bearer(token)).status_code == 200
    models.ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/departments", headers=_bearer(token)).status_code == 401


def test_the_default_token_lifetime_is_30_days_and_at_most_365(client, user) -> None:
    token = _token(client)
    stored = models.ApiToken.objects.get(pk=token["id"])
    assert stored.expires_at - stored.created_at == pytest.approx(
        timedelta(days=30), abs=timedelta(minutes=1)
    )
    too_long = client.post(
        "/api/auth/token",
        {"username": "reviewer", "password": PASSWORD, "days": 366},
        content_type="application/json",
    )
    assert too_long.status_code == 400


def test_tokens_are_listed_and_revoked(client, user, django_user_model) -> None:
    first, second = _token(client, name="a"), _token(client, name="b")
    listed = client.get("/api/auth/tokens", headers=_bearer(first)).json()
    assert [t["name"] for t in listed] == ["b", "a"]
    assert all(t["valid"] and "token" not in t for t in listed)
    revoked = client.delete(f"/api/auth/tokens/{second['id']}", headers=_bearer(first))
    assert revoked.status_code == 204
    assert client.get("/api/departments", headers=_bearer(second)).status_code == 401
    assert client.get("/api/departments", headers=_bearer(first)).status_code == 200


def test_another_users_token_cannot_be_revoked(client, user, django_user_model) -> None:
    mine = _token(client)
    other = django_user_model.objects.create_user("other", password="other-users-pass-1")
    from jixiao.web.auth import issue_token

    _, theirs = issue_token(other)
    response = client.delete(f"/api/auth/tokens/{theirs.pk}", headers=_bearer(mine))
    assert response.status_code == 404
    assert models.ApiToken.objects.filter(pk=theirs.pk).exists()


def test_the_account_page_creates_lists_and_revokes_tokens(client_in, user) -> None:
    created = client_in.post("/account/", {"name": "report script", "days": 7})
    html = created.content.decode()
    stored = models.ApiToken.objects.get(user=user)
    secret = re.search(r"<code>([^<]+)</code>", html).group(1)
    from django.test import Client

    by_token = Client().get("/api/departments", headers={"Authorization": f"Bearer {secret}"})
    assert by_token.status_code == 200
    assert "report script" in html and "有效" in html
    response = client_in.post(f"/account/tokens/{stored.pk}/revoke/")
    assert response.status_code == 302
    assert not models.ApiToken.objects.exists()


def test_the_account_page_refuses_a_bad_lifetime(client_in) -> None:
    assert client_in.post("/account/", {"name": "x", "days": 0}).status_code == 400
    assert not models.ApiToken.objects.exists()


def test_tokens_issued_before_expiry_existed_no_longer_work(client, user) -> None:
    """The migration gives old tokens an empty password stamp: they are refused."""
    token = _token(client)
    models.ApiToken.objects.update(password_stamp="")
    assert client.get("/api/departments", headers=_bearer(token)).status_code == 401


# -- login throttling --------------------------------------------------------------------------


@pytest.fixture
def cheap_failures(settings) -> None:
    """MD5 first among the hashers (speed only): a failed login hashes the password it was given
    with the first hasher (Django's ModelBackend, an unknown user name too: ≈ 0.25 CPU-s with
    Argon2), and these tests count twenty of them; the user's stored Argon2 hash is still
    checked by Argon2."""
    hashers = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *hashers]


def test_password_spraying_from_one_address_is_locked_after_20_failures(
    client, user, settings, cheap_failures
) -> None:
    for i in range(settings.JIXIAO_LOGIN_FAILURES_PER_ADDRESS - 1):
        client.post("/login/", {"username": f"guess{i}", "password": "Winter2026!"})
    ok = client.post("/login/", {"username": "reviewer", "password": PASSWORD})
    assert ok.status_code == 302  # 19 failures across user names: still open
    client.logout()
    client.post("/login/", {"username": "guess-last", "password": "Winter2026!"})
    locked = client.post("/login/", {"username": "reviewer", "password": PASSWORD})
    assert locked.status_code == 429
    from django.test import Client

    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert (
        elsewhere.post("/login/", {"username": "reviewer", "password": PASSWORD}).status_code == 302
    )


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(
    client, user, settings, cheap_failures
) -> None:
    for i in range(settings.JIXIAO_LOGIN_FAILURES_PER_ADDRESS):
        headers = {"X-Forwarded-For": f"203.0.113.{i}"}
        client.post("/login/", {"username": f"guess{i}", "password": "x"}, headers=headers)
    locked = client.post("/login/", {"username": "reviewer", "password": PASSWORD})
    assert locked.status_code == 429


def test_behind_the_tls_proxy_the_address_is_the_one_the_proxy_appended(settings) -> None:
    from django.test import RequestFactory

    from jixiao.web.throttle import client_address

    request = RequestFactory().get("/", headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.7"})
    assert client_address(request) == "127.0.0.1"  # the TCP peer, unless JIXIAO_SECURE
    settings.JIXIAO_SECURE = True
    assert client_address(request) == "198.51.100.7"
    assert client_address(RequestFactory().get("/")) == "127.0.0.1"


def test_the_token_endpoint_is_throttled_too(client, user) -> None:
    for _ in range(5):
        client.post(
            "/api/auth/token",
            {"username": "reviewer", "password": "wrong"},
            content_type="application/json",
        )
    refused = client.post(
        "/api/auth/token",
        {"username": "reviewer", "password": PASSWORD},
        content_type="application/json",
    )
    assert refused.status_code in {401, 429}
    assert not models.ApiToken.objects.exists()


# -- headers and pages under the Content-Security-Policy ---------------------------------------

PAGES = ["/departments/", "/projects/", "/self-evaluations/", "/review/", "/dashboard/", "/import/"]


@pytest.mark.parametrize("url", [*PAGES, "/account/", "/account/password/", "/login/"])
def test_every_page_has_a_strict_csp_and_no_inline_code(client_in, demo, url: str) -> None:
    response = client_in.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all("src=" in s or 'type="application/json"' in s for s in scripts), scripts
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_csp_is_on_static_files_and_api_answers_too(client_in) -> None:
    assert "Content-Security-Policy" in client_in.get("/api/departments")


SECURE_CHECK = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
django.setup()
from django.conf import settings
from django.test import Client
plain = Client().get("/login/")
tls = Client().get("/login/", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "redirect": plain.status_code, "location": plain.get("Location", ""),
    "status": tls.status_code, "hsts": tls.get("Strict-Transport-Security", ""),
    "csrf_cookie_secure": bool(tls.cookies["csrftoken"]["secure"]),
    "session_secure": settings.SESSION_COOKIE_SECURE,
}))
"""


def _settings_in_subprocess(tmp_path: Path, **env: str) -> dict[str, object]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env, JIXIAO_DATA_DIR=str(tmp_path), JIXIAO_ALLOWED_HOSTS="testserver")
    result = subprocess.run(
        [sys.executable, "-c", SECURE_CHECK],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.ignores_database_url
def test_jixiao_secure_sets_secure_cookies_hsts_and_the_proxy_header(tmp_path: Path) -> None:
    found = _settings_in_subprocess(tmp_path, JIXIAO_SECURE="1")
    assert found["redirect"] == 301 and found["location"] == "https://testserver/login/"
    assert found["status"] == 200
    assert found["hsts"] == "max-age=31536000"
    assert found["csrf_cookie_secure"] is True and found["session_secure"] is True


@pytest.mark.ignores_database_url
def test_without_jixiao_secure_plain_http_is_served(tmp_path: Path) -> None:
    found = _settings_in_subprocess(tmp_path)
    assert found["redirect"] == 200 and found["hsts"] == ""
    assert found["csrf_cookie_secure"] is False

"""Accounts (账户): API tokens and a user's membership (role and department)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.models.records import (
    Department,
)


class ApiToken(models.Model):
    """A bearer token for scripts (``POST /api/auth/token``); only its SHA-256 is stored.

    It works until ``expires_at``, until revoked (deleted), and only while the user's password is
    the one it was issued under (``password_stamp``: Django's session hash of the password).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField()
    password_stamp = models.CharField(max_length=128)

    class Meta:
        ordering = ["-created_at"]


class Membership(models.Model):
    """角色与单位: a user's role (:class:`jixiao.domain.workflow.Role`) and department.

    Read only by :mod:`jixiao.web.permissions`; a signed-in user without one has no role (sees
    nothing) unless a superuser (an administrator).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="membership", on_delete=models.CASCADE
    )
    role = models.CharField(max_length=30)
    department = models.ForeignKey(
        Department, null=True, blank=True, related_name="members", on_delete=models.PROTECT
    )

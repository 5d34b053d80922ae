"""Saved versions of review profiles (审核口径版本), edited on the profile page.

A version holds a whole profile as TOML (:func:`jixiao.domain.review.profile_text.to_toml`) and
is never changed: saving makes the next number. The newest version of a profile is the one the
review uses (:mod:`jixiao.web.engines`); without a saved version the shipped file is used.
``digest`` is the hash the review stamps on stored results, so a result names its version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ProfileVersion(models.Model):
    """One saved version of the review profile ``name``: its TOML text, who saved it and why."""

    name = models.CharField(max_length=100)
    number = models.PositiveIntegerField()
    text = models.TextField()
    digest = models.CharField(max_length=64, db_index=True)  # SHA-256 as engines.stamp hashes
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        app_label = "jixiao"
        ordering = ["name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["name", "number"], name="profile_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.name} 第{self.number}版"


def current(name: str) -> ProfileVersion | None:
    """The newest saved version of ``name`` (None: the shipped file is in force)."""
    return ProfileVersion.objects.filter(name=name).order_by("-number").first()

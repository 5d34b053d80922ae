from __future__ import annotations

from django.apps import AppConfig


class PublicConfig(AppConfig):
    """信息公开: its templates and stylesheet; the rows it reads belong to :mod:`jixiao.web`."""

    name = "jixiao.public"
    label = "public"
    verbose_name = "信息公开"

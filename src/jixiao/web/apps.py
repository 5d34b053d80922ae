from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    """The one Django app of jixiao: its models are the stored domain objects."""

    name = "jixiao.web"
    label = "jixiao"
    verbose_name = "jixiao 绩效"

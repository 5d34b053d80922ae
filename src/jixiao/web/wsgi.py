"""WSGI entry point (``jixiao serve`` runs it under waitress); the process is warmed up
(:mod:`jixiao.web.warm`) before it serves its first request."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
application = get_wsgi_application()

from jixiao.web import warm  # noqa: E402  (needs the settings configured above)

warm.up()

"""WSGI entry point (``jixiao serve`` runs it under waitress); the process is warmed up
(:mod:`jixiao.web.warm`) before it serves its first request.

What the process holds then (Django, the views, the compiled templates: ≈ 160,000 objects) lives
as long as it, so it is frozen out of the garbage collector's scans (:func:`gc.freeze`): a full
collection, which the pages' garbage sets off every few dozen requests, scanned them all each time
(≈ 100 ms of CPU in the request it fell on, the self-evaluation page's p95 at 50,000 tables;
≈ 15 ms without them, docs/province-scale.md, branch ``pages21``)."""

from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
application = get_wsgi_application()

from jixiao.web import warm  # noqa: E402  (needs the settings configured above)

warm.up()
gc.freeze()

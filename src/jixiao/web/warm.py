"""预热 (warm-up): what a web process's first request would otherwise pay, done before it serves.

A fresh process imports every view module when it first resolves a URL, loads the translation
catalogues when it first activates a language, and compiles each template the first time a page
renders it (Django's cached loader then keeps it). The first request of each kind used to take
60–250 ms longer than the next; ``jixiao serve`` calls :func:`up` in every web process before it
accepts a connection, so no user waits for it. The sandbox's server of reader workers
(:func:`jixiao.ingest.sandbox.start`, ≈ 1 s) starts meanwhile, for the first upload.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation

from jixiao.ingest import sandbox

__all__ = ["up"]

_PACKAGE = Path(__file__).resolve().parents[1]  # src/jixiao


def up() -> int:
    """Start the sandbox's server, import the views, load the catalogues, compile jixiao's
    templates; the templates compiled."""
    sandbox.start()  # in its own process, while the rest is done here
    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    with translation.override(settings.LANGUAGE_CODE):
        translation.gettext("登录")
    return sum(_compile(directory) for directory in _template_dirs())


def _template_dirs() -> list[Path]:
    """The template directories of jixiao's own apps (not those of the libraries)."""
    return [Path(d) for d in get_app_template_dirs("templates") if Path(d).is_relative_to(_PACKAGE)]


def _compile(directory: Path) -> int:
    engine = engines["django"]
    names = sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*.html"))
    for name in names:
        engine.get_template(name)
    return len(names)

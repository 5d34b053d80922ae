"""预热 (warm-up): a web process compiles every template of jixiao and imports its views before
its first request (jixiao.web.warm, called by jixiao.web.wsgi)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import engines
from django.template.loaders.cached import Loader

from jixiao.web import warm

#: the same whatever DATABASE_URL names: CI's PostgreSQL pass leaves it to make test
pytestmark = pytest.mark.ignores_database_url

PACKAGE = Path(warm.__file__).resolve().parents[1]


def _templates() -> set[str]:
    """Every template file of jixiao's apps, by the name a view renders it by."""
    return {
        path.relative_to(directory).as_posix()
        for directory in PACKAGE.glob("*/templates")
        for path in directory.rglob("*.html")
    }


def _cached_names() -> set[str]:
    (loader,) = engines["django"].engine.template_loaders  # type: ignore[attr-defined]
    assert isinstance(loader, Loader)
    return {str(key) for key in loader.get_template_cache}


def test_every_template_is_compiled() -> None:
    (loader,) = engines["django"].engine.template_loaders  # type: ignore[attr-defined]
    loader.reset()
    assert _cached_names() == set()
    templates = _templates()
    assert len(templates) > 50
    assert warm.up() == len(templates)
    assert templates <= _cached_names()


def test_the_wsgi_application_is_warm_when_imported(tmp_path: Path) -> None:
    code = (
        "import sys, jixiao.web.wsgi\n"
        "from django.template import engines\n"
        "(loader,) = engines['django'].engine.template_loaders\n"
        "print(len(loader.get_template_cache), 'jixiao.web.views.lists' in sys.modules)\n"
        "import gc; print(gc.get_freeze_count())\n"
        "from multiprocessing import forkserver\n"
        "print(forkserver._forkserver._forkserver_pid is not None)\n"  # the readers' server
    )
    env = {**os.environ, "JIXIAO_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    count, imported, frozen, started = done.stdout.split()
    assert int(count) >= len(_templates())
    assert imported == started == "True"
    assert int(frozen) > 100_000  # what the warm-up made, out of the collector's scans

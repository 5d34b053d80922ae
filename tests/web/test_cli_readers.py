"""The ``jixiao`` script's sandbox reader processes do not run the script (the whole command line)
again for every file they read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.demo import seed_paths

#: the same whatever DATABASE_URL names: CI's PostgreSQL pass leaves it to make test
pytestmark = pytest.mark.ignores_database_url


def test_files_read_by_the_jixiao_script_do_not_import_the_command_line_again(
    tmp_path: Path,
) -> None:
    hidden = {"DATABASE_URL", "JIXIAO_DEMO"}
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env.update(JIXIAO_DATA_DIR=str(tmp_path), JIXIAO_DEMO="0", PYTHONPROFILEIMPORTTIME="1")
    script = Path(sys.executable).parent / "jixiao"
    files = [str(p) for p in seed_paths()]
    done = subprocess.run(
        [str(script), "import", "--dry-run", *files], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "would import: 4 个文件" in done.stdout
    imports = [line for line in done.stderr.splitlines() if line.endswith("| jixiao.cli")]
    assert len(imports) == 1  # the script's own; none in the four reader processes

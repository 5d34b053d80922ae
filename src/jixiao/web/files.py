"""Files the server writes (database, secret key, stashed uploads): its own user's only."""

from __future__ import annotations

import os
from pathlib import Path


def private_file(path: Path) -> Path:
    """``path``, created empty if missing, readable and writable by its owner only (0600)."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)
    return path

"""Make the review tests' document builders (review_builders.py) importable in any import mode."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

"""Demo data: the Tianjin seed documents shipped with the package (used by ``jixiao serve``)."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "seeds"


def seed_paths() -> list[Path]:
    """The seed documents, in file-name order."""
    return sorted(SEEDS.glob("*.txt"))

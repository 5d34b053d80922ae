from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.demo import SEEDS
from jixiao.domain.model import SelfEvaluation, TargetTable
from jixiao.ingest import read_path

SEED_000 = SEEDS / "000_c59c10b86de5a10a.txt"
SEED_001 = SEEDS / "001_eb7a6641e668a5f6.txt"
SEED_003 = SEEDS / "003_88a8ef7fc06e4953.txt"
SEED_004 = SEEDS / "004_5a0f60c6186e32fd.txt"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def tables_000() -> list[TargetTable]:
    return [d for d in read_path(SEED_000) if isinstance(d, TargetTable)]


@pytest.fixture(scope="session")
def tables_003() -> list[TargetTable]:
    return [d for d in read_path(SEED_003) if isinstance(d, TargetTable)]


@pytest.fixture(scope="session")
def tables_004() -> list[TargetTable]:
    return [d for d in read_path(SEED_004) if isinstance(d, TargetTable)]


@pytest.fixture(scope="session")
def self_evaluation() -> SelfEvaluation:
    (document,) = read_path(SEED_001)
    assert isinstance(document, SelfEvaluation)
    return document

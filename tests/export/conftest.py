"""Documents to export: every seed and every office fixture, read by jixiao's own readers."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.demo import SEEDS
from jixiao.domain.model import (
    Department,
    Document,
    MonitoringBudget,
    MonitoringIndicator,
    MonitoringReport,
    Project,
    Source,
)
from jixiao.domain.targets import parse_target
from jixiao.ingest import read_path

OFFICE = Path(__file__).parent.parent / "data" / "office"
UNREADABLE = {"encrypted.xlsx"}  # password-protected: no documents to export
SOURCES = [
    *sorted(SEEDS.glob("*.txt")),
    *(p for p in sorted(OFFICE.iterdir()) if p.name not in UNREADABLE),
]
ARTIFACTS = Path(os.environ.get("JIXIAO_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts"))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave files for people to look at (PDF pages as PNG): test-artifacts/export."""
    folder = ARTIFACTS / "export"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def sources() -> dict[str, list[Document]]:
    return {path.name: read_path(path) for path in SOURCES}


def monitoring_report() -> MonitoringReport:
    where = Source(file="built in code")
    return MonitoringReport(
        id="0" * 64 + "#0",
        title="2025年项目支出绩效目标执行监控表",
        year=2025,
        month=7,
        department=Department(code="362101", name="天津市生态环境局"),
        project=Project(name="大气监测运维"),
        budget=MonitoringBudget(
            annual=Decimal("1200.50"), executed=Decimal("420"), forecast=Decimal("1180")
        ),
        goals=("完成监测点位运维", "数据有效率不低于90%"),
        indicators=(
            MonitoringIndicator(
                level1="产出指标", level2="数量指标", level3="运维点位",
                target=parse_target("≥30个"), progress=parse_target("18个"),
                forecast=parse_target("30个"), likelihood="确定能", source=where,
            ),
            MonitoringIndicator(
                level1="产出指标", level2="质量指标", level3="数据有效率",
                target=parse_target("≥90%"), progress=parse_target("88%"),
                likelihood="有可能", reasons=("经费保障", "其他"), note="设备老化", measures="更换设备",
                source=where,
            ),
        ),
        source=where,
    )  # fmt: skip

"""A reader plugged into the registry by a test, in a module the sandbox's worker can import."""

from __future__ import annotations


class MonitoringReader:
    """A reader plugged into the registry that yields a 绩效运行监控 report."""

    name = "test monitoring"

    def sniff(self, name: str, head: bytes) -> bool:
        return head.startswith(b"MONITORING")

    def read(self, name: str, data: bytes) -> list:
        from jixiao.domain.model import Department, MonitoringBudget, MonitoringReport, Source

        report = MonitoringReport(
            title="监控表", month=7, department=Department(name="单位"),
            budget=MonitoringBudget(), indicators=(), source=Source(file=name, line=1),
        )  # fmt: skip
        return [report]

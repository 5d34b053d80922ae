"""What every office reader shares: the documents of a report, or a ReadError saying why none."""

from __future__ import annotations

from jixiao.domain.model import Document
from jixiao.ingest.errors import ReadError
from jixiao.ingest.report import FileReport


def documents(report: FileReport) -> list[Document]:
    """The documents of ``report``; ReadError naming what was found instead when there are none."""
    if report.documents:
        return list(report.documents)
    reasons = [f"{s.where}: {s.reason}" for s in report.skipped[:3]]
    found = "; ".join(reasons) or "the file has no tables"
    raise ReadError(report.file, f"no supported performance table ({found})")

"""What every office reader shares: the documents of a report, or a ReadError saying why none."""

from __future__ import annotations

from jixiao.domain.model import Document
from jixiao.ingest.errors import ReadError
from jixiao.ingest.report import FileReport

_SHOWN = 10  # skipped tables named in the error


def documents(report: FileReport) -> list[Document]:
    """The documents of ``report``; ReadError naming each table found instead (up to ten) and why
    it was skipped, when there are none."""
    if report.documents:
        return list(report.documents)
    reasons = [f"{s.where} 「{s.text[:20]}」: {s.reason}" for s in report.skipped[:_SHOWN]]
    if len(report.skipped) > _SHOWN:
        reasons.append(f"and {len(report.skipped) - _SHOWN} more")
    found = "; ".join(reasons) or "the file has no tables"
    raise ReadError(report.file, f"no supported performance table ({found})")

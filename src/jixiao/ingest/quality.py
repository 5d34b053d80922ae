"""Reader quality over a corpus: per file documents, indicators, skipped cells by reason; totals.

``jixiao parse --report DIR`` prints it, so that users (and we) can measure how much of a folder
of published files the readers take in, in one command.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from jixiao.domain.model import Document
from jixiao.ingest.report import FileReport

#: the reason of a cell inside a recognised table that no field of the model holds
NOT_IN_MODEL = "not in any field of the model"


@dataclass
class FileQuality:
    """What was read from one file (``error`` set when it could not be read)."""

    file: str
    documents: int = 0
    indicators: int = 0
    tables: int = 0
    used: int = 0  # cells read into a field
    skipped: Counter[str] = field(default_factory=Counter)  # cells skipped, by reason
    skipped_tables: Counter[str] = field(default_factory=Counter)  # whole tables, by reason
    error: str | None = None

    def line(self) -> str:
        if self.error is not None:
            return f"{self.file}: unreadable — {self.error}"
        text = (
            f"{self.file}: {self.documents} document(s), {self.indicators} indicator(s), "
            f"{self.tables} table(s) read, {self.used} cell(s) read, "
            f"{sum(self.skipped.values())} skipped"
        )
        reasons = [f"    {count} × {reason}" for reason, count in self.skipped.most_common()]
        reasons += [
            f"    {count} table(s) × {reason}"
            for reason, count in self.skipped_tables.most_common()
        ]
        return "\n".join([text, *reasons])


def of_report(report: FileReport) -> FileQuality:
    quality = FileQuality(report.file, tables=sum(t.supported for t in report.tables))
    _count(quality, report.documents)
    quality.used = len(report.used)
    for skipped in report.skipped:
        counter = quality.skipped_tables if ".." in skipped.where else quality.skipped
        counter[_general(skipped.reason)] += 1
    return quality


def of_documents(name: str, documents: list[Document]) -> FileQuality:
    """A file whose reader gives no report (the seed text readers): documents and indicators."""
    quality = FileQuality(name)
    _count(quality, documents)
    return quality


def _count(quality: FileQuality, documents: list[Document]) -> None:
    quality.documents = len(documents)
    quality.indicators = sum(len(d.indicators) for d in documents)


def _general(reason: str) -> str:
    """Reasons that name a cell's label (「…」) are counted together."""
    return reason.split("「")[0].rstrip(" (") + (" 「…」" if "「" in reason else "")


def totals(files: list[FileQuality]) -> str:
    """The summary lines of a corpus."""
    skipped: Counter[str] = Counter()
    tables: Counter[str] = Counter()
    for quality in files:
        skipped.update(quality.skipped)
        tables.update(quality.skipped_tables)
    used = sum(q.used for q in files)
    cells = used + sum(skipped.values())
    share = f"{skipped[NOT_IN_MODEL] / cells:.1%}" if cells else "—"
    unreadable = sum(q.error is not None for q in files)
    lines = [
        f"total: {len(files)} file(s), {unreadable} unreadable, "
        f"{sum(q.documents for q in files)} document(s), "
        f"{sum(q.indicators for q in files)} indicator(s)",
        f"cells: {used} read, {sum(skipped.values())} skipped; "
        f"{skipped[NOT_IN_MODEL]} ({share}) {NOT_IN_MODEL}",
    ]
    lines += [f"    {count} × {reason}" for reason, count in skipped.most_common()]
    lines += [f"    {count} table(s) × {reason}" for reason, count in tables.most_common()]
    return "\n".join(lines)

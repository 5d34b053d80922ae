"""The compact summary of one file in the import preview (导入预览摘要): its sheets or pages, the
tables found with their sheet and project name, indicators, findings by severity and skipped
cells by reason, so that a workbook of 300 tables reads as well as one of a single table."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jixiao.ingest.layout import KINDS
from jixiao.ingest.report import FileReport, TableReport
from jixiao.web.read_errors import message

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Table:
    """A recognised table: its sheet (or page), the range inside it, kind, title, rows."""

    sheet: str
    where: str
    kind: str
    title: str
    rows: int
    supported: bool


@dataclass(frozen=True)
class Summary:
    sheets: list[str]
    tables: list[Table]
    indicators: int
    findings: list[tuple[str, int]]  # severity → how many, in SEVERITIES order
    skipped: list[tuple[str, int]]  # reason (in the interface language) → how many cells


def kind_label(kind: str) -> str:
    """The Chinese name of a table kind (项目支出绩效目标表), without the readers' notes."""
    return KINDS.get(kind, kind).split(" (")[0]


def _table(report: TableReport) -> Table:
    """``汇总!A1..汇总!H7`` → sheet 汇总, range A1..H7 (a page or text line stays whole)."""
    ends = [end.rpartition("!") for end in report.where.split("..")]
    sheet = ends[0][0]
    return Table(
        sheet=sheet or report.where,
        where="..".join(end for _, _, end in ends) if sheet else "",
        kind=kind_label(report.kind),
        title=report.title,
        rows=report.rows,
        supported=report.supported,
    )


def _kind_of(reason: str) -> str:
    """Reasons that name a cell's label (「金额」 is not a number) are counted together."""
    return re.sub(r"「[^」]*」", "「…」", reason)


def by_severity(findings: list[list[Any]]) -> list[tuple[str, int]]:
    """How many findings of each severity (errors first), leaving out the severities with none."""
    severities = Counter(f.severity for per in findings for f in per)
    return [(s, severities[s]) for s in SEVERITIES if severities[s]]


def summarise(
    report: FileReport | None, documents: Sequence[Any], findings: list[list[Any]]
) -> Summary:
    """The summary of one file (``report`` is None for readers that do not describe tables)."""
    tables = [_table(t) for t in report.tables] if report else []
    reasons = Counter(_kind_of(s.reason) for s in report.skipped) if report else Counter()
    return Summary(
        sheets=list(dict.fromkeys(t.sheet for t in tables)),
        tables=tables,
        indicators=sum(len(d.indicators) for d in documents),
        findings=by_severity(findings),
        skipped=[(message(r), n) for r, n in reasons.most_common()],
    )

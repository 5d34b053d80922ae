"""Review reports out: the review of each project as an .xlsx report or Word 审核意见书.

The twin of the document writers (:data:`jixiao.export.WRITERS`) for
:class:`~jixiao.domain.review.report.ProjectReview` objects: writers register in :data:`REPORTS`
under their format name and callers use :func:`write_report`. ``xlsx`` is one row per project with
its numbered opinions per category; ``docx`` one 审核意见书 per project, each on its own pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.domain.review.report import ProjectReview
from jixiao.export.review import docx_, xlsx
from jixiao.export.writer import Writer, pick

__all__ = ["REPORTS", "write_report"]

REPORTS: dict[str, Writer[ProjectReview]] = {w.name: w for w in (xlsx.WRITER, docx_.WRITER)}


def write_report(reviews: Sequence[ProjectReview], format: str) -> bytes:
    """The review report of ``reviews`` in ``format`` (``xlsx`` or ``docx``); ValueError if not."""
    return pick(REPORTS, format, "review report").write(reviews)

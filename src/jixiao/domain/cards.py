"""文档卡片 (a document's card): what an import plans, counts and checks of a document without
the document itself.

The import (:mod:`jixiao.web.importing`, :func:`jixiao.web.actions.import_batch`) plans each
document as a version of its record (its :class:`~jixiao.domain.records.RecordKey`, its
department, its kind), counts its indicators, refuses a monitoring report (naming its line),
checks the user may import for its department (naming its title and source) and picks the batch's
review profile (what its template or region calls for, :func:`detect_profile`). A :class:`Card`
holds these for one document, made by :func:`card` where the document is read — the sandbox's
reader worker (:mod:`jixiao.ingest.answers`) — so that the importing process makes the document
model itself only where a page shows it or a plan compares it with another version.
"""

from __future__ import annotations

from typing import NamedTuple

from jixiao.domain.model import Department, Document
from jixiao.domain.records import RecordKey, record_key
from jixiao.domain.review.detect import detect_profile

__all__ = ["Card", "card"]


class Card(NamedTuple):
    """What the import reads of one document (see the module)."""

    kind: str  # the document's kind: target_table, self_evaluation or monitoring
    department: Department
    key: RecordKey
    title: str
    source: str  # where the file has it (file, table, cell), as its findings name it
    line: int | None
    indicators: int  # how many indicator rows it has
    profile: str | None  # the review profile its template or region calls for


def card(document: Document) -> Card:
    """The :class:`Card` of ``document``."""
    return Card(
        document.kind,
        document.department,
        record_key(document),
        document.title,
        str(document.source),
        document.source.line,
        len(document.indicators),
        detect_profile(document),
    )

"""Which document a finding is about (文档标识) and the name a reviewer reads it by (标签).

A finding names its document by a key, never by its title: tables of one workbook often share a
title (one sheet per project, side-by-side sets). The key is the document's identity
(:attr:`~jixiao.domain.model.TargetTable.id`, file SHA-256 # position); a document built in code
has none and gets ``#<position in the reviewed list>`` instead, as does a repeated identity (the
same file given twice). Titles are labels only: :func:`label` adds the project and the sheet, page
or line so that a reader can tell the tables apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from jixiao.domain.disclosure import Disclosure
from jixiao.domain.model import Document, SelfEvaluation, Source, TargetTable


class Identified(Protocol):
    """A document, or what is read of one (its digest, :mod:`jixiao.domain.review.digest`)."""

    @property
    def id(self) -> str | None: ...


def document_keys(documents: Sequence[Identified]) -> list[str]:
    """The key of each document (given as itself or its digest): its identity, or
    ``#<position>`` without one or when repeated."""
    keys: list[str] = []
    seen: set[str] = set()
    for position, document in enumerate(documents):
        key = document.id if document.id and document.id not in seen else f"#{position}"
        seen.add(key)
        keys.append(key)
    return keys


def subject(document: Document | Disclosure) -> str:
    """What the document is about: the table title (with the project when the title omits it),
    or for a self-evaluation, monitoring report or disclosure the project or unit, title and year."""
    if isinstance(document, TargetTable):
        project = document.project.name.strip()
        if project and project not in document.title:
            return f"{document.title}：{project}" if document.title else project
        return document.title
    year = (
        f"（{document.year}年度）" if isinstance(document, SelfEvaluation) and document.year else ""
    )
    name = document.project.name if document.project else document.department.name
    return f"{name}{document.title}{year}"


def place(source: Source) -> str:
    """Where in its file a document starts: the cell (sheet!A1, table/page …) or the line."""
    if source.cell:
        return source.cell
    return f"第{source.line}行" if source.line is not None else ""


def label(document: Document | Disclosure) -> str:
    """The name a reviewer knows a document by: its subject and where it is in its file."""
    where = place(document.source)
    return f"{subject(document)}（{where}）" if where else subject(document)

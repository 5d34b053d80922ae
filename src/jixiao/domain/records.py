"""Record keys (记录标识): which stored record a document is a version of.

A project's target table is identified by its department, budget year and normalised project
name, so a corrected table re-imported from another file becomes version 2 of the same project,
never a second project. A department is identified by its budget code when it has one, and by
its normalised name otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from jixiao.domain.model import Department, Document

__all__ = ["RecordKey", "department_key", "normalise_name", "record_key", "yearless"]

_SPACE = re.compile(r"\s+")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")


def normalise_name(text: str) -> str:
    """A name as compared: NFKC (full-width → half-width), no white space, lower case.

    ``'大气污染防治（专项） '`` and ``'大气污染防治(专项)'`` are the same name.
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


def department_key(department: Department) -> str:
    """``code:362101`` when the department has a budget code, else ``name:<normalised name>``."""
    return _department_key(department.code or "", department.name)


@lru_cache(maxsize=4096)
def _department_key(code: str, name: str) -> str:
    """:func:`department_key` of a code and name, kept: an import asks ≈ 10 times a document,
    of a few hundred departments."""
    code = normalise_name(code)
    return f"code:{code}" if code else f"name:{normalise_name(name)}"


@dataclass(frozen=True)
class RecordKey:
    """What makes two documents versions of one record (项目 or 自评): kind, scope, unit, year, name."""

    kind: Literal["target_table", "self_evaluation", "monitoring"]
    scope: Literal["department", "project"]
    department: str  # department_key
    year: int | None
    name: str  # normalised project name ('' for a department's overall document)


def record_key(document: Document) -> RecordKey:
    """The record ``document`` is a version of."""
    project = document.project.name if document.project else ""
    return RecordKey(
        kind=document.kind,
        scope=document.scope,
        department=department_key(document.department),
        year=document.year,
        name=normalise_name(project),
    )


def yearless(key_name: str) -> str:
    """A record key's name without its leading budget year: the same project across years.

    ``2025年度辐射安全核查`` (2025) and ``2026年度辐射安全核查`` (2026) are one project.
    """
    return _LEADING_YEAR.sub("", key_name)

"""A budget or final-accounts disclosure report (部门预算/决算公开说明) as text, for its
预算绩效管理情况 paragraph (:func:`jixiao.domain.disclosure.read_disclosure`).

Plain text (UTF-8 or GB18030, as the text reader decodes it) or a Word .docx (its paragraphs in
order). A report without the paragraph is a ReadError naming the file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import OpcError

from jixiao.domain.disclosure import Disclosure, read_disclosure
from jixiao.ingest.errors import ReadError
from jixiao.ingest.text import decode


def read_disclosure_path(path: Path) -> Disclosure:
    """The 预算绩效管理情况 of the report at ``path``; ReadError when unreadable or absent."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path.name, f"无法读取文件（{exc.strerror or exc}）") from exc
    text = _text(path.name, data)
    found = read_disclosure(text, path.name)
    if found is None:
        raise ReadError(path.name, "没有找到“预算绩效管理情况”说明")
    return found


def _text(name: str, data: bytes) -> str:
    if not name.lower().endswith(".docx"):
        return decode(name, data)
    try:
        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReadError(name, f"不是可读取的 Word 文档（{type(exc).__name__}）") from exc

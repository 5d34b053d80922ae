"""Which review profile (审核口径) a document calls for: by its template, then by its region.

``detect_profile(document)`` is a pure function of the document: it returns the name of a shipped
profile (``shenzhen``, ``tianjin``, ``central``) or None when nothing in the document says, in
which case the caller keeps its default. The signals, strongest first:

1. the template: Shenzhen's form is the 二级项目支出绩效目标申报表 (title) and has the level 2
   其他满意度; a 中央部门 title is the central form;
2. the region named in the department, title or project: 深圳 or one of its districts (福田区 …),
   天津; a department named 中华人民共和国… is central.

Department codes are not used: each region numbers its budget units in its own system, so a code
prefix says nothing about the region. The caller (the profile picker) may let the user override.
"""

from __future__ import annotations

from jixiao.domain import levels
from jixiao.domain.model import Document

_SHENZHEN_DISTRICTS = (
    "福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区",
    "大鹏新区", "深汕特别合作区", "前海",
)  # fmt: skip
_SHENZHEN_LEVEL2 = frozenset({"其他满意度", "其他满意度指标"})


def _texts(document: Document) -> str:
    project = document.project.name if document.project else ""
    return " ".join((document.department.name, document.title, project))


def _by_template(document: Document) -> str | None:
    title = "".join(document.title.split())
    if "二级项目" in title and "申报表" in title:
        return "shenzhen"
    if any(levels.canonical(row.level2) in _SHENZHEN_LEVEL2 for row in document.indicators):
        return "shenzhen"
    if "中央部门" in title:
        return "central"
    return None


def _by_region(document: Document) -> str | None:
    text = _texts(document)
    if "深圳" in text or any(district in text for district in _SHENZHEN_DISTRICTS):
        return "shenzhen"
    if "天津" in text:
        return "tianjin"
    if document.department.name.startswith("中华人民共和国"):
        return "central"
    return None


def detect_profile(document: Document) -> str | None:
    """The review profile the document's template or region calls for, or None if it does not say."""
    return _by_template(document) or _by_region(document)

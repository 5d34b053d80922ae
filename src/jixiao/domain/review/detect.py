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

from collections.abc import Iterable

from jixiao.domain import levels
from jixiao.domain.model import Document

_SHENZHEN_DISTRICTS = (
    "福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区",
    "大鹏新区", "深汕特别合作区", "前海",
)  # fmt: skip
_SHENZHEN_LEVEL2 = frozenset({"其他满意度", "其他满意度指标"})


def _by_template(title: str, level2s: Iterable[str]) -> str | None:
    title = "".join(title.split())
    if "二级项目" in title and "申报表" in title:
        return "shenzhen"
    if any(levels.canonical(level2) in _SHENZHEN_LEVEL2 for level2 in level2s):
        return "shenzhen"
    if "中央部门" in title:
        return "central"
    return None


def _by_region(title: str, department: str, project: str) -> str | None:
    text = " ".join((department, title, project))
    if "深圳" in text or any(district in text for district in _SHENZHEN_DISTRICTS):
        return "shenzhen"
    if "天津" in text:
        return "tianjin"
    if department.startswith("中华人民共和国"):
        return "central"
    return None


def detect_profile(document: Document) -> str | None:
    """The review profile the document's template or region calls for, or None if it does not say."""
    return detect_profile_of(
        document.title,
        document.department.name,
        document.project.name if document.project else "",
        [row.level2 for row in document.indicators],
    )


def detect_profile_of(
    title: str, department: str, project: str, level2s: Iterable[str]
) -> str | None:
    """:func:`detect_profile` of a document given by what it looks at: the title, the department's
    name, the project's name ("" for none) and the 二级指标 of the indicator rows (a caller that
    keeps these apart from the document need not read the whole document)."""
    return _by_template(title, level2s) or _by_region(title, department, project)

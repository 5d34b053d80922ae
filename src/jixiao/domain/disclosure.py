"""预算绩效管理情况 (performance paragraph of a budget or final-accounts disclosure).

A department's 部门预算 / 部门决算 disclosure states in prose how many projects carry 绩效目标 and
with how much money (预算), and how many projects were self-evaluated and with what grades
(决算): “实行绩效目标管理的项目22个，涉及一般公共预算当年财政拨款5,678.90万元”, “共涉及项目20个
… 优15个、良4个、合格1个、不合格0个”. :func:`read_disclosure` finds the paragraph in a report's
text and reads these figures (and the report's 项目支出 total) into a :class:`Disclosure`, which the
review's DIS rules check. Amounts are Decimal in 万元 (元 figures divided by 10000).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from jixiao.domain.model import Department, Record, Source

_HEADING = re.compile(r"(?:预算)?绩效管理(?:工作)?情况(?:说明)?|绩效目标(?:设置|管理)情况")
_DEPARTMENT = re.compile(r"^\s*(\d{6,})\s*[-－—]?\s*(\D\S*)\s*$", re.MULTILINE)  # 362101天津市…
_YEAR = re.compile(r"(20\d\d)\s*年")
_NUMBER = r"(\d[\d,，]*(?:\.\d+)?)"
_MONEY = _NUMBER + r"\s*(万元|元)"
_TARGETS = re.compile(r"绩效目标管理的?(?:项目)?[^。；]{0,12}?(\d+)\s*个[^。；]{0,40}?" + _MONEY)
_SPENDING = re.compile(r"项目支出(?:预算|决算)?(?:数|合计|为)?\s*" + _MONEY)
#: the number of self-evaluated projects: a “共…N个” total first (一级/二级 counts may precede it)
_EVALUATED = (
    re.compile(r"绩效自评[^。]{0,80}?(?:共|合计)(?:涉及|计)?(?:项目)?\s*(\d+)\s*个"),
    re.compile(r"绩效自评[^。]{0,80}?(?:涉及|覆盖)?(?:项目)?\s*(\d+)\s*个"),
)
#: the self-evaluation grades (优/良/合格 or 中/不合格 or 差) and the number of projects of each
_GRADES = (
    re.compile(r"(?P<grade>优)秀?(?:等级|等次)?(?:的项目)?\s*(\d+)\s*个"),
    re.compile(r"(?P<grade>良)好?(?:等级|等次)?(?:的项目)?\s*(\d+)\s*个"),
    re.compile(r"(?P<grade>(?<!不)合格|中)(?:等级|等次)?(?:的项目)?\s*(\d+)\s*个"),
    re.compile(r"(?P<grade>不合格|差)(?:等级|等次)?(?:的项目)?\s*(\d+)\s*个"),
)
_PARAGRAPH = 600  # characters read after the heading: the paragraph and its sub-points


class Disclosure(Record):
    """The 预算绩效管理情况 of one disclosure report, with the report's 项目支出 total."""

    kind: Literal["disclosure"] = "disclosure"
    id: str | None = None
    title: str  # the paragraph heading as written
    year: int | None = None
    department: Department
    project: None = None  # a disclosure is about the department, never one project
    text: str  # the paragraph as read
    target_projects: int | None = None  # 实行绩效目标管理的项目 N 个
    target_funds: Decimal | None = None  # … 涉及资金 (万元)
    project_spending: Decimal | None = None  # 项目支出 of the report (万元)
    evaluated: int | None = None  # 开展绩效自评的项目 N 个
    #: (grade as written: 优, 良, 合格 or 中, 不合格 or 差; number of projects), in that order
    grades: tuple[tuple[str, int], ...] = ()
    source: Source


def read_disclosure(text: str, file: str) -> Disclosure | None:
    """The 预算绩效管理情况 paragraph of a report's ``text``, or None when it has none.

    The department is the first “362101天津市生态环境局” line before the paragraph (blank if none).
    """
    heading = _HEADING.search(text)
    if heading is None:
        return None
    paragraph = " ".join(text[heading.start() : heading.end() + _PARAGRAPH].split())
    before = text[: heading.start()]
    year = _YEAR.search(paragraph) or _YEAR.search(text)
    targets = _TARGETS.search(paragraph)
    evaluated = _EVALUATED[0].search(paragraph) or _EVALUATED[1].search(paragraph)
    spending = _SPENDING.search(before) or _SPENDING.search(paragraph[heading.end() :])
    return Disclosure(
        title=heading.group(0),
        year=int(year.group(1)) if year else None,
        department=_department(before),
        text=paragraph,
        target_projects=int(targets.group(1)) if targets else None,
        target_funds=_wan(targets.group(2), targets.group(3)) if targets else None,
        project_spending=_wan(spending.group(1), spending.group(2)) if spending else None,
        evaluated=int(evaluated.group(1)) if evaluated else None,
        grades=tuple((m["grade"], int(m.group(2))) for p in _GRADES if (m := p.search(paragraph))),
        source=Source(file=file, line=before.count("\n") + 1),
    )


def _department(text: str) -> Department:
    found = _DEPARTMENT.search(text)
    return Department(code=found.group(1), name=found.group(2)) if found else Department(name="")


def _wan(number: str, unit: str) -> Decimal:
    value = Decimal(number.replace(",", "").replace("，", ""))
    return value / 10000 if unit == "元" else value

"""预算年度 (budget year): read from a title or a form label, never from narrative text.

A table's budget year is stated in its title ("2025年度…项目绩效目标表", "…二级项目支出绩效目标
申报表（2025年）") or in a label of the form ("预算年度：2025", "2025年度"); a sentence such as
"年度目标：2024年完成社区工作站建设" names another year and must not decide it.
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_OF = re.compile(r"((?:19|20)\d{2})\s*年度")
_LABEL = re.compile(r"^(?:预算年度|年度|申报年度)[:：]?\s*((?:19|20)\d{2})\s*年?度?$")
_TITLE_END = re.compile(r"(?:表|情况|报告)[)）]?$|[(（]\s*(?:19|20)\d{2}\s*年度?\s*[)）]$")
_SENTENCE = re.compile(r"[，。；;,！!？?]")


def budget_year(text: str) -> int | None:
    """The budget year a title or form label states, or None (narrative text, or no year)."""
    compact = "".join(text.split())
    if not compact or len(compact) > 80 or _SENTENCE.search(compact):
        return None
    label = _LABEL.match(compact)
    if label:
        return int(label.group(1))
    stated = _YEAR_OF.search(compact)
    if stated and (stated.start() == 0 or _TITLE_END.search(compact)):
        return int(stated.group(1))
    title_year = _YEAR.search(compact)
    if title_year and _TITLE_END.search(compact):
        return int(title_year.group(1))
    return None

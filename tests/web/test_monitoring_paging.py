"""The monitoring overview at province scale: its project table is paged and the warnings list
only the first reports missing, counting the rest (a province approves tens of thousands)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from tests.web import test_monitoring
from tests.web.test_monitoring import approve_table

from jixiao.web.views import monitoring

pytestmark = pytest.mark.django_db
bureau, people = test_monitoring.bureau, test_monitoring.people  # the fixtures of that module


def test_the_overview_pages_projects_and_counts_the_missing(
    people, bureau, settings, monkeypatch
) -> None:
    editor = get_user_model().objects.get(username="unit_editor")
    for name in ("甲项目", "乙项目", "丙项目"):
        approve_table(bureau, editor, name)
    settings.JIXIAO_MONITORING_DEADLINE = "01-01"
    monkeypatch.setattr(monitoring, "PAGE_SIZE", 2)
    monkeypatch.setattr(monitoring, "MISSING_SHOWN", 1)
    reviewer = people["department_reviewer"]
    first = reviewer.get("/monitoring/?year=2025&sort=name").content.decode()
    second = reviewer.get("/monitoring/?year=2025&sort=name&page=2").content.decode()
    rows = [page.split('id="monitoring-list"')[1].split("</table>")[0] for page in (first, second)]
    assert [sum(name in table for name in ("甲项目", "乙项目", "丙项目")) for table in rows] == [
        2,
        1,
    ]
    assert "1 / 2" in first and "sort=name&page=2" in first
    warnings = first.split('id="warnings"')[1].split("</ul>")[0]
    assert warnings.count("截止日期前未提交监控表") == 2  # one listed, then the count of the rest
    assert "另有 2 个项目截止日期前未提交监控表" in warnings

"""Export → read back with jixiao's own readers → the same documents, per format.

Every format carries every field except the sources (file, line, cell of each element: the
exported file has its own) and, for .xlsx/.docx, the identity (文档标识: a new file is a new
source). JSON and CSV carry the identity too. Amounts compare as exact decimals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tests.export.conftest import SOURCES, monitoring_report

from jixiao.domain.model import Document
from jixiao.export import FORMATS, WRITERS, write
from jixiao.ingest import read_bytes

NOT_CARRIED = {"source", "goal_sources", "goals_cell"}
#: budget.problems: how the reader converted the amounts (元 → 万元), not a field of the table
OFFICE_NOT_CARRIED = NOT_CARRIED | {"id", "budget.problems"}
ROUND_TRIP = ("json", "csv", "xlsx", "docx")


def comparable(value: Any, dropped: set[str], path: str = "") -> Any:
    """A document dump without the fields a format cannot carry (a name anywhere, or a path
    such as ``budget.problems``)."""
    if isinstance(value, dict):
        return {
            k: comparable(v, dropped, f"{path}{k}.")
            for k, v in value.items()
            if k not in dropped and f"{path}{k}" not in dropped
        }
    if isinstance(value, list | tuple):
        return [comparable(v, dropped, path) for v in value]
    return value


def read_back(documents: list[Document], format: str) -> list[Document]:
    return read_bytes(f"export{WRITERS[format].suffix}", write(documents, format))


@pytest.mark.parametrize("format", ROUND_TRIP)
@pytest.mark.parametrize("name", [p.name for p in SOURCES])
def test_export_reads_back_into_the_same_documents(
    sources: dict[str, list[Document]], name: str, format: str
) -> None:
    documents = sources[name]
    dropped = NOT_CARRIED if format in ("json", "csv") else OFFICE_NOT_CARRIED
    back = read_back(documents, format)
    assert [comparable(d.model_dump(), dropped) for d in back] == [
        comparable(d.model_dump(), dropped) for d in documents
    ]


def test_amounts_come_back_as_the_same_decimals(sources: dict[str, list[Document]]) -> None:
    (evaluation,) = sources["001_eb7a6641e668a5f6.txt"]
    for format in ROUND_TRIP:
        (back,) = read_back([evaluation], format)
        assert back.budget.annual == Decimal("112213.87")
        assert back.budget.rate == Decimal("86.1")
        assert back.total == Decimal("98.6")


@pytest.mark.parametrize("format", ["json", "csv"])
def test_monitoring_reports_round_trip_in_json_and_csv(format: str) -> None:
    report = monitoring_report()
    (back,) = read_back([report], format)
    assert comparable(back.model_dump(), NOT_CARRIED) == comparable(
        report.model_dump(), NOT_CARRIED
    )


@pytest.mark.parametrize("format", ["xlsx", "docx"])
def test_monitoring_reports_are_drawn_in_office_formats_and_read_back(format: str) -> None:
    report = monitoring_report()
    data = write([report], format)
    (back,) = read_bytes(f"监控表.{format}", data)  # the 136号 reader (jixiao.ingest.monitoring)
    assert (back.year, back.month, back.budget.annual) == (2025, 7, Decimal("1200.5"))
    assert back.project == report.project and back.department.code == "362101"
    fields = ("level3", "target", "progress", "likelihood", "reasons", "note", "measures")
    assert [[getattr(i, f) for f in fields] for i in back.indicators] == [
        [getattr(i, f) for f in fields] for i in report.indicators
    ]


def test_json_is_utf8_chinese_not_escaped(sources: dict[str, list[Document]]) -> None:
    data = write(sources["004_5a0f60c6186e32fd.txt"], "json")
    assert "天津市环境应急与事故调查中心".encode() in data
    assert b"\\u" not in data


def test_csv_has_a_bom_and_one_row_per_indicator_goal_and_task(
    sources: dict[str, list[Document]],
) -> None:
    documents = sources["004_5a0f60c6186e32fd.txt"]
    text = write(documents, "csv").decode("utf-8")
    assert text.startswith("\ufeff类型,文档标识,")
    parts = sum(len(d.indicators) + len(d.goals) for d in documents)
    assert len(text.rstrip("\r\n").split("\r\n")) == 1 + parts


def test_every_registered_format_writes_bytes() -> None:
    assert set(FORMATS) == {"json", "csv", "xlsx", "docx", "pdf"}
    with pytest.raises(ValueError, match="unknown export format"):
        write([], "odt")


def edge_documents() -> list[Document]:
    """Documents built in code with what the seeds do not have: formulas-looking targets, four
    decimals, a 0.5% rate, a year other than the title's, goals numbered from 3, weights."""
    from jixiao.domain import model as m
    from jixiao.domain.targets import parse_target

    where = m.Source(file="built in code")
    table = m.TargetTable(
        number=12, title="2024年部门整体支出绩效目标表", year=2025,
        department=m.Department(code="301108", name="某小学"), project=m.Project(name="教学保障"),
        budget=m.ProjectBudget(total=Decimal("1234.5678"), basic=Decimal("1000.0001"),
                             project_spending=Decimal("234.5677"), unit_funds=Decimal("0.01")),
        purpose="保障教学", goals=("目标一", "目标二：≥95%"),
        indicators=(
            m.Indicator(level1="产出指标", level2="质量指标", level3="合格率",
                      target=parse_target("=100%"), weight=Decimal("12.5"), source=where),
            m.Indicator(level1="产出指标", level2="质量指标", level3="达标率",
                      target=parse_target("≥95%"), weight=Decimal("7.5"), source=where),
        ),
        source=where, scope="department",
        tasks=(m.Task(name="课后服务", content="每日开展", amount=Decimal("12.3456"), source=where),
               m.Task(name="教师培训", source=where)),
    )  # fmt: skip
    evaluation = m.SelfEvaluation(
        scope="project", title="项目支出绩效自评表", year=2024,
        department=m.Department(name="某县公路站"), project=m.Project(name="乡村道路养护"),
        budget=m.ExecutionBudget(initial=Decimal("100"), annual=Decimal("200"),
                               executed=Decimal("1"), rate=Decimal("0.5"), weight=Decimal("10"),
                               score=Decimal("0.05"), deviation="资金下达较晚，执行率低于预算金额。"),
        goals=(m.GoalResult(no=3, target="完成养护", actual="部分完成", source=where),),
        goal_deviation="天气原因",
        indicators=(
            m.IndicatorResult(goal_no=3, level1="产出指标", level2="数量指标", level3="养护里程",
                            target=parse_target("≥120公里"), actual=parse_target("60公里"),
                            weight=Decimal("20"), score=Decimal("10"), deviation="天气",
                            source=where),
        ),
        total_weight=Decimal("100"), total=Decimal("60.5"), grade="差",
        conclusion="自评等级为“差”。", source=where,
    )  # fmt: skip
    return [table, evaluation]


@pytest.mark.parametrize("format", ROUND_TRIP)
def test_documents_built_in_code_round_trip(format: str) -> None:
    documents = edge_documents()
    back = read_back(documents, format)
    dropped = OFFICE_NOT_CARRIED
    assert [comparable(d.model_dump(), dropped) for d in back] == [
        comparable(d.model_dump(), dropped) for d in documents
    ]


def test_a_broken_csv_row_is_named_by_its_line() -> None:
    from jixiao.ingest import ReadError

    text = write(edge_documents()[:1], "csv").decode("utf-8").replace("12.5", "十二点五")
    with pytest.raises(
        ReadError, match=r"broken\.csv:2: not a valid document: indicators\.0\.weight"
    ):
        read_bytes("broken.csv", text.encode("utf-8"))

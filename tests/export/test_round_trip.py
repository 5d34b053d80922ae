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

NOT_CARRIED = {"source", "goal_sources"}
OFFICE_NOT_CARRIED = NOT_CARRIED | {"id"}
ROUND_TRIP = ("json", "csv", "xlsx", "docx")


def comparable(value: Any, dropped: set[str]) -> Any:
    """A document dump without the fields a format cannot carry."""
    if isinstance(value, dict):
        return {k: comparable(v, dropped) for k, v in value.items() if k not in dropped}
    if isinstance(value, list | tuple):
        return [comparable(v, dropped) for v in value]
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
def test_monitoring_reports_are_drawn_in_office_formats(format: str) -> None:
    data = write([monitoring_report()], format)
    assert data.startswith(b"PK")  # a zip package (the readers do not read monitoring forms)


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

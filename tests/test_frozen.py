"""Frozen models pickled by shape (jixiao.domain.frozen): the same models as pydantic's own way."""

from __future__ import annotations

import copyreg
import io
import pickle
import pickletools
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, PrivateAttr

from jixiao.demo import SEEDS
from jixiao.domain import frozen
from jixiao.domain.frozen import Frozen
from jixiao.domain.model import (
    Department,
    Document,
    MonitoringBudget,
    MonitoringIndicator,
    MonitoringReport,
    Source,
)
from jixiao.domain.review import load_profile
from jixiao.domain.review.engine import review_alone
from jixiao.domain.review.finding import Finding
from jixiao.domain.targets import parse_target
from jixiao.ingest import read_path

DATA = Path(__file__).parent / "data"


class _PydanticWay(pickle.Pickler):
    """Pickles frozen models as pydantic does (its ``__getstate__`` / ``__setstate__``)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Frozen):
            return object.__reduce_ex__(obj, 5)
        return NotImplemented


def _pydantic_bytes(value: Any) -> bytes:
    out = io.BytesIO()
    _PydanticWay(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


def _pydantic_way(value: Any) -> Any:
    return pickle.loads(_pydantic_bytes(value))


def _state(value: Any) -> Any:
    """Everything of a model that pickling may change, recursively (class, ``__dict__`` in
    its order, fields set and its type, extra and private values)."""
    if isinstance(value, BaseModel):
        return (
            type(value),
            [(name, _state(v)) for name, v in value.__dict__.items()],
            value.model_fields_set,
            type(value.model_fields_set),
            value.__pydantic_extra__,
            value.__pydantic_private__,
        )
    if isinstance(value, tuple | list):
        return (type(value), [_state(v) for v in value])
    return (type(value), value)


def _models(value: Any) -> list[BaseModel]:
    if isinstance(value, BaseModel):
        return [value, *(m for v in value.__dict__.values() for m in _models(v))]
    if isinstance(value, tuple | list):
        return [m for v in value for m in _models(v)]
    return []


@pytest.fixture(scope="module")
def answers() -> list[tuple[list[Document], list[list[Finding]]]]:
    """Documents and their findings as the reader workers send them: the seeds, office files."""
    profile = load_profile("tianjin")
    office = ("application.xlsx", "completion.xlsx", "department.docx", "self_evaluation.xlsx")
    paths = sorted(SEEDS.glob("*.txt")) + [DATA / "office" / name for name in office]
    read: list[list[Document]] = [read_path(path) for path in paths] + [[_monitoring()]]
    return [(documents, review_alone(documents, profile)) for documents in read]


def _monitoring() -> MonitoringReport:
    where = Source(file="built in code", cell="C7")
    return MonitoringReport(
        title="2025年项目支出绩效目标执行监控表",
        year=2025,
        month=7,
        as_of=date(2025, 7, 31),
        department=Department(name="天津市生态环境局"),
        budget=MonitoringBudget(annual=Decimal("1200.50"), executed=Decimal("420")),
        indicators=(
            MonitoringIndicator(
                level1="产出指标", level2="质量指标", level3="数据有效率",
                target=parse_target("≥90%"), progress=parse_target("88%"),
                likelihood="有可能", reasons=("经费保障", "其他"), source=where,
            ),
        ),
        source=where,
    )  # fmt: skip


def test_unpickled_models_are_those_pydantic_gives(
    answers: list[tuple[list[Document], list[list[Finding]]]],
) -> None:
    kinds: set[type] = set()
    for answer in answers:
        back = pickle.loads(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
        assert back == answer
        assert _state(back) == _state(answer) == _state(_pydantic_way(answer))
        for old, new in zip(_models(answer), _models(back), strict=True):
            assert new.model_dump_json() == old.model_dump_json()
            kinds.add(type(new))
    assert {"Source", "Target", "Indicator", "IndicatorResult", "Finding", "MonitoringReport"} <= {
        kind.__name__ for kind in kinds
    }


def test_each_model_has_its_own_fields_set() -> None:
    rows = [Source(file="a.txt", line=1), Source(file="a.txt", line=2)]
    first, second = pickle.loads(pickle.dumps(rows))
    assert first.model_fields_set == second.model_fields_set == {"file", "line"}
    assert first.model_fields_set is not second.model_fields_set
    assert Source(file="a.txt").model_fields_set == {"file"}  # untouched by the shapes
    assert pickle.loads(pickle.dumps(Source(file="a.txt"))).model_fields_set == {"file"}


def test_a_shape_is_sent_once_and_shared_models_stay_shared() -> None:
    source = Source(file="a.txt", line=7)
    rows = [Source(file="a.txt", line=n) for n in range(50)] + [source, source]
    blob = pickle.dumps(rows, pickle.HIGHEST_PROTOCOL)
    names = [arg for op, arg, _ in pickletools.genops(blob) if op.name == "SHORT_BINUNICODE"]
    assert names.count("Source") == 1
    assert names.count("line") == 1  # the field names once, in the memo
    back = pickle.loads(blob)
    assert back[-1] is back[-2]
    assert back == rows
    assert len(blob) < len(_pydantic_bytes(rows))


class _WithPrivate(Frozen):
    name: str
    _seen: int = PrivateAttr(default=0)


class _Open(Frozen, extra="allow"):
    name: str


def _bytes_by_reduce_ex(value: Any) -> bytes:
    """``value`` pickled without :mod:`copyreg`'s dispatch table: each model by its own
    ``__reduce_ex__``."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {}
    pickler.dump(value)
    return out.getvalue()


def test_plain_classes_pickle_by_the_dispatch_table_as_by_reduce_ex(
    answers: list[tuple[list[Document], list[list[Finding]]]],
) -> None:
    kinds = {type(m) for answer in answers for m in _models(answer)}
    for kind in kinds:
        assert copyreg.dispatch_table.get(kind) is frozen._reduced, kind
    for answer in answers:
        assert pickle.dumps(answer, pickle.HIGHEST_PROTOCOL) == _bytes_by_reduce_ex(answer)
    for model in (m for answer in answers for m in _models(answer)):
        assert frozen._reduced(model) == model.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    assert _WithPrivate not in copyreg.dispatch_table
    assert _Open not in copyreg.dispatch_table


def test_extra_and_private_values_go_pydantic_s_way() -> None:
    private = _WithPrivate(name="x")
    object.__setattr__(private, "__pydantic_private__", {"_seen": 3})
    back = pickle.loads(pickle.dumps(private))
    assert back.__pydantic_private__ == {"_seen": 3}
    opened = _Open(name="x", more=1)  # type: ignore[call-arg]
    back_open = pickle.loads(pickle.dumps(opened))
    assert back_open.__pydantic_extra__ == {"more": 1}
    assert _state(back_open) == _state(opened)

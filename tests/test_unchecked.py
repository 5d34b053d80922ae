"""Models made unchecked (jixiao.domain.frozen.unchecked): the same models validation gives."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, PrivateAttr, ValidationError, model_validator
from pydantic_core import PydanticUndefined

from jixiao.demo import SEEDS
from jixiao.domain.frozen import Frozen, defaults, replaced, shape, unchecked, unchecked_all
from jixiao.domain.model import (
    Department,
    Project,
    ProjectBudget,
    Source,
    TargetTable,
    at_line,
    at_lines,
)
from jixiao.domain.review import load_profile
from jixiao.domain.review.engine import review_alone
from jixiao.domain.review.finding import Finding, stamp, stamped_all
from jixiao.ingest import read_path
from jixiao.ingest.seed_target_tables import _budget, _department


def _validated(value: Any) -> Any:
    """``value`` made again through validation, each model of the fields it has set."""
    if isinstance(value, BaseModel):
        given = {name: _validated(getattr(value, name)) for name in value.model_fields_set}
        return type(value)(**given)
    if isinstance(value, tuple | list):
        return type(value)(_validated(v) for v in value)
    return value


def _shown(value: Any) -> Any:
    """A model as a comparable value: class, ``__dict__`` in its order with each value's class,
    fields set, extra and private values, recursively."""
    if isinstance(value, BaseModel):
        return (
            type(value),
            [(name, _shown(v)) for name, v in value.__dict__.items()],
            value.model_fields_set,
            type(value.model_fields_set),
            value.__pydantic_extra__,
            value.__pydantic_private__,
        )
    if isinstance(value, tuple | list):
        return (type(value), [_shown(v) for v in value])
    return (type(value), value)


def _models(value: Any) -> list[BaseModel]:
    if isinstance(value, BaseModel):
        return [value, *(m for v in value.__dict__.values() for m in _models(v))]
    if isinstance(value, tuple | list):
        return [m for v in value for m in _models(v)]
    return []


#: the fields the seed readers and the engine set (as they did when they validated)
_SET = {
    "Source": {"file", "line"},
    "Indicator": {"level1", "level2", "level3", "description", "target", "source"},
    "IndicatorResult": {
        "goal_no",
        "level1",
        "level2",
        "level3",
        "target",
        "actual",
        "weight",
        "score",
        "deviation",
        "source",
    },
    "Finding": set(Finding.model_fields),
}


def test_the_seeds_read_and_reviewed_are_the_models_validation_gives() -> None:
    profile = load_profile("tianjin")
    kinds: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        documents = read_path(path)
        answer = (documents, review_alone(documents, profile))
        again = _validated(answer)
        assert again == answer
        assert _shown(again) == _shown(answer)
        assert [d.model_dump_json() for d in again[0]] == [d.model_dump_json() for d in documents]
        for model in _models(answer):
            kind = type(model).__name__
            assert model.model_fields_set == _SET.get(kind, model.model_fields_set), kind
            kinds.add(kind)
    assert {"Source", "Indicator", "IndicatorResult", "Finding", "TargetTable"} <= kinds
    assert "SelfEvaluation" in kinds


def test_a_line_source_is_the_validated_one_with_its_own_fields_set() -> None:
    first, second = at_line("a.txt", 3), at_line("a.txt", 4)
    assert _shown(first) == _shown(Source(file="a.txt", line=3))
    assert first.model_fields_set == {"file", "line"}
    assert first.model_fields_set is not second.model_fields_set
    assert str(first) == "a.txt:3"


def test_line_sources_made_together_are_each_at_line_s() -> None:
    together = at_lines("a.txt", [3, 4, 3])
    assert [_shown(s) for s in together] == [_shown(at_line("a.txt", n)) for n in (3, 4, 3)]
    assert len({id(s.model_fields_set) for s in together}) == 3  # a fields set each
    assert at_lines("a.txt", []) == []


def test_tables_made_together_are_checked_by_their_model_validator() -> None:
    right = defaults(TargetTable) | _table_values()
    made = unchecked_all(_TABLE, [right, dict(right)])
    assert [_shown(t) for t in made] == [_shown(TargetTable(**_table_values()))] * 2
    wrong = defaults(TargetTable) | _table_values(goal_sources=(at_line("a.txt", 3),))
    with pytest.raises(ValueError, match="1 goal sources for 2 goals"):
        unchecked_all(_TABLE, [right, wrong])


def test_a_model_replaced_is_its_model_copy() -> None:
    for document in read_path(SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]):
        unnamed = replaced(document, "id", None)
        assert _shown(unnamed) == _shown(document.model_copy(update={"id": None}))
        for value in ("abc#0", None):
            copied = unnamed.model_copy(update={"id": value})
            made = replaced(unnamed, "id", value)
            assert _shown(made) == _shown(copied)
            assert list(made.model_fields_set) == list(copied.model_fields_set)
            assert made.model_fields_set is not unnamed.model_fields_set
        assert "id" in document.model_fields_set and unnamed.id is None


class _Seen(Frozen):
    name: str
    _seen: int = PrivateAttr(default=0)


def test_a_model_with_private_values_is_replaced_by_model_copy() -> None:
    model = _Seen(name="a")
    model._seen = 3
    made = replaced(model, "name", "b")
    assert (made.name, made._seen, made.model_fields_set) == ("b", 3, {"name"})
    assert made.__pydantic_private__ is not model.__pydantic_private__


def _finding_values(**changed: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "rule": "CMP-07",
        "severity": "info",
        "category": "完整性",
        "title": "文字不规范",
        "message": "标题疑似重复字“科科”",
        "message_en": "title: possibly doubled character",
        "suggestion": "改正",
        "source": at_line("a.txt", 3),
        "document": "abc#0",
        "label": "a.txt 第 3 行",
        "field": "title",
        "indicator": None,
    }
    return values | changed


def made(values: dict[str, Any]) -> Finding:
    """The finding the engine makes of ``values``: the rule's shared values stamped once
    (:func:`stamp`), then the finding's own (:func:`stamped_all`)."""
    shared = stamp(
        values["rule"], values["severity"], values["category"], values["title"],
        values["suggestion"],
    )  # fmt: skip
    own = ("severity", "message", "message_en", "source", "field", "indicator")
    made = (shared, *(values[name] for name in own))
    return stamped_all(values["document"], values["label"], [made])[0]


class _Text(str):
    pass


@pytest.mark.parametrize(
    "changed",
    [
        {},
        {"indicator": "培训人数"},
        {"message": _Text("子类")},
        {"title": _Text("子类")},
        {"source": Source(file="a.txt")},
    ],
)
def test_a_finding_made_is_the_validated_one(changed: dict[str, Any]) -> None:
    values = _finding_values(**changed)
    assert _shown(made(dict(values))) == _shown(Finding(**values))


@pytest.mark.parametrize(
    "wrong",
    [
        {"field": "nonsense"},
        {"severity": "fatal"},
        {"category": "其他"},
        {"source": None},
        {"indicator": 3},
        {"rule": None},
        {"title": 3},
        {"suggestion": None},
        {"label": ["a"]},
        {"document": None},
        {"message_en": 1},
    ],
)
def test_a_finding_of_wrong_values_is_refused_as_validation_refuses_it(
    wrong: dict[str, Any],
) -> None:
    with pytest.raises(ValidationError):
        made(_finding_values(**wrong))


class _Private(Frozen):
    name: str
    _kept: int = PrivateAttr(default=0)


def test_only_plain_classes_and_their_fields_have_a_shape() -> None:
    assert shape(Source, ["file"]) == (Source, frozenset({"file"}))
    with pytest.raises(TypeError):
        shape(TargetTable, ["title"])  # a model validator
    with pytest.raises(TypeError):
        shape(_Private, ["name"])
    with pytest.raises(TypeError):
        shape(Source, ["file", "page"])  # no such field
    made_here = unchecked(shape(Source, ["file"]), {"file": "b.txt", "line": None, "cell": None})
    assert _shown(made_here) == _shown(Source(file="b.txt"))


@pytest.mark.parametrize(
    ("text", "validated"),
    [
        ("362101 天津市生态环境局", Department(code="362101", name="天津市生态环境局")),
        ("天津市 生态环境局", Department(code=None, name="天津市 生态环境局")),
        ("", Department(name="")),  # no match: the code not set
    ],
)
def test_a_department_is_the_validated_one(text: str, validated: Department) -> None:
    made = _department(text)
    assert _shown(made) == _shown(validated)
    assert made.model_fields_set is not _department(text).model_fields_set


def test_a_budget_is_the_validated_one() -> None:
    amounts = (Decimal("12.50"), None, Decimal("0"))
    validated = ProjectBudget(total=amounts[0], fiscal=amounts[1], other=amounts[2])
    assert _shown(_budget(*amounts)) == _shown(validated)
    assert _budget(*amounts).model_fields_set == {"total", "fiscal", "other"}


def _table_values(**changed: Any) -> dict[str, Any]:
    values = {
        "title": "2025年项目支出绩效目标表",
        "department": Department(name="天津市生态环境局"),
        "project": Project(name="监测"),
        "budget": ProjectBudget(total=Decimal("10")),
        "goals": ("1.完成监测。", "2.按时报送。"),
        "indicators": (),
        "source": at_line("a.txt", 1),
        "goal_sources": (at_line("a.txt", 3), at_line("a.txt", 4)),
    }
    return values | changed


_TABLE = shape(TargetTable, _table_values(), after=True)


def test_a_table_made_unchecked_is_the_validated_one() -> None:
    made_here = unchecked(_TABLE, defaults(TargetTable) | _table_values())
    assert _shown(made_here) == _shown(TargetTable(**_table_values()))
    assert made_here.model_fields_set == set(_table_values())


def test_a_table_made_unchecked_is_checked_by_its_model_validator() -> None:
    wrong = _table_values(goal_sources=(at_line("a.txt", 3),))  # two goals, one source
    with pytest.raises(ValidationError, match="1 goal sources for 2 goals"):
        TargetTable(**wrong)
    with pytest.raises(ValueError, match="1 goal sources for 2 goals"):
        unchecked(_TABLE, defaults(TargetTable) | wrong)


class _Before(Frozen):
    name: str

    @model_validator(mode="before")
    @classmethod
    def _named(cls, data: Any) -> Any:
        return data


def test_only_after_validators_are_run_for_a_shape() -> None:
    with pytest.raises(TypeError):
        shape(_Before, ["name"], after=True)  # a validator of the values as given: not run
    assert shape(Source, ["file"], after=True) == (Source, frozenset({"file"}))


def test_defaults_are_every_field_in_the_class_order() -> None:
    assert defaults(Source) == {"file": PydanticUndefined, "line": None, "cell": None}
    assert list(defaults(TargetTable)) == list(TargetTable.model_fields)

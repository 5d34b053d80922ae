"""重新审核 of a year, department family by department family: the same findings as the whole
year reviewed at once, with memory for one family at a time (actions.review_year)."""

from __future__ import annotations

import io

import pytest

from jixiao.demo import seed_paths
from jixiao.domain import interchange
from jixiao.domain.model import Department, Document, SelfEvaluation, TargetTable
from jixiao.ingest import read_path
from jixiao.web import actions, engines, importing, models, storage
from jixiao.web.actions.reviews import _Survey

ACTOR = actions.Actor(None, "test")
YEAR = 2025


def _family(prefix: int) -> tuple[Department, Department]:
    """A 主管部门 and one of its units (codes sharing the 3-digit prefix)."""
    return (
        Department(code=f"{prefix}001", name=f"第{prefix}号局"),
        Department(code=f"{prefix}201", name=f"第{prefix}号局第1单位"),
    )


def _documents() -> list[Document]:
    """Seed 000's tables over three families (six each), each family with last year's
    self-evaluation of its 主管部门 (seed 001, so APP-02/03 match within the family); one table
    whose department names the 102 family's 主管部门 without its code (it belongs to that
    family through the name), one of a department known by name only."""
    read = {path.name[:3]: read_path(path) for path in seed_paths()}
    tables = [d for d in read["000"] if isinstance(d, TargetTable)]
    (evaluation,) = [d for d in read["001"] if isinstance(d, SelfEvaluation)]
    out: list[Document] = []
    for prefix in (101, 102, 103):
        head, unit = _family(prefix)
        past = {"department": head, "year": YEAR - 1, "id": f"evaluation-{prefix}"}
        out.append(evaluation.model_copy(update=past))
        for i, table in enumerate(tables[:6]):
            assert table.project is not None
            project = table.project.model_copy(
                update={"name": f"{table.project.name}（{prefix}-{i}）"}
            )
            update = {"department": head if i % 2 else unit, "year": YEAR, "project": project}
            out.append(table.model_copy(update={**update, "id": f"table-{prefix}-{i}"}))
    for i, department in enumerate((Department(name="第102号局"), Department(name="无编码单位"))):
        table = tables[2 + i]  # tables 2 and 3 meet last year's rows (APP-02)
        assert table.project is not None
        project = table.project.model_copy(update={"name": f"{table.project.name}（无编码{i}）"})
        update = {"department": department, "year": YEAR, "project": project, "id": f"loose-{i}"}
        out.append(table.model_copy(update=update))
    return out


@pytest.fixture
def year(db) -> None:
    data = interchange.dumps(_documents()).encode()
    upload = importing.Upload.from_stream("三个部门家族.json", io.BytesIO(data))
    preview = importing.preview([upload])
    assert not preview.errors
    actions.import_batch(preview, ACTOR)


def _stored(row: storage.Stored) -> list[tuple[str, ...]]:
    return sorted(storage._finding_key(storage.load_finding(f)) for f in row.findings.all())


def _whole_year() -> dict[tuple[str, int], list[tuple[str, ...]]]:
    """Every current row of the year with the findings of the year reviewed at once."""
    rows: list[storage.Stored] = [
        *models.Project.objects.filter(year=YEAR, is_current=True).order_by("pk"),
        *models.SelfEvaluation.objects.filter(year=YEAR, is_current=True).order_by("pk"),
    ]
    context = models.SelfEvaluation.objects.filter(year=YEAR - 1, is_current=True).order_by("pk")
    documents = [storage.load(row) for row in rows]
    profile = engines.review_profile(documents)
    found = engines.review_per_document([*documents, *map(storage.load, context)], profile)
    return {
        (type(row).__name__, row.pk): sorted(map(storage._finding_key, findings))
        for row, findings in zip(rows, found, strict=False)
    }


def test_a_year_reviewed_by_family_finds_what_the_whole_year_finds(year) -> None:
    expected = _whole_year()
    history = [key for keys in expected.values() for key in keys if key[0] in ("APP-02", "APP-03")]
    assert len(history) >= 6  # the families' self-evaluations matched their tables
    loose = models.Project.objects.get(document__id="loose-0")
    nameless = models.Project.objects.get(document__id="loose-1")
    assert any(k[0] in ("APP-02", "APP-03") for k in expected[("Project", loose.pk)])
    assert not any(k[0] in ("APP-02", "APP-03") for k in expected[("Project", nameless.pk)])
    models.Finding.objects.all().delete()  # the review must find them all again
    summary = actions.review_year(YEAR, ACTOR)
    assert summary["documents"] == len(expected) == 20
    assert summary["findings"] == sum(map(len, expected.values()))
    for row in models.Project.objects.filter(year=YEAR, is_current=True):
        assert _stored(row) == expected[("Project", row.pk)], row.title


def test_the_survey_groups_as_the_history_rules_match(year) -> None:
    projects = models.Project.objects.filter(year=YEAR, is_current=True).order_by("pk")
    context = models.SelfEvaluation.objects.filter(year=YEAR - 1, is_current=True).order_by("pk")
    survey = _Survey([projects, context], reviewed=1)
    assert survey.detected - {None} == {"tianjin"}  # the seeds say 天津; the others nothing
    by_pk = {pk: key for key, family in survey.families.items() for pk in family[0]}
    loose, nameless = (models.Project.objects.get(document__id=f"loose-{i}") for i in (0, 1))
    assert by_pk[loose.pk] == "code 102"  # through the name of the 102 family's 主管部门
    assert by_pk[nameless.pk] == "name 无编码单位"
    assert sorted(survey.families) == ["code 101", "code 102", "code 103", "name 无编码单位"]
    assert all(len(family[1]) == 1 for key, family in survey.families.items() if "code" in key)

"""重新审核 of a year, department family by department family: the same findings as the whole
year reviewed at once, with memory for one family at a time (actions.review_year)."""

from __future__ import annotations

import io

import pytest
from tests.web.test_totals import assert_kept

from jixiao.demo import seed_paths
from jixiao.domain import interchange
from jixiao.domain.model import Department, Document, SelfEvaluation, TargetTable
from jixiao.domain.review.detect import detect_profile
from jixiao.ingest import read_path
from jixiao.web import actions, engines, finding_rows, importing, models, storage
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
def year(db, readings) -> None:
    data = interchange.dumps(_documents()).encode()
    upload = importing.Upload.from_stream("三个部门家族.json", io.BytesIO(data))
    preview = importing.preview([upload], read=readings)
    assert not preview.errors
    actions.import_batch(preview, ACTOR)


def _stored(row: storage.Stored) -> list[tuple[str, ...]]:
    return sorted(finding_rows.key(finding_rows.load(f)) for f in row.findings.all())


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
        (type(row).__name__, row.pk): sorted(map(finding_rows.key, findings))
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


# --- the write side: what a year's review stores, set-based, on a varied database ---------------

SKIP = {"id", "project", "evaluation", "dismissed_at", "dismissed_by", "dismiss_reason"}
COLUMNS = [f.name for f in models.Finding._meta.concrete_fields if f.name not in SKIP]


def _columns(row: storage.Stored, **only: object) -> list[tuple[object, ...]]:
    """Every column of the findings of ``row`` (open ones, or as ``only`` filters), sorted."""
    found = row.findings.filter(**(only or {"dismissed_at": None})).values_list(*COLUMNS)
    return sorted(found, key=repr)


@pytest.fixture
def varied(year) -> dict[str, object]:
    """The year imported, one self-evaluation of the year reviewed with it (its 自评等级 stated),
    then changed by hand and by actions the way a database gets varied: each case names the row
    and what the review must do."""
    (evaluation,) = [
        d for d in read_path(seed_paths()[1]) if isinstance(d, SelfEvaluation)
    ]  # seed 001
    now = evaluation.model_copy(
        update={"department": _family(101)[0], "year": YEAR, "id": "evaluation-now", "grade": "良"}
    )
    data = interchange.dumps([now]).encode()
    upload = importing.Upload.from_stream("本年自评.json", io.BytesIO(data))
    actions.import_batch(importing.preview([upload]), ACTOR)
    projects = list(
        models.Project.objects.filter(year=YEAR, is_current=True, findings_count__gte=2)
        .exclude(document__id__startswith="loose")
        .order_by("pk")
    )
    cases = {
        "emptied": projects[0],
        "dismissed": projects[1],
        "extra": projects[2],
        "restamped": projects[3],
        "regraded": projects[4],
        "kept": projects[5],
        "evaluation": models.SelfEvaluation.objects.get(document__id="evaluation-now"),
        "last year": models.SelfEvaluation.objects.get(document__id="evaluation-101"),
    }
    assert cases["evaluation"].grade == "良" and cases["evaluation"].findings_count
    assert cases["last year"].findings_count
    imported = {name: _columns(row) for name, row in cases.items()}  # what the import stored
    states = {name: (row.findings_count, getattr(row, "grade", "")) for name, row in cases.items()}
    cases["emptied"].findings.all().delete()
    cases["last year"].findings.all().delete()  # context: never rewritten
    dismissed = cases["dismissed"].findings.order_by("pk").first()
    assert dismissed is not None
    actions.dismiss_finding(dismissed, ACTOR, "已核实，不属于问题")
    base = cases["extra"].findings.order_by("pk").first()
    assert base is not None
    extra = models.Finding.objects.get(pk=base.pk)
    extra.pk, extra.message = None, "一条旧规则的审核意见"
    extra.save()
    orphan = models.Comment.objects.create(
        project=cases["extra"], text="针对旧意见的批注", finding=extra
    )
    linked = models.Comment.objects.create(
        project=cases["kept"], text="针对意见的批注", finding=cases["kept"].findings.first()
    )
    models.Project.objects.filter(pk=cases["restamped"].pk).update(review_profile_hash="old")
    wrong = "差" if cases["regraded"].grade != "差" else "优"
    models.Project.objects.filter(pk=cases["regraded"].pk).update(grade=wrong)
    return {
        "cases": cases,
        "imported": imported,
        "states": states,
        "dismissed": dismissed,
        "orphan": orphan,
        "linked": linked,
        "kept ids": sorted(cases["kept"].findings.values_list("pk", flat=True)),
    }


def test_the_review_stores_what_an_import_stores_and_keeps_dismissals(varied) -> None:
    cases, imported, states = varied["cases"], varied["imported"], varied["states"]
    assert isinstance(cases, dict) and isinstance(imported, dict) and isinstance(states, dict)
    expected = _whole_year()  # the year's findings, reviewed at once (not by the action)
    dismissed = varied["dismissed"]
    assert isinstance(dismissed, models.Finding)
    dismissed_key = finding_rows.key(finding_rows.load(dismissed))
    # the grade dismiss_finding left: from the findings that stay open
    assert dismissed.project is not None
    left = list(map(finding_rows.load, dismissed.project.findings.filter(dismissed_at=None)))
    audits = models.AuditEntry.objects.count()

    summary = actions.review_year(YEAR, ACTOR)

    assert len(expected) == 21  # 20 tables and the year's self-evaluation
    assert summary == {
        "year": YEAR,
        "profile": "tianjin",
        "documents": len(expected),
        # emptied, extra, restamped, regraded (not the self-evaluation: its grade is its own; not
        # the table with a dismissed finding: graded by the findings that stay open)
        "changed": 4,
        "findings": sum(map(len, expected.values())),
    }
    assert models.AuditEntry.objects.count() == audits + 1
    entry = models.AuditEntry.objects.latest("pk")
    assert (entry.action, entry.new) == (models.AuditEntry.Action.REVIEW_YEAR, summary)
    for name, row in cases.items():
        row.refresh_from_db()
        if name == "last year":
            assert not row.findings.exists() and row.findings_count == states[name][0]
            continue
        if name == "dismissed":
            gone = _columns(row, pk=dismissed.pk)  # still there, still dismissed
            assert _columns(row, dismissed_at__isnull=False) == gone
            assert _columns(row) == [c for c in imported[name] if c != gone[0]]
            assert dismissed_key in expected[("Project", row.pk)]  # found again, not raised
            assert row.findings_count == states[name][0] - 1
            assert row.grade == engines.review_grade(left, "tianjin")
            continue
        assert _columns(row) == imported[name], name  # every column, as the import wrote it
        assert (
            sorted(finding_rows.key(finding_rows.load(f)) for f in row.findings.all())
            == (expected[(type(row).__name__, row.pk)])
        )
        assert (row.findings_count, getattr(row, "grade", "")) == states[name], name
        assert (row.review_profile, row.review_profile_hash) == (
            "tianjin",
            engines.stamp([], "tianjin").profile_hash,
        )
    assert cases["evaluation"].grade == "良"  # its 自评等级 stays as stated
    assert sorted(cases["kept"].findings.values_list("pk", flat=True)) == varied["kept ids"]
    orphan, linked = varied["orphan"], varied["linked"]
    assert isinstance(orphan, models.Comment) and isinstance(linked, models.Comment)
    orphan.refresh_from_db()
    linked.refresh_from_db()
    assert orphan.finding_id is None and orphan.text == "针对旧意见的批注"  # the comment stays
    assert linked.finding_id in varied["kept ids"]
    assert_kept()  # the totals and the monitoring overview recounted for the departments written
    assert actions.review_year(YEAR, ACTOR)["changed"] == 0  # nothing left to change


def test_the_review_writes_by_family_not_by_row(year, django_assert_max_num_queries) -> None:
    """Reading and writing the findings costs a few statements per family, whatever its size:
    with every finding of the year deleted, the year's review writes them all again."""
    found = [row for row in _whole_year().values() if row]
    models.Finding.objects.all().delete()
    # 20 documents in 4 families, 14 with findings: 47 statements (row by row: two reads a row,
    # and a delete, an insert, a document read and an update a row written)
    with django_assert_max_num_queries(60):
        summary = actions.review_year(YEAR, ACTOR)
    assert summary["changed"] == len(found) == 14


def test_the_survey_detects_what_the_documents_call_for(year) -> None:
    """The survey reads the documents' department, title, project name and 二级指标 only: it
    detects what detect_profile over the whole documents detects (a 深圳 二级指标 on one table)."""
    project = models.Project.objects.filter(year=YEAR, is_current=True).order_by("pk").first()
    assert project is not None
    document = storage.target_table(project)
    indicators = list(document.indicators)
    indicators[0] = indicators[0].model_copy(update={"level2": "其他满意度指标"})
    document = document.model_copy(update={"indicators": tuple(indicators)})
    project.document = document.model_dump(mode="json")
    project.save(update_fields=["document"])
    project.indicators.filter(position=0).update(level2="其他满意度指标")
    projects = models.Project.objects.filter(year=YEAR, is_current=True).order_by("pk")
    context = models.SelfEvaluation.objects.filter(year=YEAR - 1, is_current=True).order_by("pk")
    survey = _Survey([projects, context], reviewed=1)
    assert survey.detected == {detect_profile(storage.load(row)) for row in projects}
    assert "shenzhen" in survey.detected and "tianjin" in survey.detected

"""Domain objects ↔ stored rows, nothing else: no grading, no settings, no audit.

A version row keeps the whole domain document as its interchange JSON (``document``), so
:func:`load` gives back exactly what was stored — every field, Decimal amounts exact — and the
model can grow without losing data. The other columns and the indicator, goal and finding rows
copy parts of it so that pages can filter, search and sum. State changes go through
:mod:`jixiao.web.actions`, which call these functions inside their transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter

from jixiao.domain import model as domain
from jixiao.domain.records import department_key, normalise_name, record_key
from jixiao.domain.review import Finding
from jixiao.domain.targets import Target
from jixiao.web import models

__all__ = [
    "Stamp",
    "current_version",
    "find_department",
    "load",
    "load_finding",
    "new_department",
    "number",
    "planned_parent",
    "rewrite",
    "rewrite_evaluation",
    "self_evaluation",
    "store",
    "target_table",
]

Stored = models.Project | models.SelfEvaluation
_DOCUMENT: TypeAdapter[domain.Document] = TypeAdapter(domain.Document)


@dataclass(frozen=True)
class Stamp:
    """How the stored review results were made: grade, and the profile's name and content hash."""

    grade: str
    profile: str
    profile_hash: str


def load(row: Stored) -> domain.Document:
    """The domain document a version row stores, exactly as it was read."""
    return _DOCUMENT.validate_python(row.document)


def target_table(project: models.Project) -> domain.TargetTable:
    document = load(project)
    assert isinstance(document, domain.TargetTable)
    return document


def self_evaluation(evaluation: models.SelfEvaluation) -> domain.SelfEvaluation:
    document = load(evaluation)
    assert isinstance(document, domain.SelfEvaluation)
    return document


def load_finding(row: models.Finding) -> Finding:
    """The domain finding a row stores."""
    return Finding.model_validate(row.data)


#: where a table that names no budget unit at all is filed (never a department without a name)
UNSPECIFIED = domain.Department(name="（未填写预算单位）")


def named(dept: domain.Department) -> domain.Department:
    """``dept``, or :data:`UNSPECIFIED` when it has neither a code nor a name."""
    return dept if dept.name.strip() or (dept.code or "").strip() else UNSPECIFIED


def find_department(dept: domain.Department) -> models.Department | None:
    """The stored department of ``dept``: by budget code when it has one, else by its name
    (preferring a department that has a code: a document without a code joins it)."""
    dept = named(dept)
    if dept.code and dept.code.strip():
        return models.Department.objects.filter(key=department_key(dept)).first()
    same_name = models.Department.objects.filter(name_key=normalise_name(dept.name))
    return same_name.order_by("-code").first()


def new_department(dept: domain.Department) -> models.Department:
    """Create ``dept`` under its 主管部门 (:func:`planned_parent`).

    Existing departments are never moved or renamed here; a new 主管部门 adopts only the units
    of its prefix that have no parent yet.
    """
    dept = named(dept)
    if not dept.name.strip():
        dept = dept.model_copy(update={"name": dept.code})
    stored = models.Department.objects.create(
        key=department_key(dept),
        code=(dept.code or "").strip(),
        name=dept.name.strip(),
        name_key=normalise_name(dept.name),
        parent=planned_parent(dept),
    )
    if stored.code.endswith("101"):
        models.Department.objects.filter(code__startswith=stored.code[:3], parent=None).exclude(
            pk=stored.pk
        ).exclude(code__endswith="101").update(parent=stored)
    return stored


def planned_parent(dept: domain.Department) -> models.Department | None:
    """Where a new ``dept`` goes in the tree: under the ``…101`` unit of its code's first three
    digits (its 主管部门) when that is stored; None for a 主管部门 itself or a unit without code."""
    code = (dept.code or "").strip()
    if not code or code.endswith("101"):
        return None
    return models.Department.objects.filter(code=f"{code[:3]}101").first()


def current_version(document: domain.Document) -> Stored | None:
    """The current stored version of the record ``document`` belongs to, if any."""
    key = record_key(document)
    found = find_department(document.department)
    if found is None:
        return None
    common = {"department": found, "year": key.year, "key": key.name, "is_current": True}
    if isinstance(document, domain.TargetTable):
        return models.Project.objects.filter(**common).first()
    return models.SelfEvaluation.objects.filter(scope=key.scope, **common).first()


def store(
    document: domain.TargetTable | domain.SelfEvaluation,
    *,
    department: models.Department,
    version: int,
    batch: models.ImportBatch | None,
    user: Any,
    findings: Sequence[Finding],
    stamp: Stamp,
) -> Stored:
    """Write one version of a record with its rows and findings (the caller holds the transaction
    and has marked the previous version as not current)."""
    common = {
        "batch": batch,
        "document_id": document.id or "",
        "key": record_key(document).name,
        "version": version,
        "document": document.model_dump(mode="json"),
        "created_by": user if getattr(user, "is_authenticated", False) else None,
        "review_profile": stamp.profile,
        "review_profile_hash": stamp.profile_hash,
        "findings_count": len(findings),
        "department": department,
        "year": document.year,
        "title": document.title,
        **_source(document.source),
    }
    if isinstance(document, domain.TargetTable):
        row: Stored = _store_table(document, common, stamp.grade)
        _store_findings(findings, document.indicators, project=row)
    else:
        row = _store_evaluation(document, common)
        _store_findings(findings, document.indicators, evaluation=row)
    return row


def _store_findings(
    findings: Sequence[Finding],
    indicators: Sequence[domain.Indicator | domain.IndicatorResult],
    **owner: Any,
) -> None:
    """Store findings, each on the indicator row whose source it names."""
    rows = {(ind.source.line, ind.source.cell): i for i, ind in enumerate(indicators)}
    models.Finding.objects.bulk_create(
        models.Finding(
            indicator_position=(
                rows.get((f.source.line, f.source.cell)) if f.field == "indicator" else None
            ),
            rule=f.rule,
            severity=f.severity,
            category=f.category,
            title=f.title,
            message=f.message,
            message_en=f.message_en,
            suggestion=f.suggestion,
            field=f.field,
            indicator=f.indicator or "",
            document=f.document,
            data=f.model_dump(mode="json"),
            **_source(f.source),
            **owner,
        )
        for f in findings
    )


def _source(source: domain.Source | None) -> dict[str, Any]:
    if source is None:
        return {}
    return {
        "source_file": source.file,
        "source_line": source.line,
        "source_cell": source.cell or "",
    }


def _target(prefix: str, target: Target) -> dict[str, Any]:
    return {
        f"{prefix}_raw": target.raw,
        f"{prefix}_kind": target.kind,
        f"{prefix}_op": target.op or "",
        f"{prefix}_value": target.value,
        f"{prefix}_unit": target.unit or "",
        f"{prefix}_deadline": target.deadline,
        prefix: target.model_dump(mode="json"),
    }


def _row(position: int, ind: domain.Indicator | domain.IndicatorResult) -> dict[str, Any]:
    """The columns every indicator row has (:class:`~jixiao.web.models.TargetColumns`)."""
    return {
        "position": position,
        "level1": ind.level1,
        "level2": ind.level2,
        "level3": ind.level3,
        "weight": ind.weight,
        **_target("target", ind.target),
        **_source(ind.source),
    }


def _store_table(doc: domain.TargetTable, common: dict[str, Any], grade: str) -> models.Project:
    project = models.Project.objects.create(
        name=doc.project.name,
        number=doc.number,
        money_unit=doc.money_unit,
        budget_total=doc.budget.total,
        budget_fiscal=doc.budget.fiscal,
        budget_other=doc.budget.other,
        purpose=doc.purpose or "",
        grade=grade,
        **common,
    )
    _table_rows(project, doc)
    return project


def _table_rows(project: models.Project, doc: domain.TargetTable) -> None:
    models.Goal.objects.bulk_create(
        models.Goal(project=project, position=i, text=text) for i, text in enumerate(doc.goals)
    )
    models.Indicator.objects.bulk_create(
        models.Indicator(project=project, description=ind.description or "", **_row(i, ind))
        for i, ind in enumerate(doc.indicators)
    )


def rewrite(
    project: models.Project,
    doc: domain.TargetTable,
    *,
    findings: Sequence[Finding],
    stamp: Stamp,
) -> models.Project:
    """Replace the content of a draft version in place (a new revision, same version and record
    unless the project was renamed), with its rows and findings (the caller holds the transaction)."""
    project.goals.all().delete()
    project.indicators.all().delete()
    project.findings.all().delete()
    project.document = doc.model_dump(mode="json")
    project.document_id = doc.id or ""
    project.key = record_key(doc).name
    project.name, project.title, project.year = doc.project.name, doc.title, doc.year
    project.budget_total, project.budget_fiscal = doc.budget.total, doc.budget.fiscal
    project.budget_other, project.purpose = doc.budget.other, doc.purpose or ""
    project.grade, project.findings_count = stamp.grade, len(findings)
    project.review_profile, project.review_profile_hash = stamp.profile, stamp.profile_hash
    for name, value in _source(doc.source).items():
        setattr(project, name, value)
    project.save()
    _table_rows(project, doc)
    _store_findings(findings, doc.indicators, project=project)
    return project


def _evaluation_columns(doc: domain.SelfEvaluation) -> dict[str, Any]:
    """The columns a self-evaluation version copies from its document."""
    b = doc.budget
    return {
        "scope": doc.scope,
        "project_name": doc.project.name if doc.project else "",
        "budget_initial": b.initial,
        "budget_annual": b.annual,
        "budget_executed": b.executed,
        "budget_rate": b.rate,
        "budget_weight": b.weight,
        "budget_score": b.score,
        "budget_deviation": b.deviation or "",
        "budget_source": b.source.model_dump(mode="json") if b.source else None,
        "goal_deviation": doc.goal_deviation or "",
        "total_weight": doc.total_weight,
        "total": doc.total,
        "grade": doc.grade or "",
        "conclusion": doc.conclusion or "",
    }


def _store_evaluation(doc: domain.SelfEvaluation, common: dict[str, Any]) -> models.SelfEvaluation:
    evaluation = models.SelfEvaluation.objects.create(**_evaluation_columns(doc), **common)
    _evaluation_rows(evaluation, doc)
    return evaluation


def _evaluation_rows(evaluation: models.SelfEvaluation, doc: domain.SelfEvaluation) -> None:
    models.GoalResult.objects.bulk_create(
        models.GoalResult(
            evaluation=evaluation, no=g.no, target=g.target, actual=g.actual, **_source(g.source)
        )
        for g in doc.goals
    )
    models.IndicatorResult.objects.bulk_create(
        models.IndicatorResult(
            evaluation=evaluation,
            goal_no=ind.goal_no,
            score=ind.score,
            deviation=ind.deviation or "",
            actual_raw=ind.actual.raw,
            actual=ind.actual.model_dump(mode="json"),
            **_row(i, ind),
        )
        for i, ind in enumerate(doc.indicators)
    )


def rewrite_evaluation(
    evaluation: models.SelfEvaluation,
    doc: domain.SelfEvaluation,
    *,
    findings: Sequence[Finding],
    stamp: Stamp,
) -> models.SelfEvaluation:
    """Replace the content of a draft self-evaluation in place (same version and record), with
    its rows and findings (the caller holds the transaction)."""
    evaluation.goals.all().delete()
    evaluation.indicators.all().delete()
    evaluation.findings.all().delete()
    for name, value in _evaluation_columns(doc).items():
        setattr(evaluation, name, value)
    evaluation.document = doc.model_dump(mode="json")
    evaluation.title, evaluation.findings_count = doc.title, len(findings)
    evaluation.review_profile, evaluation.review_profile_hash = stamp.profile, stamp.profile_hash
    evaluation.save()
    _evaluation_rows(evaluation, doc)
    _store_findings(findings, doc.indicators, evaluation=evaluation)
    return evaluation


def number(value: Decimal | None) -> Decimal | None:
    """A decimal without padding zeros (``2.0000`` → ``2``, ``8.60`` → ``8.6``)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()

"""Domain objects ↔ stored rows, nothing else: no grading, no settings, no audit.

A version row keeps the whole domain document as its interchange JSON (``document``), so
:func:`load` gives back exactly what was stored — every field, Decimal amounts exact — and the
model can grow without losing data. The other columns and the indicator, goal and finding rows
copy parts of it so that pages can filter, search and sum; the finding rows are
:mod:`jixiao.web.finding_rows`'. State changes go through :mod:`jixiao.web.actions`, which call
these functions inside their transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import Model
from pydantic import BaseModel, TypeAdapter

from jixiao.domain import model as domain
from jixiao.domain.records import department_key, normalise_name, record_key
from jixiao.domain.review import Finding, finding_row
from jixiao.domain.review.finding_row import source_columns
from jixiao.domain.row_values import RowValues, evaluation_columns, row_values
from jixiao.web import generations, models, totals, unsaved

__all__ = [
    "ORDERED",
    "Child",
    "Columns",
    "Rows",
    "Stamp",
    "adopt",
    "columns_of",
    "department_row",
    "find_department",
    "jsonable",
    "load",
    "new_department",
    "number",
    "planned_parent",
    "rewrite",
    "rewrite_evaluation",
    "rows",
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
    stored = department_row(dept)
    stored.parent = planned_parent(dept)
    generations.bump(generations.DEPARTMENTS)  # the tree changes: read it again
    stored.save()
    if stored.code.endswith("101"):
        adopt(stored)
    return stored


def department_row(dept: domain.Department) -> models.Department:
    """``dept``'s row, unsaved and without a parent (a nameless department named by its code)."""
    dept = named(dept)
    if not dept.name.strip():
        dept = dept.model_copy(update={"name": dept.code})
    return models.Department(
        key=department_key(dept),
        code=(dept.code or "").strip(),
        name=dept.name.strip(),
        name_key=normalise_name(dept.name),
    )


def adopt(head: models.Department, *, before: int | None = None) -> None:
    """The units of ``head``'s prefix without a parent (other than 主管部门; only those whose key
    is below ``before``) put under ``head``."""
    orphans = models.Department.objects.filter(code__startswith=head.code[:3], parent=None)
    if before is not None:
        orphans = orphans.filter(pk__lt=before)
    orphans.exclude(pk=head.pk).exclude(code__endswith="101").update(parent=head)


def planned_parent(dept: domain.Department) -> models.Department | None:
    """Where a new ``dept`` goes in the tree: under the ``…101`` unit of its code's first three
    digits (its 主管部门) when that is stored; None for a 主管部门 itself or a unit without code."""
    code = (dept.code or "").strip()
    if not code or code.endswith("101"):
        return None
    return models.Department.objects.filter(code=f"{code[:3]}101").first()


#: a child row's values by field name, its version row not among them; a JSON column's value
#: may be a domain object (pydantic), which is stored as its JSON (``model_dump(mode="json")``)
Columns = dict[str, Any]
#: a child row as it is built: its :data:`Columns`, or its values in its model's order of names
#: (:data:`ORDERED`)
Child = Columns | Sequence[Any]

#: the columns every indicator row has (:class:`~jixiao.web.models.TargetColumns`: its place,
#: then its target's), in the model's order, which :mod:`jixiao.domain.row_values` gives them in
_TARGET_COLUMNS = tuple(f.name for f in models.TargetColumns._meta.local_fields)
#: the child models whose rows come as their values in this order of field names, not as
#: :data:`Columns`: the finding rows, as the review makes them (tuples,
#: :data:`~jixiao.domain.review.finding_row.COLUMNS`), and the indicator rows (≈ 65,000 per
#: 5,000 tables), which :func:`jixiao.web.bulk.insert` lays out for its statement without
#: making each a dictionary first
ORDERED: dict[type[Model], Sequence[str]] = {
    models.Finding: finding_row.COLUMNS,
    models.Indicator: (*_TARGET_COLUMNS, "description"),
    models.IndicatorResult: (
        *_TARGET_COLUMNS,
        "goal_no",
        "score",
        "deviation",
        "actual_raw",
        "actual",
    ),
}


def columns_of(row: Child, order: Sequence[str] | None) -> Columns:
    """A child row's :data:`Columns`: ``row`` itself, or its values (in ``order``) by name."""
    return dict(zip(order, row, strict=True)) if order is not None else cast(Columns, row)


@dataclass
class Rows:
    """The unsaved rows of one stored version: the version row (its ``document`` the domain
    document's JSON text as UTF-8 bytes until it is written), then the column values of its children (their version row is set when they are written: :meth:`instances`, or by
    :func:`jixiao.web.bulk.insert`, which writes them without building model instances)."""

    version: Stored
    goals: list[Columns]
    indicators: list[tuple[Any, ...]]  # in the order of their model's names (:data:`ORDERED`)
    findings: Sequence[finding_row.Row]  # as the review made them (:data:`ORDERED`)
    search: list[Columns]  # target tables only

    @property
    def owner(self) -> str:
        """The children's foreign key to the version row."""
        return "project" if isinstance(self.version, models.Project) else "evaluation"

    def children(self) -> list[tuple[type[Model], Sequence[Child]]]:
        """The child rows by model, in the order they are written."""
        if isinstance(self.version, models.Project):
            kinds: tuple[type[Model], ...] = (models.Goal, models.Indicator)
        else:
            kinds = (models.GoalResult, models.IndicatorResult)
        return list(
            zip(
                (*kinds, models.Finding, models.SearchText),
                (self.goals, self.indicators, self.findings, self.search),
                strict=True,
            )
        )

    def instances(self) -> list[tuple[type[Model], list[Model]]]:
        """The child rows as unsaved model instances pointing at the (saved) version row."""
        owner = {self.owner: self.version}
        return [
            (
                model,
                [model(**owner, **jsonable(columns_of(row, ORDERED.get(model)))) for row in rows],
            )
            for model, rows in self.children()
        ]


def jsonable(columns: Columns) -> Columns:
    """``columns`` with each domain object, or JSON text (:mod:`jixiao.domain.row_values`),
    given as its JSON value (as a model's JSON field takes it)."""
    return {name: _json_value(value) for name, value in columns.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return json.loads(value) if isinstance(value, bytes) else value


def rows(
    values: RowValues,
    *,
    table: bool,
    key: str,
    department: models.Department,
    version: int,
    is_current: bool,
    batch: models.ImportBatch | None,
    user: Any,
    findings: Sequence[finding_row.Row],
    stamp: Stamp,
) -> Rows:
    """The rows of one version of a record with its findings (as their rows,
    :func:`jixiao.domain.review.finding_row.rows` of the document's), unsaved (the caller writes
    them in bulk, in its transaction, after marking the previous version as not current).
    ``key`` is the record key's name (``record_key(document).name``, which the caller's plan
    has worked out already); ``values`` what the rows copy of the document
    (:func:`jixiao.domain.row_values.row_values`, made by the sandbox worker that read it on an
    import), ``table`` whether it is a target table (else a self-evaluation): only the columns
    that depend on the database, the batch and the review are added."""
    common = {
        "batch": batch,
        "key": key,
        "version": version,
        "is_current": is_current,
        # the document's JSON text: the bulk writer sends it as it is (COPY) or decoded;
        # :func:`store` gives the model its JSON
        "document": values.text,
        "created_by": user if getattr(user, "is_authenticated", False) else None,
        "review_profile": stamp.profile,
        "review_profile_hash": stamp.profile_hash,
        "findings_count": len(findings),
        "department": department,
        **values.version,
    }
    if table:
        project = unsaved.new(
            models.Project, grade=stamp.grade, department_code=department.code, **common
        )
        return Rows(project, values.goals, values.indicators, findings, values.search)
    evaluation = unsaved.new(models.SelfEvaluation, **common)
    return Rows(evaluation, values.goals, values.indicators, findings, [])


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
    """Write one (current) version of a record with its rows, findings and search text (the caller
    holds the transaction and has marked the previous version as not current)."""
    built = rows(
        row_values(document),
        table=isinstance(document, domain.TargetTable),
        key=record_key(document).name,
        department=department,
        version=version,
        is_current=True,
        batch=batch,
        user=user,
        findings=finding_row.rows(findings, document.indicators),
        stamp=stamp,
    )
    built.version.document = document.model_dump(mode="json")
    built.version.save()
    _save_children(built)
    totals.touch(department.pk)
    return built.version


def _save_children(built: Rows) -> None:
    """Write the children of a saved version row (one INSERT per kind)."""
    for model, children in built.instances():
        if children:
            model._default_manager.bulk_create(children)


def rewrite(
    project: models.Project,
    doc: domain.TargetTable,
    *,
    findings: Sequence[Finding],
    stamp: Stamp,
) -> models.Project:
    """Replace the content of a draft version in place (a new revision, same version and record
    unless the project was renamed), with its rows, findings and search text (the caller holds
    the transaction)."""
    totals.touch(project.department_id)
    project.goals.all().delete()
    project.indicators.all().delete()
    project.findings.all().delete()
    models.SearchText.objects.filter(project=project).delete()
    project.document = doc.model_dump(mode="json")
    project.document_id = doc.id or ""
    project.key = record_key(doc).name
    project.name, project.title, project.year = doc.project.name, doc.title, doc.year
    project.budget_total, project.budget_fiscal = doc.budget.total, doc.budget.fiscal
    project.budget_other, project.purpose = doc.budget.other, doc.purpose or ""
    project.grade, project.findings_count = stamp.grade, len(findings)
    project.review_profile, project.review_profile_hash = stamp.profile, stamp.profile_hash
    for name, value in source_columns(doc.source).items():
        setattr(project, name, value)
    project.save()
    values = row_values(doc)
    found = finding_row.rows(findings, doc.indicators)
    _save_children(Rows(project, values.goals, values.indicators, found, values.search))
    return project


def number(value: Decimal | None) -> Decimal | None:
    """A decimal without padding zeros (``2.0000`` → ``2``, ``8.60`` → ``8.6``)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


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
    for name, value in evaluation_columns(doc).items():
        setattr(evaluation, name, value)
    evaluation.document = doc.model_dump(mode="json")
    evaluation.title, evaluation.findings_count = doc.title, len(findings)
    evaluation.review_profile, evaluation.review_profile_hash = stamp.profile, stamp.profile_hash
    evaluation.save()
    totals.touch(evaluation.department_id)
    values = row_values(doc)
    found = finding_row.rows(findings, doc.indicators)
    _save_children(Rows(evaluation, values.goals, values.indicators, found, []))
    return evaluation

"""Domain objects ↔ stored rows: :func:`save` writes documents, :func:`target_table` and
:func:`self_evaluation` read them back as the same domain objects.

The department tree (主管部门 → 预算单位) follows the budget codes: the unit whose code ends in
``101`` (本级, e.g. ``362101``) is the parent of the other units sharing its first three digits
(``362207``, ``362303``). A document without a code joins the department of the same name.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings

from jixiao.domain import model as domain
from jixiao.domain.review import Finding, grade
from jixiao.domain.targets import Target
from jixiao.web import models

__all__ = ["save", "self_evaluation", "target_table"]


def save(
    document: domain.TargetTable | domain.SelfEvaluation,
    batch: models.ImportBatch,
    findings: Sequence[Finding] = (),
) -> models.Project | models.SelfEvaluation:
    """Store one document of ``batch`` with its review findings (the caller holds the transaction).

    A target table also gets the review grade its findings suggest (优/良/中/差).
    """
    if isinstance(document, domain.TargetTable):
        project = _save_table(document, batch)
        project.grade = grade(findings, settings.JIXIAO_REVIEW_PROFILE)
        project.findings_count = len(findings)
        project.save(update_fields=["grade", "findings_count"])
        _save_findings(findings, document.indicators, project=project)
        return project
    evaluation = _save_evaluation(document, batch)
    _save_findings(findings, document.indicators, evaluation=evaluation)
    return evaluation


def _save_findings(
    findings: Sequence[Finding],
    indicators: Sequence[domain.Indicator] | Sequence[domain.IndicatorResult],
    **owner: Any,
) -> None:
    """Store findings, each on the indicator row it names (by source line, else by 三级指标)."""
    by_line = {ind.source.line: i for i, ind in enumerate(indicators) if ind.source.line}
    by_name = {ind.level3: i for i, ind in reversed(list(enumerate(indicators)))}
    models.Finding.objects.bulk_create(
        models.Finding(
            indicator_position=_position(f, by_line, by_name),
            rule=f.rule,
            severity=f.severity,
            category=f.category,
            title=f.title,
            message=f.message,
            suggestion=f.suggestion,
            field=f.field,
            **_source(f.source),
            **owner,
        )
        for f in findings
    )


def _position(finding: Finding, by_line: dict[int, int], by_name: dict[str, int]) -> int | None:
    if finding.field != "indicator":
        return None
    if finding.source.line in by_line:
        return by_line[finding.source.line]
    return by_name.get(finding.indicator or "")


def department(dept: domain.Department) -> models.Department:
    """The stored department for ``dept``, created (and placed in the tree) when new."""
    if not dept.code:
        found = models.Department.objects.filter(name=dept.name).order_by("-code").first()
        return found or models.Department.objects.create(code="", name=dept.name)
    stored, created = models.Department.objects.get_or_create(code=dept.code, name=dept.name)
    if created:
        _place(stored)
    return stored


def _place(stored: models.Department) -> None:
    prefix, is_head = stored.code[:3], stored.code.endswith("101")
    if is_head:
        models.Department.objects.filter(code__startswith=prefix, parent=None).exclude(
            pk=stored.pk
        ).update(parent=stored)
        return
    head = models.Department.objects.filter(code=f"{prefix}101").first()
    if head:
        stored.parent = head
        stored.save(update_fields=["parent"])


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


def _save_table(doc: domain.TargetTable, batch: models.ImportBatch) -> models.Project:
    project = models.Project.objects.create(
        batch=batch,
        document_id=doc.id or "",
        department=department(doc.department),
        year=doc.year,
        name=doc.project.name,
        title=doc.title,
        number=doc.number,
        money_unit=doc.money_unit,
        budget_total=doc.budget.total,
        budget_fiscal=doc.budget.fiscal,
        budget_other=doc.budget.other,
        purpose=doc.purpose or "",
        **_source(doc.source),
    )
    models.Goal.objects.bulk_create(
        models.Goal(project=project, position=i, text=text) for i, text in enumerate(doc.goals)
    )
    models.Indicator.objects.bulk_create(
        models.Indicator(project=project, description=ind.description or "", **_row(i, ind))
        for i, ind in enumerate(doc.indicators)
    )
    return project


def _save_evaluation(
    doc: domain.SelfEvaluation, batch: models.ImportBatch
) -> models.SelfEvaluation:
    b = doc.budget
    evaluation = models.SelfEvaluation.objects.create(
        batch=batch,
        document_id=doc.id or "",
        department=department(doc.department),
        scope=doc.scope,
        project_name=doc.project.name if doc.project else "",
        title=doc.title,
        year=doc.year,
        budget_initial=b.initial,
        budget_annual=b.annual,
        budget_executed=b.executed,
        budget_rate=b.rate,
        budget_weight=b.weight,
        budget_score=b.score,
        budget_deviation=b.deviation or "",
        budget_source=b.source.model_dump(mode="json") if b.source else None,
        goal_deviation=doc.goal_deviation or "",
        total_weight=doc.total_weight,
        total=doc.total,
        grade=doc.grade or "",
        conclusion=doc.conclusion or "",
        **_source(doc.source),
    )
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
    return evaluation


def source(row: models.Source) -> domain.Source:
    """The domain :class:`~jixiao.domain.model.Source` of a stored row."""
    return domain.Source(file=row.source_file, line=row.source_line, cell=row.source_cell or None)


def _dept(stored: models.Department) -> domain.Department:
    return domain.Department(code=stored.code or None, name=stored.name)


def _blank(text: str) -> str | None:
    return text or None


def number(value: Decimal | None) -> Decimal | None:
    """A stored decimal without the padding of its column (``2.0000`` → ``2``, ``8.60`` → ``8.6``)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def target_table(project: models.Project) -> domain.TargetTable:
    """The stored project as the :class:`~jixiao.domain.model.TargetTable` it was imported from."""
    return domain.TargetTable(
        id=project.document_id or None,
        number=project.number,
        title=project.title,
        year=project.year,
        department=_dept(project.department),
        project=domain.Project(name=project.name),
        money_unit=project.money_unit,
        budget=domain.ProjectBudget(
            total=number(project.budget_total),
            fiscal=number(project.budget_fiscal),
            other=number(project.budget_other),
        ),
        purpose=_blank(project.purpose),
        goals=tuple(g.text for g in project.goals.all()),
        indicators=tuple(
            domain.Indicator(
                level1=i.level1,
                level2=i.level2,
                level3=i.level3,
                description=_blank(i.description),
                target=Target.model_validate(i.target),
                weight=number(i.weight),
                source=source(i),
            )
            for i in project.indicators.all()
        ),
        source=source(project),
    )


def self_evaluation(evaluation: models.SelfEvaluation) -> domain.SelfEvaluation:
    """The stored self-evaluation as its :class:`~jixiao.domain.model.SelfEvaluation`."""
    e = evaluation
    return domain.SelfEvaluation(
        id=e.document_id or None,
        scope=e.scope,
        title=e.title,
        year=e.year,
        department=_dept(e.department),
        project=domain.Project(name=e.project_name) if e.project_name else None,
        budget=domain.ExecutionBudget(
            initial=number(e.budget_initial),
            annual=number(e.budget_annual),
            executed=number(e.budget_executed),
            rate=number(e.budget_rate),
            weight=number(e.budget_weight),
            score=number(e.budget_score),
            deviation=_blank(e.budget_deviation),
            source=domain.Source.model_validate(e.budget_source) if e.budget_source else None,
        ),
        goals=tuple(
            domain.GoalResult(no=g.no, target=g.target, actual=g.actual, source=source(g))
            for g in e.goals.all()
        ),
        goal_deviation=_blank(e.goal_deviation),
        indicators=tuple(
            domain.IndicatorResult(
                goal_no=i.goal_no,
                level1=i.level1,
                level2=i.level2,
                level3=i.level3,
                target=Target.model_validate(i.target),
                actual=Target.model_validate(i.actual),
                weight=number(i.weight),
                score=number(i.score),
                deviation=_blank(i.deviation),
                source=source(i),
            )
            for i in e.indicators.all()
        ),
        total_weight=number(e.total_weight),
        total=number(e.total),
        grade=_blank(e.grade),
        conclusion=_blank(e.conclusion),
        source=source(e),
    )

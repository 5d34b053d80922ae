"""The editor's view of stored data: who may write a new draft where, the live review of a draft
with the documents a reviewer's review sees, and the 指标库 drawn from stored tables.

The live review and the review stored with a saved draft are the same call (:func:`review`), so
the editor shows the findings a reviewer will see: the draft reviewed together with last year's
self-evaluations of its department family (cross-document rules such as APP-02 目标偏低).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from jixiao.domain import library
from jixiao.domain.drafting import Built, TableFields, build
from jixiao.domain.levels import ALIASES, canonical
from jixiao.domain.model import Department, SelfEvaluation, TargetTable
from jixiao.domain.records import normalise_name
from jixiao.domain.review import Finding
from jixiao.domain.targets import Target
from jixiao.domain.workflow import IN_FORCE, Action, Denied, State, Subject, can
from jixiao.domain.workflow.policy import Decision
from jixiao.domain.workflow.states import DocKind
from jixiao.domain.workflow.table import grants
from jixiao.web import engines, generations, models, permissions, storage

__all__ = [
    "curation",
    "domain_department",
    "editable_departments",
    "fields_for",
    "history",
    "may_create",
    "may_write",
    "no_unit",
    "past_rows",
    "review",
    "uses",
]


def may_create(
    user: Any, department: models.Department | int, kind: DocKind = "target_table"
) -> Decision:
    """Whether ``user`` may write a new draft (草稿) of ``kind`` for ``department`` (or the
    department of that key) (编辑 on a new draft)."""
    who = permissions.actor(user)
    if who is None:
        return permissions.NO_ROLE
    pk = department if isinstance(department, int) else department.pk
    subject = Subject(permissions.department_path(pk), kind, State.DRAFT)
    return can(who, Action.EDIT_DRAFT, subject)


def editable_departments(user: Any) -> list[models.Department]:
    """The departments ``user`` may write new drafts for (a unit editor: their own unit)."""
    return [d for d in permissions.visible_departments(user) if may_create(user, d)]


def may_write(user: Any) -> bool:
    """Whether ``user`` may write a new draft for some department (no department row read; a
    role that may not write drafts is answered without looking at any department)."""
    who = permissions.actor(user)
    if who is None or not grants(Action.EDIT_DRAFT, who.role):
        return False
    return any(may_create(user, pk) for pk in permissions.reachable_ids(user))


def no_unit(user: Any) -> Denied:
    """Why ``user`` has no department to write a new draft for (“您的角色无权编辑” …)."""
    who = permissions.actor(user)
    if who is None:
        return permissions.NO_ROLE
    decision = can(who, Action.EDIT_DRAFT, Subject(who.department, "target_table", State.DRAFT))
    return decision if isinstance(decision, Denied) else Denied("您没有可以填报的单位", "role")


def fields_for(department: models.Department, year: int | None) -> TableFields:
    """Empty fields of a new table of ``department``."""
    return TableFields(department=domain_department(department), year=year)


def domain_department(department: models.Department) -> Department:
    """The 预算单位 a new table of ``department`` names."""
    return Department(code=department.code or None, name=department.name)


def _family(department: models.Department) -> Q:
    """The departments reviewed together with ``department`` (same 3-digit code prefix)."""
    if department.code:
        return Q(department__code__startswith=department.code[:3])
    return Q(department=department)


def context(table: TargetTable, department: models.Department) -> list[SelfEvaluation]:
    """Last year's current self-evaluations of the department family (what APP-02 compares)."""
    if table.year is None:
        return []
    rows = models.SelfEvaluation.objects.filter(
        _family(department), year=table.year - 1, is_current=True
    )
    return [storage.self_evaluation(row) for row in rows]


def review(table: TargetTable, department: models.Department) -> tuple[list[Finding], str]:
    """The findings of a draft, as its reviewers will see them, and the review profile used."""
    documents: list[Any] = [table, *context(table, department)]
    profile = engines.review_profile(documents)
    return engines.review_per_document(documents, profile)[0], profile


def reviewed(fields: TableFields, department: models.Department) -> tuple[Built, list[Finding]]:
    """The table built from ``fields`` and its findings."""
    built = build(fields)
    return built, review(built.table, department)[0]


def past_rows(department: models.Department, year: int | None, project: str) -> list[library.Past]:
    """Last year's self-evaluation rows of ``department``, those of ``project`` marked."""
    if year is None:
        return []
    wanted = normalise_name(project)
    rows = models.IndicatorResult.objects.filter(
        evaluation__department=department, evaluation__year=year - 1, evaluation__is_current=True
    ).values_list("level2", "level3", "target", "actual", "evaluation__key")
    return [
        library.Past(
            year=year - 1,
            level2=level2,
            level3=level3,
            target=Target.model_validate(target),
            actual=Target.model_validate(actual),
            same_project=bool(wanted) and key == wanted,
        )
        for level2, level3, target, actual, key in rows
    ]


def history(department: models.Department, year: int | None, project: str) -> library.History:
    """Last year's rows of ``department`` as the editor looks them up (with the curation)."""
    return library.History(past_rows(department, year, project), curation())


def uses(user: Any, level2: str | None = None) -> list[library.Use]:
    """Every indicator row of the current target tables and self-evaluations ``user`` may see or
    that are in force (approved, reviewed, published: the library is shared knowledge, a draft of
    another department is not), alike rows once with their number (:attr:`library.Use.count`);
    only those of the 二级指标 ``level2`` when given.

    Computed once per state of the kept totals (:func:`jixiao.web.generations.cached_parts`:
    every action that writes indicator rows or changes which versions are current or in force
    recounts them) for the user's scope, every 二级指标 at once: one scan of each table's rows
    for all of them (a 二级指标 of the self-evaluations' rows, which have no index of it, was a
    scan of the whole table each), each kept apart so that a request reads only its own."""
    sources: tuple[tuple[Any, str, QuerySet[Any], bool], ...] = (
        (
            models.Indicator.objects,
            "project",
            permissions.visible(user, models.Project.objects.all()),
            permissions.sees_everything(user, "target_table"),
        ),
        (
            models.IndicatorResult.objects,
            "evaluation",
            permissions.visible(user, models.SelfEvaluation.objects.all()),
            permissions.sees_everything(user, "self_evaluation"),
        ),
    )
    owners = [owner for _, owner, _, _ in sources]
    spellings = _spellings(level2) if level2 else None
    parts = None if spellings is None else [(o, s) for o in owners for s in spellings]
    key = ("library", [generations.scope(visible) for _, _, visible, _ in sources])
    kept = generations.cached_parts("totals", key, parts, lambda: _uses(sources))
    return [use for owner in owners for use in _ranked(kept, owner)]


def _ranked(kept: dict[tuple[str, str], list[library.Use]], owner: str) -> list[library.Use]:
    """The uses of one table's parts (二级指标), most used first, as one grouping of them gives."""
    found = [use for (source, _), part in kept.items() if source == owner for use in part]
    return sorted(found, key=lambda use: (-use.count, use.level3))


def _uses(
    sources: tuple[tuple[Any, str, QuerySet[Any], bool], ...],
) -> dict[tuple[str, str], list[library.Use]]:
    """The rows of :func:`uses`, grouped in SQL, by table and 二级指标. For a user who sees
    every version (``everything``) the rows of the current versions are those of no superseded
    one: a test of each row's version key against the few superseded versions (a small partial
    index), which PostgreSQL applies as it scans the rows, instead of joining every row with its
    version. For another user, the versions seen or in force are tested by their own columns,
    so that the planner estimates how few they are and reads only their rows."""
    in_force = [str(s) for s in IN_FORCE]
    found: dict[tuple[str, str], list[library.Use]] = {}
    for rows, owner, visible, everything in sources:
        if everything:
            superseded = visible.model.objects.filter(is_current=False)
            selected = rows.exclude(**{f"{owner}__in": superseded.values("pk")})
        else:
            versions = visible.filter(is_current=True)
            shown = versions | versions.model.objects.filter(is_current=True, state__in=in_force)
            selected = rows.filter(**{f"{owner}__in": shown.values("pk")})
        for use in _grouped(selected):
            found.setdefault((owner, use.level2), []).append(use)
    return found


LOOKUP = 900  # rows read by key in one query (SQLite's limit of parameters: 999 before 3.32)


def _grouped(rows: QuerySet[Any]) -> list[library.Use]:
    """The uses of ``rows``, alike rows once with their number, most used first.

    Counted in SQL by the columns of :data:`models.LIBRARY` — the 二级 / 三级指标 and the
    指标值's text and parsed columns, which the readers make from the text and its row alone, so
    that rows alike in them are alike in their whole 指标值 (only an interchange JSON file, which
    gives a 指标值 whole, could make two differ in a field no column keeps: the group shows one
    row's) — not by the 指标值's JSON, which PostgreSQL sorted row by row (on disk at a
    province's size). No index of those columns: the import would pay for it (docs/
    province-scale.md, branch ``lib3``). The whole 指标值 is then read
    from one row of each group. So the library loads each distinct 指标值 of a name once, not
    every row of a province's year."""
    counted = rows.order_by().values(*models.LIBRARY).annotate(count=Count("pk"), first=Min("pk"))
    groups = list(counted.order_by("-count", "level3").values_list("first", "count"))
    firsts = [first for first, _ in groups]
    found: dict[int, library.Use] = {}
    for start in range(0, len(firsts), LOOKUP):
        read = rows.model.objects.filter(pk__in=firsts[start : start + LOOKUP]).order_by()
        for pk, level2, level3, target in read.values_list("pk", "level2", "level3", "target"):
            found[pk] = library.Use(level2, level3, Target.model_validate(target))
    return [replace(found[first], count=count) for first, count in groups]


def _spellings(level2: str) -> list[str]:
    """The stored spellings of a 二级指标 (``数量`` and ``数量指标`` are one)."""
    wanted = canonical(level2)
    return [wanted, *(alias for alias, name in ALIASES.items() if name == wanted)]


def curation() -> library.Curation:
    """What finance reviewers decided about the library (recommended, merged spellings)."""
    entries = list(models.LibraryEntry.objects.all())
    return library.Curation(
        recommended=frozenset((e.level2, e.name_key) for e in entries if e.recommended),
        merged={(e.level2, e.name_key): e.merged_into for e in entries if e.merged_into},
    )


def findings_by_row(findings: Sequence[Finding]) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """Findings on indicator rows (by the row's 0-based place in the form) and on the table."""
    rows: dict[int, list[Finding]] = {}
    table: list[Finding] = []
    for finding in findings:
        line = finding.source.line
        if finding.field == "indicator" and line:
            rows.setdefault(line - 1, []).append(finding)
        else:
            table.append(finding)
    return rows, table

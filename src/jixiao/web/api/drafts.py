"""The editor's save over the API: a target table as written (草稿), checked and saved.

The routes (``POST /projects``, ``PUT /projects/{id}``) are in :mod:`jixiao.web.api.projects`,
which owns those paths; this module holds what they send and answer and the save itself.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from jixiao.domain import drafting
from jixiao.domain.workflow import Refused
from jixiao.web import actions, drafts, models
from jixiao.web.api.common import REFUSALS, FindingOut, Refusal, refusal


class BudgetIn(Schema):
    """项目资金 in 万元, as decimal strings (``"12.5"``; numbers would lose exactness)."""

    total: str = ""
    fiscal: str = ""
    other: str = ""


class RowIn(Schema):
    level1: str = ""
    level2: str = ""
    level3: str = ""
    description: str = ""
    target: str = ""  # 指标值 as written (``≥100家次``)


class DraftIn(Schema):
    """A target table as the editor writes it; ``base_revision``: the revision it was opened at."""

    project: str
    year: int | None = None
    department_id: int | None = None  # a new draft's unit (default: the user's own)
    budget: BudgetIn = BudgetIn()
    purpose: str = ""
    goals: list[str] = []
    indicators: list[RowIn] = []
    base_revision: int = 0


class DraftOut(Schema):
    id: int
    version: int
    revision: int
    state: str
    findings: list[FindingOut]


class ConflictOut(Schema):
    """保存冲突: the stored revision and what the other person changed (``label_zh`` each)."""

    detail: str
    code: str
    revision: int
    changes: list[str]


DRAFT_ANSWERS = {**REFUSALS, 409: ConflictOut | Refusal}


def _draft_fields(body: DraftIn, department: models.Department) -> drafting.TableFields:
    rows = tuple(drafting.RowFields(**row.dict()) for row in body.indicators[:300])
    return drafting.TableFields(
        department=drafts.domain_department(department),
        year=body.year,
        project=body.project[:500],
        total=body.budget.total[:50],
        fiscal=body.budget.fiscal[:50],
        other=body.budget.other[:50],
        purpose=body.purpose[:4000],
        goals="\n".join(g.replace("\n", " ") for g in body.goals[:100]),
        rows=rows,
    )


def save_body(request: HttpRequest, body: DraftIn, department: models.Department, row: Any) -> Any:
    """Save ``body`` as a new draft (``row`` None: 201) or the next revision of ``row`` (200)."""
    built = drafting.build(_draft_fields(body, department))
    if built.errors:
        return Status(422, {"detail": "；".join(built.errors.values()), "code": "invalid"})
    try:
        saved = actions.save_draft(
            built.table,
            actions.Actor(request.user, "api"),
            department=department,
            row=row,
            base_revision=body.base_revision,
        )
    except Refused as refused:
        return refusal(refused.denied)
    except actions.DraftConflict as conflict:
        changes = [c.label_zh for c in conflict.conflict.theirs]
        answer = {"detail": str(conflict), "code": "conflict", "revision": conflict.revision}
        return Status(409, {**answer, "changes": changes})
    out = {"id": saved.pk, "version": saved.version, "revision": saved.revision}
    return Status(201 if row is None else 200, {**out, "state": saved.state,
                  "findings": list(saved.findings.all())})  # fmt: skip

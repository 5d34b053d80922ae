"""Every action writes its audit row; an action that writes none cannot commit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from jixiao.demo import seed_paths
from jixiao.domain import judgements
from jixiao.web import actions, engines, importing, models, storage
from jixiao.web.actions.audit import NoAuditRow, action

ACTOR = actions.Actor(None, "cli")


def _preview(index: int = 2) -> importing.Preview:
    return importing.preview([importing.Upload.from_path(seed_paths()[index])])


def _imported() -> models.ImportBatch:
    return actions.import_batch(_preview(), ACTOR)


def _expired_upload() -> str:
    pending = actions.stash_upload([importing.Upload.from_path(seed_paths()[2])], ACTOR)
    models.PendingUpload.objects.filter(pk=pending.pk).update(expires_at="2000-01-01T00:00Z")
    return pending.token


def _project(state: str, findings: int | None = None) -> models.Project:
    _imported()
    project = models.Project.objects.order_by("pk").first()
    project.state = state
    project.findings_count = project.findings_count if findings is None else findings
    project.save()
    return project


def _as(role: str, department: models.Department | None = None) -> actions.Actor:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(f"{role}-{get_user_model().objects.count()}")
    models.Membership.objects.create(user=user, role=role, department=department)
    return actions.Actor(user, "web")


def _transition(name: str, state: str, role: str, reason: str = "") -> Any:
    project = _project(state)
    return actions.workflow.TRANSITIONS[name](project, _as(role, project.department), reason)


def _evaluation(state: str) -> models.SelfEvaluation:
    actions.import_batch(_preview(1), ACTOR)
    evaluation = models.SelfEvaluation.objects.order_by("pk").first()
    evaluation.state = state
    evaluation.save()
    return evaluation


def _two_departments() -> tuple[models.Department, models.Department]:
    one = models.Department.objects.create(key="name:甲", name="甲", name_key="甲")
    return one, models.Department.objects.create(key="name:乙", name="乙", name_key="乙")


def _imported_department() -> models.Department:
    _imported()
    return _department()


def _department() -> models.Department:
    return models.Department.objects.order_by("pk").first()


def _draft_table() -> Any:
    from jixiao.domain.drafting import TableFields, build
    from jixiao.domain.model import Department

    return build(TableFields(department=Department(name="甲"), year=2026, project="新项目")).table


def _self_evaluation() -> Any:
    from jixiao.domain import evaluating
    from jixiao.web import engines, storage

    project = _project("approved")
    document = evaluating.skeleton(
        storage.target_table(project), engines.scoring_profile("project")
    )
    return actions.save_self_evaluation(
        document, _as("unit_editor", project.department), project=project
    )


def _rectification() -> models.Rectification:
    evaluation = _evaluation("reviewed")
    return models.Rectification.objects.create(
        evaluation=evaluation, what="补充核查记录", who="辐射处", due="2026-06-30"
    )


def _judge_row() -> None:
    """审核判断 of the first row of a submitted self-evaluation the rules cannot score."""
    evaluation = _evaluation("submitted")
    report = engines.score(storage.self_evaluation(evaluation))
    row = judgements.judgeable(report)[0]
    judgement = judgements.Judgement(row, Decimal(0), "无法核实")
    actions.judge_row(evaluation, _as("finance_reviewer"), judgement)


def _queued_job() -> models.Job:
    return models.Job.objects.create(kind="review", params={"year": 2025})


def _started_job() -> models.Job:
    job = _queued_job()
    return actions.jobs.start_job(job.pk, job.task_id, "test-worker")


def _monitoring() -> models.MonitoringReport:
    """An approved seed table's monitoring report, every row done as planned and explained."""
    from jixiao.domain.monitoring_form import ReportFields, RowFields, build, default_as_of

    project = _project("approved")
    table = storage.target_table(project)
    done = {"reasons": ("其他",), "measures": "按计划推进"}
    rows = tuple(RowFields(progress=i.target.raw, **done) for i in table.indicators)
    fields = ReportFields(default_as_of(table.year).isoformat(), "100", "70", rows=rows)
    editor = _as("unit_editor", project.department)
    return actions.save_monitoring(build(table, fields).report, editor, project=project)


#: how to call each action (a new action without an entry here fails the meta-test)
CALLS: dict[str, Callable[[], Any]] = {
    "submit": lambda: _transition("submit", "draft", "unit_editor"),
    "withdraw": lambda: _transition("withdraw", "submitted", "unit_editor"),
    "forward": lambda: _transition("forward", "submitted", "department_reviewer"),
    "return_": lambda: _transition("return", "submitted", "finance_reviewer", "指标值偏低"),
    "approve": lambda: _transition("approve", "finance_review", "finance_reviewer"),
    "publish": lambda: _transition("publish", "approved", "finance_reviewer"),
    "adjust": lambda: _transition("adjust", "approved", "unit_editor", "预算调整"),
    "accept": lambda: actions.workflow.accept(
        _evaluation("submitted"), _as("finance_reviewer"), ""
    ),
    "bulk_approve": lambda: actions.workflow.bulk_approve(
        [_project("finance_review", 0)], _as("finance_reviewer")
    ),
    "add_comment": lambda: actions.workflow.add_comment(
        _project("submitted"), _as("finance_reviewer"), "请参考上年实际", indicator_position=0
    ),
    "save_user": lambda: actions.save_user(_as("administrator"), "新用户", "auditor"),
    "save_department": lambda: actions.save_department(_as("administrator"), "999101", "新单位"),
    "merge_departments": lambda: actions.merge_departments(
        _as("administrator"), *_two_departments()
    ),
    "save_draft": lambda: actions.save_draft(
        _draft_table(), _as("unit_editor", _imported_department()), department=_department()
    ),
    "save_monitoring": _monitoring,
    "submit_monitoring": lambda: actions.submit_monitoring(
        row := _monitoring(), _as("unit_editor", row.department)
    ),
    "recommend_indicator": lambda: actions.recommend_indicator(
        _as("finance_reviewer"), "数量指标", "现场核查数量"
    ),
    "merge_indicators": lambda: actions.merge_indicators(
        _as("finance_reviewer"), "数量指标", ["现场核查家数"], "现场核查数量"
    ),
    "save_profile": lambda: actions.save_profile(
        _as("finance_reviewer"), "central", 'inherits = "central"\nname = "central"\n'
    ),
    "import_batch": lambda: actions.import_batch(_preview(), ACTOR),
    "delete_batch": lambda: actions.delete_batch(_imported(), ACTOR),
    "delete_project": lambda: (
        _imported(),
        actions.delete_project(models.Project.objects.first(), ACTOR),
    ),
    "delete_evaluation": lambda: (
        actions.import_batch(_preview(1), ACTOR),
        actions.delete_evaluation(models.SelfEvaluation.objects.first(), ACTOR),
    ),
    "dismiss_finding": lambda: (
        _imported(),
        actions.dismiss_finding(models.Finding.objects.first(), ACTOR, "误报"),
    ),
    "stash_upload": lambda: actions.stash_upload(
        [importing.Upload.from_path(seed_paths()[2])], ACTOR
    ),
    "confirm_upload": lambda: actions.confirm_upload(
        actions.stash_upload([importing.Upload.from_path(seed_paths()[2])], ACTOR).token, ACTOR
    ),
    "save_self_evaluation": _self_evaluation,
    "add_rectification": lambda: actions.add_rectification(
        _evaluation("reviewed"),
        _as("finance_reviewer"),
        what="补充核查记录",
        who="辐射处",
        due=date(2026, 6, 30),
    ),
    "judge_row": lambda: _judge_row(),
    "set_rectification_status": lambda: actions.set_rectification_status(
        _rectification(), _as("finance_reviewer"), "done"
    ),
    "queue_job": lambda: actions.jobs.queue_job("review", {"year": 2025}, ACTOR),
    "start_job": lambda: _started_job(),
    "cancel_job": lambda: actions.jobs.cancel_job(_queued_job(), ACTOR),
    "finish_job": lambda: actions.jobs.finish_job(_started_job(), "succeeded", "已完成"),
    "retry_job": lambda: actions.jobs.retry_job(_started_job()),
    "review_year": lambda: (_imported(), actions.review_year(2025, ACTOR)),
    "remove_expired_uploads": lambda: (
        _expired_upload(),
        actions.uploads.remove_expired_uploads(ACTOR),
    ),
}


def test_every_action_has_a_call() -> None:
    assert set(CALLS) == set(actions.ACTIONS)


@pytest.mark.parametrize("name", sorted(actions.ACTIONS))
def test_every_action_writes_its_audit_row(db, name: str) -> None:
    CALLS[name]()
    assert models.AuditEntry.objects.filter(action=_kind(name)).exists()


def _kind(name: str) -> str:
    return {
        "confirm_upload": "import_batch",
        "remove_expired_uploads": "expire_uploads",
        "return_": "return",
        "bulk_approve": "approve",
        "add_comment": "comment",
        "save_self_evaluation": "save_evaluation",
        "set_rectification_status": "update_rectification",
        "submit_monitoring": "submit",
    }.get(name, name)


def test_an_action_without_an_audit_row_is_rolled_back(db) -> None:
    @action
    def rename_silently(department: models.Department) -> None:
        department.name = "改名"
        department.save()

    department = models.Department.objects.create(key="name:x", name="原名", name_key="原名")
    try:
        with pytest.raises(NoAuditRow):
            rename_silently(department)
        department.refresh_from_db()
        assert department.name == "原名"
    finally:
        del actions.ACTIONS["rename_silently"]


def test_audit_rows_say_who_when_what_and_the_values(db) -> None:
    batch = _imported()
    entry = models.AuditEntry.objects.get(action="import_batch")
    assert entry.object_type == "batch" and entry.object_id == str(batch.pk)
    assert entry.via == "cli" and entry.at is not None
    assert entry.new["documents"] == batch.documents > 0
    assert models.AuditEntry.objects.filter(action="new_record").count() == batch.documents

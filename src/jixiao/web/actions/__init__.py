"""Actions (操作): every change of stored state is one function here, run in one transaction that
also writes its audit row (:class:`~jixiao.web.models.AuditEntry`).

Views, the API, the CLI and the demo loader validate their input and call these functions; they
never write models themselves. :data:`ACTIONS` lists every action (the audit meta-test calls each
one and fails when it writes no audit row).
"""

from __future__ import annotations

from jixiao.web.actions import jobs, workflow
from jixiao.web.actions.accounts import merge_departments, save_department, save_user
from jixiao.web.actions.audit import ACTIONS, Actor, NoAuditRow
from jixiao.web.actions.batches import delete_batch
from jixiao.web.actions.documents import delete_evaluation, delete_project
from jixiao.web.actions.editor import DraftConflict, save_draft
from jixiao.web.actions.findings import dismiss_finding
from jixiao.web.actions.imports import import_batch
from jixiao.web.actions.library import merge_indicators, recommend_indicator
from jixiao.web.actions.monitoring import save_monitoring, submit_monitoring
from jixiao.web.actions.profiles import save_profile
from jixiao.web.actions.reviews import review_year
from jixiao.web.actions.selfeval import (
    add_rectification,
    judge_row,
    save_self_evaluation,
    set_rectification_status,
)
from jixiao.web.actions.uploads import (
    AlreadyImported,
    UploadGone,
    confirm_upload,
    expire_uploads,
    stash_upload,
)

__all__ = [
    "ACTIONS",
    "Actor",
    "AlreadyImported",
    "DraftConflict",
    "NoAuditRow",
    "UploadGone",
    "add_rectification",
    "confirm_upload",
    "delete_batch",
    "delete_evaluation",
    "delete_project",
    "dismiss_finding",
    "expire_uploads",
    "import_batch",
    "jobs",
    "judge_row",
    "merge_departments",
    "merge_indicators",
    "recommend_indicator",
    "review_year",
    "save_department",
    "save_draft",
    "save_monitoring",
    "save_profile",
    "save_self_evaluation",
    "save_user",
    "set_rectification_status",
    "stash_upload",
    "submit_monitoring",
    "workflow",
]

"""Stored domain objects. Each model mirrors one class of :mod:`jixiao.domain.model`.

A 指标值 is kept twice on purpose: ``target_raw`` (the exact text) with the main parsed fields as
columns for filtering, and ``target`` (the full parsed :class:`~jixiao.domain.targets.Target` as
JSON) so that a stored table converts back to the very domain object that was imported.
"""

from jixiao.web.models.accounts import ApiToken, Membership
from jixiao.web.models.audit import AuditEntry
from jixiao.web.models.base import MONEY, SCORE, Source, current_index
from jixiao.web.models.derived import Generation, Monitored, SearchText, Total
from jixiao.web.models.editing import (
    Comment,
    DraftRevision,
    EvaluationRevision,
    LibraryEntry,
    Rectification,
    RowJudgement,
)
from jixiao.web.models.jobs import Job
from jixiao.web.models.records import (
    LIBRARY,
    Department,
    Finding,
    Goal,
    GoalResult,
    ImportBatch,
    ImportedFile,
    Indicator,
    IndicatorResult,
    MonitoringReport,
    Project,
    SelfEvaluation,
    TargetColumns,
    Version,
)
from jixiao.web.models.uploads import PendingFile, PendingUpload

__all__ = [
    "LIBRARY",
    "MONEY",
    "SCORE",
    "ApiToken",
    "AuditEntry",
    "Comment",
    "Department",
    "DraftRevision",
    "EvaluationRevision",
    "Finding",
    "Generation",
    "Goal",
    "GoalResult",
    "ImportBatch",
    "ImportedFile",
    "Indicator",
    "IndicatorResult",
    "Job",
    "LibraryEntry",
    "Membership",
    "Monitored",
    "MonitoringReport",
    "PendingFile",
    "PendingUpload",
    "ProfileVersion",
    "Project",
    "Rectification",
    "RowJudgement",
    "SearchText",
    "SelfEvaluation",
    "Source",
    "TargetColumns",
    "Total",
    "Version",
    "current_index",
]

from jixiao.web.profile_versions import ProfileVersion

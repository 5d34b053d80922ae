"""流转与权限: roles, document states, the workflow table and the permission policy (pure).

``can(actor, action, subject)`` answers every permission question from the table in
:mod:`jixiao.domain.workflow.table`; ``transition`` and ``versions.act`` validate a state change
and return the new state or versions; ``locking.check_save`` decides a concurrent draft save.
"""

from jixiao.domain.workflow.locking import Accepted, Conflict, check_save
from jixiao.domain.workflow.policy import (
    ALLOWED,
    HTTP_STATUS,
    Allowed,
    Decision,
    Denied,
    Refused,
    Subject,
    can,
    transition,
)
from jixiao.domain.workflow.roles import PUBLIC, ROLE_LABELS, Actor, DepartmentPath, Role
from jixiao.domain.workflow.states import IN_FORCE, STATE_LABELS, STATES, DocKind, State
from jixiao.domain.workflow.table import ACTIONS, GRANTS, WAITING_ROLE, Action, todo_states
from jixiao.domain.workflow.versions import Version, Versions, act

__all__ = [
    "ACTIONS",
    "ALLOWED",
    "GRANTS",
    "HTTP_STATUS",
    "IN_FORCE",
    "PUBLIC",
    "ROLE_LABELS",
    "STATES",
    "STATE_LABELS",
    "WAITING_ROLE",
    "Accepted",
    "Action",
    "Actor",
    "Allowed",
    "Conflict",
    "Decision",
    "Denied",
    "DepartmentPath",
    "DocKind",
    "Refused",
    "Role",
    "State",
    "Subject",
    "Version",
    "Versions",
    "act",
    "can",
    "check_save",
    "todo_states",
    "transition",
]

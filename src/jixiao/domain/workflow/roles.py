"""角色与管辖范围: who acts (role + department) and which departments a role reaches.

Departments form a tree (主管部门 above its units). An actor's and a document's department are
given as a path of department keys from the root (``("3621", "362101")``); any stable key works
(the 6-digit code or a database id), as long as both sides use the same kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

DepartmentPath = tuple[str, ...]
Scope = Literal["own", "subtree", "all"]


class Role(StrEnum):
    """角色."""

    UNIT_EDITOR = "unit_editor"  # 预算单位填报人
    DEPARTMENT_REVIEWER = "department_reviewer"  # 主管部门审核人
    FINANCE_REVIEWER = "finance_reviewer"  # 财政局审核人
    AUDITOR = "auditor"  # 第三方评价机构、审计（只读）
    ADMINISTRATOR = "administrator"  # 系统管理员
    PUBLIC = "public"  # 公众（未登录）


ROLE_LABELS: dict[Role, str] = {
    Role.UNIT_EDITOR: "预算单位填报人",
    Role.DEPARTMENT_REVIEWER: "主管部门审核人",
    Role.FINANCE_REVIEWER: "财政局审核人",
    Role.AUDITOR: "第三方评价/审计人员",
    Role.ADMINISTRATOR: "系统管理员",
    Role.PUBLIC: "公众",
}

ROLE_SCOPES: dict[Role, Scope] = {
    Role.UNIT_EDITOR: "own",  # 本单位
    Role.DEPARTMENT_REVIEWER: "subtree",  # 本部门及所属单位
    Role.FINANCE_REVIEWER: "all",
    Role.AUDITOR: "all",
    Role.ADMINISTRATOR: "all",
    Role.PUBLIC: "all",  # limited to published documents by the grants, not by department
}

SCOPE_LABELS: dict[Scope, str] = {
    "own": "本单位",
    "subtree": "本部门及所属单位",
    "all": "全部单位",
}


@dataclass(frozen=True)
class Actor:
    """行为人: a role, and for the department-bound roles the path of their department."""

    role: Role
    department: DepartmentPath = ()

    def __post_init__(self) -> None:
        if ROLE_SCOPES[self.role] != "all" and not self.department:
            raise ValueError(f"a {self.role} acts for a department: give its path")

    def reaches(self, department: DepartmentPath) -> bool:
        """Whether ``department`` is within this actor's scope (管辖范围)."""
        scope = ROLE_SCOPES[self.role]
        if scope == "own":
            return department == self.department
        if scope == "subtree":
            return department[: len(self.department)] == self.department
        return True


PUBLIC = Actor(Role.PUBLIC)

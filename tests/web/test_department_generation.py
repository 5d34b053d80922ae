"""The department tree kept per state of the tree (世代 ``departments``): the permissions read its
2,913 departments once per change of it, not on every page — and every writer of the
departments replaces the token first, so that a user's scope follows an administrator's create,
move or merge and an import's new units at once (a writer without it leaves the old scope)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.domain.model import Department
from jixiao.web import actions, generations, models, permissions, storage
from jixiao.web.actions.audit import Actor
from jixiao.web.directory import Directory


def _head(code: str = "111101", name: str = "一局") -> models.Department:
    return storage.new_department(Department(code=code, name=name))


def _reviewer(member: Callable[..., Any], head: models.Department) -> Any:
    """A 主管部门审核人 of ``head``: they reach it and the units below it."""
    return member("department_reviewer", head)


def _reached(user: Any) -> set[int]:
    return set(permissions.reachable_ids(user))


def test_the_tree_is_read_once_per_state_of_it(member) -> None:
    head = _head()
    reviewer = _reviewer(member, head)
    assert _reached(reviewer) == {head.pk}
    with CaptureQueriesContext(connection) as queries:
        assert _reached(reviewer) == {head.pk}
    assert not [q for q in queries if "jixiao_department" in q["sql"]]
    assert generations.token(generations.DEPARTMENTS) is not None


def test_a_new_unit_of_an_import_is_reached_at_once(member) -> None:
    head = _head()
    reviewer = _reviewer(member, head)
    assert _reached(reviewer) == {head.pk}
    batch = [Department(code="111207", name="一局乙")]
    (unit, _), *_ = Directory(batch).create(batch)
    assert _reached(reviewer) == {head.pk, unit.pk}


def test_a_unit_created_one_by_one_is_reached_at_once(member) -> None:
    head = _head()
    reviewer = _reviewer(member, head)
    assert _reached(reviewer) == {head.pk}
    unit = storage.new_department(Department(code="111303", name="一局丙"))
    assert _reached(reviewer) == {head.pk, unit.pk}


def test_a_moved_department_changes_the_scope_at_once(member) -> None:
    head, other = _head(), _head("222101", "二局")
    unit = storage.new_department(Department(code="222207", name="二局乙"))
    reviewer = _reviewer(member, head)
    admin = Actor(member("administrator"))
    assert _reached(reviewer) == {head.pk}
    actions.save_department(admin, unit.code, unit.name, head, unit)
    assert _reached(reviewer) == {head.pk, unit.pk}
    actions.save_department(admin, unit.code, unit.name, other, unit)
    assert _reached(reviewer) == {head.pk}
    created = actions.save_department(admin, "111909", "一局新单位", head)
    assert _reached(reviewer) == {head.pk, created.pk}


def test_a_merge_moves_the_sub_units_at_once(member) -> None:
    head, other = _head(), _head("222101", "二局")
    unit = storage.new_department(Department(code="222207", name="二局乙"))
    reviewer = _reviewer(member, head)
    assert _reached(reviewer) == {head.pk}
    actions.merge_departments(Actor(member("administrator")), other, head)
    assert _reached(reviewer) == {head.pk, unit.pk}


@pytest.mark.parametrize("role", ["unit_editor", "department_reviewer"])
def test_a_members_own_path_follows_a_move(member, role) -> None:
    """The actor's department path (its ancestors) comes from the kept parents too."""
    head, other = _head(), _head("222101", "二局")
    unit = storage.new_department(Department(code="111207", name="一局乙"))
    user = member(role, unit)
    assert permissions.actor(user).department == (str(head.pk), str(unit.pk))
    actions.save_department(Actor(member("administrator")), unit.code, unit.name, other, unit)
    assert permissions.actor(user).department == (str(other.pk), str(unit.pk))

"""The departments a batch creates, set-based (``Directory.create``), are those that
``storage.new_department`` creates one after the other in the same order: the same rows, under
the same 主管部门, with the same parent at creation (the audit row's) — also when a unit comes
before its 主管部门 in the batch, or a stored unit waits for its 主管部门."""

from __future__ import annotations

import pytest
from django.db import transaction

from jixiao.domain.model import Department
from jixiao.web import models, storage
from jixiao.web.directory import Directory

#: stored before the batch: a 主管部门 (111101) and units without one (222303, 333303)
STORED = [
    Department(code="111101", name="一局"),
    Department(code="222303", name="二局直属单位"),
    Department(code="333303", name="三局直属单位"),
    Department(name="无代码单位"),
]

#: the batch, in order: units before their 主管部门 (222…, 444…), units after it (444…), a unit
#: of a stored 主管部门 (111…), names seen twice, a code-less unit, a unit of no 主管部门 (555…),
#: a second 主管部门 of prefix 444 (4449101), a 主管部门 whose code is not its prefix's 101
#: (6667101: it adopts the unit of its prefix before it, but no unit after it names it)
BATCH = [
    Department(code="444303", name="四局甲"),
    Department(code="111207", name="一局乙"),
    Department(code="444303", name="四局甲（重复）"),
    Department(code="222101", name="二局"),
    Department(code="444101", name="四局"),
    Department(code="4449101", name="四局分局"),
    Department(code="444207", name="四局乙"),
    Department(code="44499", name="四局丙"),
    Department(name="无代码单位"),
    Department(name="另一个无代码单位"),
    Department(code="555303", name="外省单位"),
    Department(code="666207", name="六局乙"),
    Department(code="6667101", name="六局"),
    Department(code="666303", name="六局甲"),
]


def _tree() -> list[tuple[str, str, str, str | None]]:
    return sorted(
        (d.key, d.code, d.name, d.parent.key if d.parent else None)
        for d in models.Department.objects.select_related("parent")
    )


def _one_by_one() -> tuple[list[tuple[str, str, str, str | None]], list[str | None]]:
    """The tree and the parents at creation when ``BATCH`` is created one department at a time."""
    directory = Directory(BATCH)
    born = []
    for dept in BATCH:
        if directory.find(dept) is None:
            created = storage.new_department(dept)
            directory.add(created)
            born.append(created.parent.key if created.parent else None)
    return _tree(), born


@pytest.mark.django_db(transaction=True)
def test_a_batch_creates_the_departments_that_one_by_one_creation_creates() -> None:
    for dept in STORED:
        storage.new_department(dept)
    with transaction.atomic():
        expected, expected_born = _one_by_one()
        transaction.set_rollback(True)
    assert models.Department.objects.count() == len(STORED)
    directory = Directory(BATCH)
    created = directory.create(BATCH)
    by_key = {d.pk: d.key for d in models.Department.objects.all()}
    assert [None if parent is None else by_key[parent] for _, parent in created] == expected_born
    assert _tree() == expected
    assert [row.key for row, _ in created] == [
        storage.department_row(d).key
        for d in BATCH
        if d.name not in ("四局甲（重复）", "无代码单位")
    ]
    assert all(directory.find(d) is not None for d in BATCH)
    stored = models.Department.objects.exclude(pk__in=[row.pk for row, _ in created])
    assert all(directory.created(row.pk) for row, _ in created)
    assert stored.count() == len(STORED) and not any(directory.created(d.pk) for d in stored)
    assert directory.create(BATCH) == []  # all stored now
    tree = dict((key, parent) for key, _, _, parent in expected)
    assert tree["code:444303"] == "code:444101"  # adopted by its 主管部门 created after it
    assert tree["code:222303"] == "code:222101"  # stored, adopted
    assert tree["code:111207"] == "code:111101"
    assert tree["code:44499"] == "code:444101"
    assert tree["code:555303"] is None and tree["code:4449101"] is None
    assert tree["code:666207"] == "code:6667101" and tree["code:666303"] is None

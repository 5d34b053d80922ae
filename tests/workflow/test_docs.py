"""docs/workflow.md is generated from the workflow table and must be current."""

from __future__ import annotations

import os
from pathlib import Path

from jixiao.domain.workflow.docs import markdown
from jixiao.domain.workflow.table import ACTIONS, GRANTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


def test_docs_workflow_md_is_current() -> None:
    fresh = markdown()
    if os.environ.get("JIXIAO_WRITE_DOCS") == "1":
        DOC.write_text(fresh, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == fresh, (
        "docs/workflow.md is stale: run JIXIAO_WRITE_DOCS=1 pytest tests/workflow"
    )


def test_every_action_and_transition_is_documented() -> None:
    text = markdown()
    for action, info in ACTIONS.items():
        assert f"`{action}`" in text and info.label in text
    assert all(g.action in ACTIONS for g in GRANTS)
    assert "已批复，如需修改请发起调整" in text

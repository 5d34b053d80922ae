"""保留的评分 (kept scores): a stored self-evaluation's recomputed scores, 人工调整 and indicator
rows, worked out once per process for each state of what they depend on, not on every view of
its page — with the rows' cells as the page shows them (HTML, scores formatted: ≈ 500 filter
calls and ≈ 1,300 escapes a view, :func:`jixiao.web.templatetags.evaluation_rows.cells`).

The self-evaluation page read and validated the stored document (≈ 2–4 ms for ~160 rows), scored
it under the scoring profile (≈ 5–9 ms) and read its indicator rows (≈ 2 ms) on every request.
They depend only on

- the stored version: its row id, when it was made (SQLite gives again an id that a rolled-back
  transaction had taken) and its version number; for a draft also its 修订号 (``revision``: a
  draft's content is rewritten in place only by ``actions.selfeval.save_self_evaluation``, which
  moves it to the next revision in the same transaction, its indicator rows with it), and
- the scoring profile chosen for its scope (the settings) and that profile's content (digest).

:func:`scored` keeps them under that key in a small table of this process (the most recently used
:data:`SIZE`): the document and its report are frozen domain objects, shared as they are (Django's
cache framework would pickle them, which costs more than scoring again). A key of a row as it was
is never asked for again once the row changed, so nothing is invalidated by hand; a server
restarted with other profile files starts empty.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from types import SimpleNamespace
from typing import Any, Literal, NamedTuple

from jixiao.domain import evaluating
from jixiao.domain.evaluating import Adjustment
from jixiao.domain.scoring import ScoreReport
from jixiao.web import engines, models, storage
from jixiao.web.templatetags import evaluation_rows

__all__ = ["SHOWN_ROW", "SIZE", "Scored", "clear", "scored"]

SIZE = 64  # self-evaluations kept per process (≈ 0.5 MB each at ~160 rows: ≈ 32 MB)

#: what the self-evaluation page shows of an indicator row (not its parsed JSON columns)
SHOWN_ROW = ("position", "level2", "level3", "target_raw", "actual_raw", "weight", "score")


class Scored(NamedTuple):
    """What the page derives from a stored version alone (shared: never changed)."""

    scope: Literal["department", "project"]  # 整体支出 or 项目支出, as the document says
    report: ScoreReport
    adjustments: tuple[Adjustment, ...]  # 人工调整 (:func:`evaluating.adjustments`)
    indicators: tuple[SimpleNamespace, ...]  # :data:`SHOWN_ROW` of each row, in order
    scores: tuple[dict[str, Any], ...]  # each row's recomputed score as the page shows it
    cells: tuple[tuple[str, str], ...]  # each row's HTML around its notes (evaluation_rows.cells)


Key = tuple[int, str, int, int, str]
_kept: OrderedDict[Key, Scored] = OrderedDict()
_lock = threading.Lock()


def key(stored: models.SelfEvaluation) -> Key:
    """What the document and scores of ``stored`` depend on (see the module's docstring)."""
    scope = wanted_scope(stored)
    made = stored.created_at.isoformat()
    return stored.pk, made, stored.version, stored.revision, engines.scoring_digest(scope)


def wanted_scope(stored: models.SelfEvaluation) -> Literal["department", "project"]:
    """The scope (整体支出 or 项目支出) the row's column says its document has."""
    return "department" if stored.scope == "department" else "project"


def scored(stored: models.SelfEvaluation) -> Scored:
    """The recomputed scores of the document ``stored`` holds (:func:`engines.score`), its
    adjustments and its indicator rows as plain values (~200 model instances, each decoding two
    JSON columns, cost more than the scoring). The document itself is not kept (≈ 0.8 MB)."""
    wanted = key(stored)
    with _lock:
        found = _kept.get(wanted)
        if found is not None:
            _kept.move_to_end(wanted)
            return found
    document = storage.self_evaluation(stored)
    rows = tuple(SimpleNamespace(**r) for r in stored.indicators.values(*SHOWN_ROW))
    report = engines.score(document)
    adjusted = tuple(evaluating.adjustments(report, document))
    shown = tuple(
        evaluation_rows.recomputed(r.recomputed, r.reported, r.outcome.explanation)
        for r in report.rows
    )
    html = tuple(evaluation_rows.cells(i, s) for i, s in zip(rows, shown, strict=True))
    value = Scored(document.scope, report, adjusted, rows, shown, html)
    if document.scope != wanted_scope(stored):
        return value  # scored under another scope's profile than the key says: not kept
    with _lock:
        _kept[wanted] = value
        while len(_kept) > SIZE:
            _kept.popitem(last=False)
    return value


def clear() -> None:
    """Forget every kept score (tests that rewrite rows behind the actions' back)."""
    with _lock:
        _kept.clear()

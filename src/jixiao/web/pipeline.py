"""分批导入: many files imported batch after batch, the next batch read while one is written.

:func:`import_in_batches` is what ``jixiao import --batch-files N`` and
``benchmarks/province.py`` run. Each batch is one :func:`~jixiao.web.actions.import_batch` (one
transaction, all its files or none, audited), previewed against what the batches before it
stored, exactly as if the batches were imported one after the other. What overlaps is only the
part that depends on nothing stored: the sandbox's reading of the next batch's files (worker
processes, so it runs on another core) starts before the current batch is written. Everything
that reads the stored rows — files imported before, the plan (a re-upload is a new version of a
stored record) — and what depends on them — the review of the files not imported before (the
cross-document rules compare the batch's own documents only, none stored) — waits until the
batch before has committed. At most two batches are held at a time.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

from jixiao import collector
from jixiao.web import engines, importing, models, untrusted
from jixiao.web.actions import Actor, import_batch

__all__ = ["Step", "import_in_batches"]


@dataclass(frozen=True)
class Step:
    """One batch: its preview, and what was stored (None: nothing new in it, nothing written)."""

    preview: importing.Preview
    batch: models.ImportBatch | None


def import_in_batches(
    uploads: Iterable[importing.Upload],
    actor: Actor,
    *,
    files_per_batch: int,
    approved: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Iterator[Step]:
    """Import ``uploads`` ``files_per_batch`` at a time, in order, each batch in its own
    transaction; yield each batch's :class:`Step` once it is committed.

    A batch whose files have an error stops the import: :class:`~jixiao.web.importing.ImportRefused`
    is raised with its preview, nothing of that batch is stored and the batches before it stay.
    A batch with nothing new is skipped (its step has no batch). ``uploads`` is consumed lazily
    (one batch ahead), so memory stays flat in the number of files.
    """
    if files_per_batch < 1:
        raise ValueError("files_per_batch must be at least 1")
    groups = _groups(uploads, files_per_batch)
    with (
        collector.fewer_collections(),
        engines.profiles_fixed(),
        untrusted.batch() as sandbox,
        ThreadPoolExecutor(sandbox.limits.workers, thread_name_prefix="jixiao-ahead") as pool,
    ):
        # the workers review by the single-document rules of the profile the preview expects
        profile = engines.in_force(engines.review_profile_of(()))

        def start(group: list[importing.Upload]) -> _Ahead:
            readings = {
                u: pool.submit(_settled, sandbox.read_reviewed, u.name, u.data, profile, u.sha256)
                for u in group
            }
            return group, readings.__getitem__

        try:
            ahead = start(next(groups, []))
            while ahead[0]:
                group, read = ahead
                following = next(groups, [])
                ahead = start(following)  # read while this batch is previewed and written
                preview = importing.preview(group, progress, read=read)
                if preview.errors:
                    raise importing.ImportRefused(preview)
                if not preview.committable:
                    yield Step(preview, None)
                    continue
                yield Step(preview, import_batch(preview, actor, approved=approved))
        finally:
            pool.shutdown(cancel_futures=True)
            gc.unfreeze()  # a reading that ended after the last batch's (a refused batch)


def _settled(read: Callable[..., untrusted.Reviewed], *args: Any) -> untrusted.Reviewed:
    """``read(*args)``, then what it unpickled (and everything else alive) moved out of the
    collector's sight (``gc.freeze``) before a young collection scans it: the batch's preview and
    write hand it back when they end (``gc.unfreeze``), as they do with what they freeze."""
    reviewed = read(*args)
    gc.freeze()
    return reviewed


_Ahead = tuple[list[importing.Upload], Callable[[importing.Upload], "Future[untrusted.Reviewed]"]]


def _groups(uploads: Iterable[importing.Upload], size: int) -> Iterator[list[importing.Upload]]:
    iterator = iter(uploads)
    while group := list(islice(iterator, size)):
        yield group

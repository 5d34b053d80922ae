"""Review in worker processes: each worker reviews consecutive shares of the documents.

:func:`review_shares` is called by :func:`jixiao.domain.review.engine.review` with the documents
already read in their context and the cross-document indexes already built over all of them
(each rule's ``prepare``, over the documents' digests). The workers are forked from the reviewing process, so they find the
documents and the indexes in their memory (sending the documents would cost more than reviewing
them: pickling and unpickling a pydantic document takes about 0.75 ms, validating it from JSON
0.5 ms, reviewing it 0.5 ms); each is given ranges of documents and sends their findings back.
Its rules run with a sealed :class:`~jixiao.domain.review.registry.Context` (every index from the
parent). The shares' findings are put back together in document order: the same list as one
process gives (tests/review/test_parallel.py).

A process with other threads running (a web server, an import job) must not fork: there the
review runs in the process itself (:func:`can_fork`).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from jixiao.domain.review.finding import Finding
from jixiao.domain.review.profile import Profile

if TYPE_CHECKING:
    from jixiao.domain.review.engine import Checks, Paired

__all__ = ["SHARES_PER_WORKER", "can_fork", "review_shares"]

#: shares per worker (a worker that finishes early takes the next share)
SHARES_PER_WORKER = 4

# what the workers inherit: the documents (with their digests) and the rules with the parent's
# indexes (and wording)
_paired: Sequence[Paired] = ()
_checks: tuple[Checks, Checks] | None = None


def can_fork() -> bool:
    """Whether worker processes may be forked here: on a system that forks (not Windows or
    macOS's default), from a process running no other thread."""
    return sys.platform == "linux" and threading.active_count() == 1


def review_shares(
    paired: Sequence[Paired],
    profile: Profile,
    memo: dict[object, object],
    workers: int,
) -> list[Finding]:
    """The findings of ``paired`` (:func:`~jixiao.domain.review.engine.review_pairs`) reviewed by
    ``workers`` forked processes, in document order."""
    from jixiao.domain.review import engine

    global _paired, _checks
    count = min(len(paired), workers * SHARES_PER_WORKER)
    size = -(-len(paired) // count)
    shares = [(start, min(start + size, len(paired))) for start in range(0, len(paired), size)]
    _paired = paired
    _checks = engine.split(engine.checks(profile, (), memo, sealed=True))
    findings: list[Finding] = []
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for found in pool.map(_review, shares):
                findings.extend(found)
    finally:
        _paired, _checks = (), None
    return findings


def _review(share: tuple[int, int]) -> list[Finding]:
    from jixiao.domain.review import engine

    assert _checks is not None  # set before the fork
    start, stop = share
    return engine.review_pairs(_paired[start:stop], _checks)

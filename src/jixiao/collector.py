"""垃圾回收 (the garbage collector) while many documents are read and imported.

An import (:mod:`jixiao.web.pipeline`) and the province benchmark's parse stage unpickle tens of
thousands of long-lived objects per file; :func:`fewer_collections` makes CPython's collector
run less often while they do (no Django here: the benchmark's stage uses it without the web app).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["FULL_COLLECTION_EVERY", "YOUNG_COLLECTION_AFTER", "fewer_collections"]

#: allocations (less deallocations) between two collections of the youngest generation while
#: documents are read and imported (CPython's first threshold; its default is 700)
YOUNG_COLLECTION_AFTER = 50_000
#: collections of the middle generation between two full ones while documents are read and
#: imported (CPython's third threshold; its default is 10)
FULL_COLLECTION_EVERY = 1000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The garbage collector runs less often while documents are read and imported (its
    thresholds are restored at the end).

    The objects of an import are long-lived and hold no reference cycles worth collecting early
    (whatever dies is freed by its reference count, with or without collections), so each
    collection was work for nothing, and it was much of the importing process's CPU (at 5,000
    tables ≈ 1,700 young and ≈ 140 middle collections, ≈ 1–1.5 s; 5–12 full ones, ≈ 0.1–0.2 s
    each):

    - young collections: a thread unpickling a file's documents (tens of thousands of objects)
      set one off every 700 of them, each scanned twice before it reaches the oldest generation;
      with :data:`YOUNG_COLLECTION_AFTER` most of them are first moved out of the collector's
      sight by the preview's and the write's ``gc.freeze`` and never scanned;
    - full collections: each batch's preview and write hand their objects back to the collector
      at the end (``gc.unfreeze``), which puts everything the process holds in the oldest
      generation, and the next full collection — about one a batch — scanned it all again.
    """
    with _collector:  # imports at once (jobs in threads): the first one sets, the last restores
        if not _collector.imports:
            first, second, third = _collector.thresholds = gc.get_threshold()
            gc.set_threshold(
                max(first, YOUNG_COLLECTION_AFTER), second, max(third, FULL_COLLECTION_EVERY)
            )
        _collector.imports += 1
    try:
        yield
    finally:
        with _collector:
            _collector.imports -= 1
            if not _collector.imports:
                gc.set_threshold(*_collector.thresholds)


class _Collector:
    """The imports under way in this process, and the collector's thresholds before the first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.imports = 0
        self.thresholds: tuple[int, int, int] = gc.get_threshold()

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(self, *_: object) -> None:
        self._lock.release()


_collector = _Collector()

"""The account of one grid's cells: each real cell is used by a field or skipped with a reason."""

from __future__ import annotations

from jixiao.ingest.grid import Cell
from jixiao.ingest.report import FileReport, Note, Skipped


class Ledger:
    """Marks cells used or skipped; :meth:`close` skips what is left, so nothing is dropped."""

    def __init__(self, report: FileReport) -> None:
        self.report = report
        self.done = report.used
        self.skipped = {s.where for s in report.skipped}

    def use(self, *cells: Cell | None) -> None:
        for cell in cells:
            if cell is not None and cell.origin not in self.skipped:
                self.done.add(cell.origin)

    def skip(self, cell: Cell, reason: str) -> None:
        if cell.origin in self.done or cell.origin in self.skipped or not cell.text.strip():
            return
        self.skipped.add(cell.origin)
        self.report.skipped.append(Skipped(cell.origin, cell.text, reason))

    def note(self, cell: Cell, read_as: str, why: str) -> None:
        self.report.notes.append(Note(cell.origin, cell.text, read_as, why))

    def close(self, rows: list[list[Cell]], reason: str) -> None:
        """Skip every non-empty cell of ``rows`` that no field used."""
        for row in rows:
            for cell in row:
                self.skip(cell, reason)

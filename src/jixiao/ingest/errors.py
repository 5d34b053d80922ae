"""The one error every reader raises: it names the file and the line or cell."""

from __future__ import annotations


class ReadError(Exception):
    """A document could not be read. ``str()`` is ``file:line: message`` (or ``file [cell]: …``)."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        cell: str | None = None,
        table: str | None = None,
    ) -> None:
        self.file = file
        self.message = message
        self.line = line
        self.cell = cell
        self.table = table
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.cell:
            where += f" [{self.cell}]"
        table = f" ({self.table})" if self.table else ""
        return f"{where}{table}: {self.message}"

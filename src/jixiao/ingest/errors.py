"""The one error every reader raises: it names the file and the line or cell."""

from __future__ import annotations

from typing import Any

#: the message of a file whose reading went over its CPU-time or memory budget (the sandbox)
OVER_BUDGET = "文件处理超时/超出资源限制"


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

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled whole (file, message and place), so it crosses from the sandbox's worker."""
        return (_rebuild, (self.file, self.message, self.line, self.cell, self.table))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.cell:
            where += f" [{self.cell}]"
        table = f" ({self.table})" if self.table else ""
        return f"{where}{table}: {self.message}"


def _rebuild(
    file: str, message: str, line: int | None, cell: str | None, table: str | None
) -> ReadError:
    return ReadError(file, message, line=line, cell=cell, table=table)

"""What an office reader recognised in a file and what it skipped, and why (the import preview)."""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.domain.model import Document


@dataclass(frozen=True)
class Skipped:
    """A cell (or a whole table: ``where`` is a range or a sheet) that is in no field."""

    where: str
    text: str
    reason: str


@dataclass(frozen=True)
class Note:
    """A value that was normalised: what the cell held and what it was read as."""

    cell: str
    raw: str
    read_as: str
    why: str


@dataclass
class TableReport:
    """One recognised table: where, which kind of form, its header and how much was read."""

    where: str
    kind: str
    title: str
    header: str | None  # the address of the indicator header row's first cell
    columns: dict[str, str] = field(default_factory=dict)  # field → heading text
    rows: int = 0  # indicator rows read
    documents: int = 0
    supported: bool = True


@dataclass
class FileReport:
    file: str
    reader: str
    tables: list[TableReport] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # addresses of the cells read into a field

    def reasons(self) -> dict[str, str]:
        """Skipped address → why it was skipped."""
        return {s.where: s.reason for s in self.skipped}

    def summary(self) -> str:
        """A few lines for people: each table, then the skipped cells and their reasons."""
        lines = [f"{self.file} ({self.reader}): {len(self.documents)} document(s)"]
        for table in self.tables:
            state = "" if table.supported else " — not supported"
            lines.append(
                f"  {table.where}: {table.kind} 「{table.title}」, {table.rows} indicator rows, "
                f"{table.documents} document(s){state}"
            )
        lines += [f"  skipped {s.where}: {s.reason} ({s.text[:30]!r})" for s in self.skipped]
        lines += [f"  note {n.cell}: {n.raw!r} read as {n.read_as!r} ({n.why})" for n in self.notes]
        return "\n".join(lines)

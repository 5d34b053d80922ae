"""From grids to documents: each recognised form becomes a TargetTable or a SelfEvaluation (a
136号 monitoring table a MonitoringReport, :mod:`jixiao.ingest.monitoring`).

:func:`read_grids` runs the layout detector over every grid, reads the form area and the
indicator rows, and fills the :class:`FileReport` with what was recognised and skipped. Every
element carries ``Source(file, cell=…)`` with the address of the cell it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from itertools import groupby

from jixiao.domain.model import (
    Department,
    Document,
    ExecutionBudget,
    FundingSource,
    GoalResult,
    Indicator,
    IndicatorResult,
    Project,
    ProjectBudget,
    SelfEvaluation,
    Source,
    TargetTable,
    Task,
)
from jixiao.domain.targets import parse_target
from jixiao.ingest.catalogue import UNJOINED, Catalogue
from jixiao.ingest.form import Form, FormReader
from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.indicators import IndicatorReader, Indicators, Row
from jixiao.ingest.layout import KINDS, Segment, header_fields, key, segments
from jixiao.ingest.ledger import Ledger
from jixiao.ingest.monitoring import is_monitoring, read_monitoring
from jixiao.ingest.normalise import amount, stated_grade
from jixiao.ingest.phrases import checked
from jixiao.ingest.report import FileReport, Skipped, TableReport
from jixiao.ingest.text import clean, compact

_DEPARTMENT = re.compile(r"^(?P<code>\d{3,})\s*[-－—]?\s*(?P<name>\D.*)$")
_YEAR = re.compile(r"(20\d\d)\s*年")
_NUMBERED = re.compile(
    r"^(\d{1,3})[.．、](?=\D|20\d\d年)"
)  # "3.2025年…绩效目标表": the table's number
_TARGET_KINDS = {"project_target", "department_target"}
_LEADING_YEAR = re.compile(r"^(?:\d{1,3}[.、])?(?:20\d\d年度?)?")
#: titles of the financial tables of budget and final-accounts disclosures (收支总表, 三公经费 …)
_FINANCIAL = re.compile(
    r"[^\d.、]{0,12}(?:收支|收入|支出|拨款|三公|基金|经费|资产|采购|预算|决算)[^\d]{0,12}表"
)


def read_grids(name: str, reader: str, grids: Iterable[Grid]) -> FileReport:
    """The documents of ``grids`` and the report of what was recognised and skipped."""
    report = FileReport(file=name, reader=reader)
    found = []
    for grid in grids:
        if is_monitoring(grid):  # 项目支出绩效目标执行监控表 (136号)
            report.documents.append(read_monitoring(name, grid))
        else:
            found += segments(grid)
    catalogue = Catalogue()
    for segment in found:
        if segment.header is None and catalogue.add(segment):
            _project_list(segment, catalogue, report)
        else:
            _segment(name, segment, report, catalogue)
    Ledger(report).close(catalogue.body(), UNJOINED)
    return report


def _project_list(segment: Segment, catalogue: Catalogue, report: FileReport) -> None:
    """A 项目信息 table: its heading is read; its rows are read when indicators join them."""
    heading = catalogue.heading(segment)
    table = TableReport(_where(segment), "project_list", KINDS["project_list"], heading[0].address)
    table.columns = {f: heading[i].text for i, f in header_fields(heading).items()}
    report.tables.append(table)
    Ledger(report).use(*heading)


def _where(segment: Segment) -> str:
    rows = segment.grid.rows[segment.start : segment.end]
    first = next((c.address for row in rows for c in row), segment.grid.name)
    last = next((c.address for row in reversed(rows) for c in reversed(row)), first)
    return f"{first}..{last}"


def _segment(name: str, segment: Segment, report: FileReport, catalogue: Catalogue) -> None:
    rows = segment.grid.rows[segment.start : segment.end]
    if not any(c.text.strip() for row in rows for c in row):
        return
    header = segment.header
    if header is None:
        report.skipped.append(Skipped(_where(segment), _first_text(segment), _why_not(segment)))
        return
    table = TableReport(_where(segment), segment.kind, segment.title or KINDS[segment.kind],
                        segment.grid.rows[header.last][0].address)  # fmt: skip
    report.tables.append(table)
    if segment.kind == "score_sheet":
        table.supported = False
        report.skipped.append(
            Skipped(
                table.where,
                table.title,
                "evaluation score sheet (一级 like 部门决策（25分）): not supported",
            )
        )
        return
    ledger = Ledger(report)
    heading = [segment.grid.rows[i] for i in header.rows]
    for row in heading:
        ledger.use(*row)
        table.columns |= {f: row[i].text for i, f in header_fields(row).items()}
    form = FormReader(ledger).read(segment.grid.rows[segment.start : header.first])
    body = segment.grid.rows[header.last + 1 : segment.end]
    found = IndicatorReader(ledger, header, heading).read(body)
    documents = [
        _document(name, segment, form, found, _joined(part, catalogue, ledger), ledger)
        for part in _projects(found.rows)
    ]
    table.rows = len(found.rows)
    table.documents = len(documents)
    report.documents.extend(documents)
    ledger.close(rows, "not in any field of the model")


def _why_not(segment: Segment) -> str:
    """Why a table without an indicator header is skipped: a named financial table, or none."""
    title = _LEADING_YEAR.sub("", compact(_first_text(segment)))
    match = _FINANCIAL.search(title)
    if match and "绩效" not in title:
        return f"financial table (「{match.group(0)}」): not a performance table"
    return "no indicator header row (一级指标 / 三级指标 / 指标值 …)"


def _joined(rows: list[Row], catalogue: Catalogue, ledger: Ledger) -> list[Row]:
    """Rows with the project fields of their 项目编码 (long-format exports) added."""
    if not rows or "code" not in rows[0].shared:
        return rows
    listed = catalogue.fields(rows[0].shared["code"])
    ledger.use(listed.get("code"))
    return [replace(row, shared={**listed, **row.shared}) for row in rows]


def _first_text(segment: Segment) -> str:
    rows = segment.grid.rows[segment.start : segment.end]
    return next((c.text for row in rows for c in row if c.text.strip()), "")


def _projects(rows: list[Row]) -> list[list[Row]]:
    """Rows grouped by the project named on them (one group when no row names a project):
    consecutive rows of one project, or all rows of one 项目编码 wherever they are."""
    if any("code" in r.shared for r in rows):
        coded: dict[str, list[Row]] = {}
        for row in rows:
            coded.setdefault(_text(row, "code"), []).append(row)
        return list(coded.values())
    keyed = groupby(rows, key=lambda r: (_text(r, "department"), _text(r, "project")))
    groups = [list(group) for _, group in keyed]
    return groups or [[]]


def _text(row: Row, name: str) -> str:
    cell = row.shared.get(name)
    return cell.text if cell is not None else ""


def _document(
    name: str, segment: Segment, form: Form, found: Indicators, rows: list[Row], ledger: Ledger
) -> Document:
    shared = rows[0].shared if rows else {}
    _repeated(rows, ledger)
    department_cell = (
        shared.get("department") or form.texts.get("department") or form.texts.get("supervisor")
    )
    project_cell = shared.get("project") or form.texts.get("project")
    supervisor = form.texts.get("supervisor")
    if supervisor is not None and supervisor is not department_cell:
        ledger.skip(supervisor, "主管部门: the document's department is its 单位名称 / 实施单位")
    ledger.use(department_cell, project_cell)
    number, title = _numbered(segment.title or KINDS[segment.kind])
    source = Source(
        file=name, cell=segment.title_cell or (rows[0].address if rows else segment.grid.name)
    )
    department = _department(department_cell.text if department_cell else "")
    project = Project(name=clean(project_cell.text)) if project_cell else None
    if segment.kind in _TARGET_KINDS:
        goal_cells = [shared["goal"]] if "goal" in shared else form.goals
        goals = _goals(goal_cells, ledger)
        implementer, responsible = _implementer(form, ledger)
        return TargetTable(
            number=number,
            title=title,
            year=form.year or _year(title),
            department=department,
            project=project
            or Project(name=department.name if segment.kind == "department_target" else ""),
            money_unit="万元",
            budget=_budget(form, shared, ledger),
            purpose=_purpose(form, ledger),
            goals=tuple(goal for goal, _ in goals),
            goal_sources=tuple(Source(file=name, cell=address) for _, address in goals),
            goals_cell=_goals_cell(name, goal_cells[0] if goal_cells else form.goals_label, ledger),
            indicators=tuple(_indicator(name, r) for r in rows),
            source=source,
            scope="department" if segment.kind == "department_target" else "project",
            tasks=tuple(_tasks(name, form)),
            project_code=_field(form, ledger, "code", shared),
            applicant=_field(form, ledger, "applicant"),
            implementer=implementer,
            responsible=responsible,
            attribute=_field(form, ledger, "attribute"),
            term=_field(form, ledger, "term"),
            basis=_field(form, ledger, "basis"),
            calculation=_field(form, ledger, "calculation"),
            long_term_goals=_lines(form.long_term),
            funding_sources=tuple(_funding(form, ledger)),
        )
    conclusion = found.conclusion.text if found.conclusion else None
    return SelfEvaluation(
        scope="department" if segment.kind == "department_self" else "project",
        title=title,
        year=form.year or _year(title),
        department=department,
        project=project,
        budget=_execution(name, form),
        goals=_goal_results(name, form),
        goal_deviation=_deviation(form, "goals"),
        indicators=tuple(_result(name, r) for r in rows),
        total_weight=found.total_weight,
        total=found.total,
        grade=stated_grade(conclusion),
        conclusion=conclusion,
        overview=_field(form, ledger, "overview"),
        implementation=_field(form, ledger, "implementation"),
        goal_completion=_field(form, ledger, "goal_completion"),
        source=source,
    )


def _numbered(title: str) -> tuple[int | None, str]:
    """The table's number and the title without it: ``1.项目支出绩效目标表`` → (1, 项目支出…)."""
    match = _NUMBERED.match(title)
    if match is None:
        return None, title
    return int(match.group(1)), title[match.end() :]


def _deviation(form: Form, block: str) -> str | None:
    cell = form.deviations.get(block)
    return clean(cell.text) if cell is not None else None


def _repeated(rows: list[Row], ledger: Ledger) -> None:
    """Project cells repeated on every indicator row: read once (from the first row)."""
    for row in rows[1:]:
        for field, cell in row.shared.items():
            first = rows[0].shared.get(field)
            if field == "index":
                ledger.skip(cell, "row number (序号)")
            elif first is not None and first.text == cell.text:
                ledger.use(cell)
            else:
                ledger.skip(cell, f"「{field}」 differs from the project's first row: not read")
    if rows and "index" in rows[0].shared:
        ledger.skip(rows[0].shared["index"], "row number (序号)")


def _year(title: str) -> int | None:
    match = _YEAR.search(title)
    return int(match.group(1)) if match else None


def _department(text: str) -> Department:
    text = clean(text)
    match = _DEPARTMENT.match(text)
    if match:
        return Department(code=match["code"], name=match["name"].strip())
    return Department(name=text)


def _budget(form: Form, shared: dict[str, Cell], ledger: Ledger) -> ProjectBudget:
    values: dict[str, Decimal | None] = dict(form.budget)
    for field in ("total", "fiscal", "other"):
        cell = shared.get(field)
        if cell is None:
            continue
        try:
            value, converted = amount(cell.text, wan_heading=form.money_unit == "万元")
        except ValueError:
            ledger.skip(cell, f"「{field}」 is not an amount")
            continue
        if converted:
            ledger.note(cell, str(value), "元 under a 万元 heading: divided by 10000")
        values[field] = value
        ledger.use(cell)
    return ProjectBudget(**values, problems=tuple(form.problems) or None)


def _purpose(form: Form, ledger: Ledger) -> str | None:
    return _field(form, ledger, "purpose") or _field(form, ledger, "implementation")


def _field(
    form: Form, ledger: Ledger, name: str, shared: dict[str, Cell] | None = None
) -> str | None:
    """The text of a form field (a row column first, when ``shared`` has it); check boxes
    give their ticked options."""
    cell = (shared or {}).get(name) or form.texts.get(name)
    ledger.use(cell)
    return (clean(checked(cell.text)) or None) if cell else None


def _implementer(form: Form, ledger: Ledger) -> tuple[str | None, str | None]:
    """实施单位 and 责任人: from 实施单位及责任人 (``某市文化馆 张明``), else the 实施单位 label
    and the 责任人 label."""
    responsible = _field(form, ledger, "responsible")
    both = _field(form, ledger, "implementer_responsible")
    if both is not None:
        unit, _, person = both.rpartition(" ")
        return (unit, responsible or person) if unit else (both, responsible)
    label = form.labels.get("department")
    implementer = form.text("department") if label and "实施" in label else None
    return (clean(implementer) if implementer else None), responsible


def _lines(cells: list[Cell]) -> tuple[str, ...]:
    return tuple(line for cell in cells for line in clean(cell.text).split("\n") if line)


def _goals(cells: list[Cell], ledger: Ledger) -> list[tuple[str, str]]:
    """Each goal line and the address of the cell it was read from."""
    ledger.use(*cells)
    return [(line, cell.address) for cell in cells for line in clean(cell.text).split("\n") if line]


def _funding(form: Form, ledger: Ledger) -> list[FundingSource]:
    ledger.use(*(cell for _, _, cell in form.funding))
    return [FundingSource(name=source, amount=value) for source, value, _ in form.funding]


def _goals_cell(name: str, cell: Cell | None, ledger: Ledger) -> Source | None:
    """Where the goals are: the first goal cell, or the 绩效目标 label when the value is blank."""
    ledger.use(cell)
    return Source(file=name, cell=cell.address) if cell else None


def _tasks(name: str, form: Form) -> list[Task]:
    return [
        Task(
            name=clean(task.name.text),
            content=clean(task.content.text) if task.content else None,
            amount=task.amount,
            category=key(task.category.text) if task.category else None,
            source=Source(file=name, cell=task.name.address),
        )
        for task in form.tasks
    ]


def _execution(name: str, form: Form) -> ExecutionBudget:
    cell = form.execution_cell
    return ExecutionBudget(
        **form.execution,
        deviation=_deviation(form, "execution"),
        source=Source(file=name, cell=cell.address) if cell else None,
    )


def _goal_results(name: str, form: Form) -> tuple[GoalResult, ...]:
    if form.goal_rows:
        return tuple(
            GoalResult(
                no=g.no if g.no is not None else i,
                target=clean(g.target.text),
                actual=clean(g.actual.text) if g.actual else "",
                source=Source(file=name, cell=g.target.address),
            )
            for i, g in enumerate(form.goal_rows, start=1)
        )
    return tuple(
        GoalResult(no=i, target=clean(c.text), actual="", source=Source(file=name, cell=c.address))
        for i, c in enumerate(form.goals, start=1)
    )


def _indicator(name: str, row: Row) -> Indicator:
    return Indicator(
        level1=row.level1,
        level2=row.level2,
        level3=clean(row.level3),
        description=row.description,
        target=parse_target(row.target),
        weight=row.weight,
        direction=row.direction,
        source=Source(file=name, cell=row.address),
    )


def _result(name: str, row: Row) -> IndicatorResult:
    return IndicatorResult(
        level1=row.level1,
        level2=row.level2,
        level3=clean(row.level3),
        target=parse_target(row.target),
        actual=parse_target(row.actual or ""),
        weight=row.weight,
        score=row.score,
        deviation=row.deviation,
        goal_no=row.goal_no,
        direction=row.direction,
        source=Source(file=name, cell=row.address),
    )

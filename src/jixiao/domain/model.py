"""The domain model: target tables (绩效目标表) and self-evaluations (绩效自评表).

Amounts are ``Decimal`` in 万元; weights and scores are ``Decimal`` points. Every element read from
a document carries its :class:`Source`. The classes are pydantic models so that the interchange
JSON and its schema (:mod:`jixiao.domain.interchange`) come from this one definition.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from jixiao.domain.frozen import Frozen, shape, unchecked, unchecked_all
from jixiao.domain.targets import Direction, Target


class Record(Frozen):
    """Base of every model: immutable, and no field the schema does not name (:class:`Frozen`)."""


class Source(Record):
    """Where an element was read: the file and a line (text) or a cell address (sheet!C12)."""

    file: str
    line: int | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = f":{self.line}" if self.line is not None else ""
        return f"{self.file}{where}" + (f" [{self.cell}]" if self.cell else "")


_AT_LINE = shape(Source, ("file", "line"))


def at_line(file: str, line: int) -> Source:
    """``Source(file=file, line=line)``, made unchecked (:func:`jixiao.domain.frozen.unchecked`):
    a text reader's file name and line number, one per row it reads."""
    return unchecked(_AT_LINE, {"file": file, "line": line, "cell": None})


def at_lines(file: str, lines: list[int]) -> list[Source]:
    """:func:`at_line` of each of ``lines`` (a table's rows), made together
    (:func:`jixiao.domain.frozen.unchecked_all`)."""
    return unchecked_all(_AT_LINE, [{"file": file, "line": line, "cell": None} for line in lines])


def document_id(sha256: str, index: int) -> str:
    """文档标识: the stable identity of the ``index``-th document (0-based) read from a file.

    The file is named by the SHA-256 of its bytes, so the identity survives renaming the file and
    tells apart tables that share a title (one sheet per project, side-by-side sets).
    """
    return f"{sha256}#{index}"


class Department(Record):
    """预算单位: a budget unit, e.g. ``362101`` 天津市生态环境局."""

    code: str | None = None
    name: str


class Project(Record):
    """项目: the project a target table or project self-evaluation is for."""

    name: str


class ProjectBudget(Record):
    """预算规模 (万元): 预算数 = 财政资金 + 其他资金; None where the cell is blank."""

    total: Decimal | None = None  # 预算数
    fiscal: Decimal | None = None  # 其中：财政资金
    other: Decimal | None = None  # 其他资金
    special_account: Decimal | None = None  # 财政专户管理资金
    unit_funds: Decimal | None = None  # 单位资金
    basic: Decimal | None = None  # 基本支出 (department overall tables)
    project_spending: Decimal | None = None  # 项目支出 (department overall tables)
    mid_term: Decimal | None = None  # 中期资金总额 (the project's multi-year total)
    procurement: Decimal | None = None  # 政府采购 (of which government procurement)
    #: reader flags on the amounts: ``yuan_converted`` (a 元-sized figure under a 万元 label was
    #: divided by 10000), ``yuan_doubtful`` (it may be 元 under a 万元 label; kept as written);
    #: None when nothing was flagged
    problems: tuple[str, ...] | None = None


class FundingSource(Record):
    """资金来源: one line of a funding-source grid (一般公共预算收入, 政府性基金 …), in 万元."""

    name: str  # 一般公共预算收入 / 政府性基金预算收入 / 国有资本经营预算收入 / 社会保险基金 / 其他收入
    amount: Decimal


class Indicator(Record):
    """绩效指标: one row of the indicator table of a target table."""

    level1: str  # 一级指标
    level2: str  # 二级指标
    level3: str  # 三级指标
    description: str | None = None  # 绩效指标描述
    target: Target  # 指标值
    weight: Decimal | None = None  # 分值
    #: 指标方向 as the source states it (指标性质 / 指标方向: 正向 → higher_better, 反向 →
    #: lower_better); None when the table has no such column
    direction: Direction | None = None
    source: Source


class Task(Record):
    """年度主要任务: a task of a department overall target table and its budget (万元)."""

    name: str  # 任务名称
    content: str | None = None  # 主要内容
    amount: Decimal | None = None  # 预算金额
    category: str | None = None  # 项目支出 / 人员经费 / 公用经费 (the kind of spending)
    source: Source


class TargetTable(Record):
    """项目支出绩效目标表: a project's budget, goals and indicators for one budget year."""

    kind: Literal["target_table"] = "target_table"
    id: str | None = None  # 文档标识 (:func:`document_id`); None for a document built in code
    number: int | None = None  # the table's number in its file ("3." in "3.2025年…绩效目标表")
    title: str
    year: int | None = None  # 预算年度 (budget year)
    department: Department
    project: Project
    money_unit: str = "万元"  # 单位
    budget: ProjectBudget
    purpose: str | None = None  # 资金用途
    goals: tuple[str, ...]  # 绩效目标
    indicators: tuple[Indicator, ...]
    source: Source
    scope: Literal["department", "project"] = "project"  # 部门整体 or 项目支出
    tasks: tuple[Task, ...] = ()  # 年度主要任务 (department overall tables)
    goal_sources: tuple[Source, ...] = ()  # where each goal was read (parallel to goals), or ()
    project_code: str | None = None  # 项目编码
    applicant: str | None = None  # 申报单位
    implementer: str | None = None  # 实施单位
    responsible: str | None = None  # 责任人 / 项目负责人
    attribute: str | None = None  # 项目属性 (新增 / 延续)
    term: str | None = None  # 项目期限 / 实施期限 (一次性 / 经常性, or a period)
    basis: str | None = None  # 立项依据 / 政策依据 (policy basis)
    calculation: str | None = None  # 测算依据 (calculation basis: 单价 × 数量 = 金额)
    long_term_goals: tuple[str, ...] = ()  # 中期目标 / 长期目标 / 中长期目标
    funding_sources: tuple[FundingSource, ...] = ()  # 资金来源 grid
    goals_cell: Source | None = None  # the 绩效目标 cell, also when blank (a missing goal is there)

    @model_validator(mode="after")
    def _goal_sources_match(self) -> TargetTable:
        if self.goal_sources and len(self.goal_sources) != len(self.goals):
            raise ValueError(f"{len(self.goal_sources)} goal sources for {len(self.goals)} goals")
        return self

    def goal_source(self, index: int) -> Source:
        """Where the ``index``-th goal was read; the table's source when not known."""
        return self.goal_sources[index] if self.goal_sources else self.source


class ExecutionBudget(Record):
    """预算执行情况 of a self-evaluation (万元; rate in percent, 86.1 meaning 86.1%)."""

    initial: Decimal | None = None  # 年初预算数
    annual: Decimal | None = None  # 全年预算数 (A)
    executed: Decimal | None = None  # 全年执行数 (B)
    rate: Decimal | None = None  # 执行率 (B/A), percent
    weight: Decimal | None = None  # 分值
    score: Decimal | None = None  # 得分
    deviation: str | None = None  # 偏差原因分析及改进措施
    source: Source | None = None


class GoalResult(Record):
    """年度绩效目标完成情况: a numbered goal and what was achieved."""

    no: int  # 目标序号
    target: str  # 年度绩效目标
    actual: str  # 实际完成情况
    source: Source


class IndicatorResult(Record):
    """年度指标完成情况: one indicator row of a self-evaluation."""

    goal_no: int | None = None  # 绩效目标N
    level1: str
    level2: str
    level3: str
    target: Target  # 年度指标值
    actual: Target  # 实际完成值
    weight: Decimal | None = None  # 分值
    score: Decimal | None = None  # 得分
    deviation: str | None = None  # 偏差原因分析及改进措施
    direction: Direction | None = None  # 指标方向 as the source states it (see Indicator)
    #: 调整理由: why the stated 得分 differs from the rule's (人工调整), or the judgement behind a
    #: score the rule cannot give (jixiao.domain.evaluating)
    score_reason: str | None = None
    source: Source


class SelfEvaluation(Record):
    """绩效自评表: a project's (项目支出) or a department's (整体支出) year-end self-evaluation."""

    kind: Literal["self_evaluation"] = "self_evaluation"
    id: str | None = None  # 文档标识 (:func:`document_id`)
    scope: Literal["department", "project"]
    title: str
    year: int | None = None
    department: Department
    project: Project | None = None
    budget: ExecutionBudget
    goals: tuple[GoalResult, ...]
    goal_deviation: str | None = None  # 偏差原因分析及改进措施 of the goals block
    indicators: tuple[IndicatorResult, ...]
    total_weight: Decimal | None = None  # 总分 分值 (100)
    total: Decimal | None = None  # 总分 得分, as stated
    grade: str | None = None  # 自评等级 stated in the conclusion (优/良/中/差)
    conclusion: str | None = None  # 自评结论
    overview: str | None = None  # 项目基本情况 (narrative)
    implementation: str | None = None  # 项目实施内容及过程概述 (narrative)
    goal_completion: str | None = None  # 年度目标完成情况 (narrative)
    source: Source


Likelihood = Literal["确定能", "有可能", "完全不可能"]  # 完成目标可能性 (C5/C6; 136号 form)
DeviationReason = Literal[
    "经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"
]  # 偏差原因 (136号)


class MonitoringBudget(Record):
    """项目资金 of a monitoring report (万元): the year's budget and what was spent to date."""

    annual: Decimal | None = None  # 年度预算数 (A)
    executed: Decimal | None = None  # 1–m月执行数 (B_m)
    forecast: Decimal | None = None  # 全年预计执行数
    source: Source | None = None


class MonitoringIndicator(Record):
    """One indicator of a monitoring report: target, progress to date, forecast, likelihood."""

    level1: str
    level2: str
    level3: str
    target: Target  # 年度指标值
    progress: Target  # 1–m月执行情况 (当前完成值)
    forecast: Target | None = None  # 全年预计完成情况
    likelihood: Likelihood | None = None  # 完成目标可能性
    reasons: tuple[DeviationReason, ...] = ()  # 偏差原因分析 (multi-select)
    note: str | None = None  # 原因说明 / 备注
    measures: str | None = None  # 纠偏措施
    direction: Direction | None = None  # 指标方向 as the source states it (see Indicator)
    source: Source


class MonitoringReport(Record):
    """项目支出绩效目标执行监控表 (绩效运行监控): progress as of the end of ``month``."""

    kind: Literal["monitoring"] = "monitoring"
    id: str | None = None  # 文档标识 (:func:`document_id`)
    scope: Literal["department", "project"] = "project"
    title: str
    year: int | None = None
    month: int = Field(ge=1, le=12)  # data through the end of this month (1–7月 → 7)
    as_of: date | None = None  # 截至日期 (the end of ``month``, e.g. 7月31日)
    department: Department
    project: Project | None = None
    budget: MonitoringBudget
    goals: tuple[str, ...] = ()  # 年度总体目标
    indicators: tuple[MonitoringIndicator, ...]
    source: Source


Document = Annotated[TargetTable | SelfEvaluation | MonitoringReport, Field(discriminator="kind")]

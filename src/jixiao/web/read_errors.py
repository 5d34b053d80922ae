"""What the readers say, in the interface language: the readers (ingest/) write their errors,
skip reasons, normalisation notes and names in English for logs and the CLI; this module says
them in Chinese (through the catalogue) for the pages, errors naming the file, line, cell and
table as the reader gave them.

A message without a pattern here is shown as the reader wrote it: the language crawl and the
tests of the import page say which ones a user meets.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jixiao.ingest.errors import ReadError

#: reader message (as a pattern over its English text) → the message for people
MESSAGES: list[tuple[re.Pattern[str], Promise]] = [
    (re.compile(p), m)
    for p, m in (
        (r"the file is larger than (?P<mb>\d+) MB", _("the file is larger than %(mb)s MB")),
        (r"the file is empty", _("the file is empty")),
        (
            r"not a recognised performance table \(target table or self-evaluation\)",
            _("not a recognised performance table (target table or self-evaluation)"),
        ),
        (r"no supported performance table \((?P<found>.*)\)", _("no supported performance table (%(found)s)")),
        (r"no table found \((?P<reader>.*)\)", _("no table found (%(reader)s)")),
        (r"part (?P<part>\S+) is damaged or truncated", _("part %(part)s is damaged or truncated")),
        (r"(?P<what>.+) is damaged or truncated \((?P<detail>.*)\)", _("%(what)s is damaged or truncated (%(detail)s)")),
        (r"this is a binary file, not a text document", _("this is a binary file, not a text document")),
        (r"the file ends in the middle of a line: truncated\?", _("the file ends in the middle of a line: truncated?")),
        (r"text before the first table title", _("text before the first table title")),
        (r"text outside any cell", _("text outside any cell")),
        (r"the file is password-protected: remove the password and try again", _("the file is password-protected: remove the password and try again")),
        (r"the archive has (?P<n>\d+) parts \(more than (?P<max>\d+)\)", _("the archive has %(n)s parts (more than %(max)s)")),
        (r"the reader process crashed \(exit code (?P<code>-?\d+)\)", _("the reader process crashed (exit code %(code)s)")),
        (r"not an Excel workbook \(no xl/workbook\.xml\)", _("not an Excel workbook (no xl/workbook.xml)")),
        (r"the workbook's sheet list is damaged \(xl/workbook\.xml\)", _("the workbook's sheet list is damaged (xl/workbook.xml)")),
        (r"not an Excel 97-2003 workbook \(\.xls\)", _("not an Excel 97-2003 workbook (.xls)")),
        (r"not a Word 97-2003 document \(\.doc\)", _("not a Word 97-2003 document (.doc)")),
        (r"LibreOffice could not convert the file \(no \.docx produced\)", _("LibreOffice could not convert the file (no .docx produced)")),
        (r"the PDF has (?P<n>\d+) pages \(more than (?P<max>\d+)\)", _("the PDF has %(n)s pages (more than %(max)s)")),
        (r"the PDF is password-protected", _("the PDF is password-protected")),
        (r"the same file is in this batch twice", _("the same file is in this batch twice")),
        (r"the file is nested too deeply to be read \((?P<label>.*)\)", _("the file is nested too deeply to be read (%(label)s)")),
        (r"not valid JSON: (?P<detail>.*)", _("not valid JSON: %(detail)s")),
        (r"not a jixiao CSV \(no 类型 column\)", _("not a jixiao CSV (no 类型 column)")),
        (r"not a valid document: (?P<detail>.*)", _("not a valid document: %(detail)s")),
        # why a cell was skipped (the preview counts them by reason)
        (r"row number \(序号\)", _("row number (序号)")),
        (r"not in any field of the model", _("not in any field of the model")),
        (r"task total row \(金额合计\): the sum of the tasks", _("task total row (金额合计): the sum of the tasks")),
        (r"unit total row \(单位合计\), not an indicator", _("unit total row (单位合计), not an indicator")),
        (r"totals row \(总计 / 合计\): a sum of the rows above", _("totals row (总计 / 合计): a sum of the rows above")),
        (r"中长期 indicator set: the 年度 set is read", _("中长期 indicator set: the 年度 set is read")),
        (r"level row without an indicator \(template leftover\)", _("level row without an indicator (template leftover)")),
        (r"「(?P<label>[^」]*)」 is not a number", _("「%(label)s」 is not a number")),
        (r"「(?P<label>[^」]*)」 is not an amount", _("「%(label)s」 is not an amount")),
        (r"「(?P<label>[^」]*)」 differs from the project's first row: not read", _("「%(label)s」 differs from the project's first row: not read")),
        (r"a second 「(?P<label>[^」]*)」 in one form", _("a second 「%(label)s」 in one form")),
        (r"budget line 「(?P<label>[^」]*)」: only the total line is read", _("budget line 「%(label)s」: only the total line is read")),
        (r"budget grid 「(?P<line>[^」]*)」×「(?P<column>[^」]*)」: only its 合计 is read", _("budget grid 「%(line)s」×「%(column)s」: only its 合计 is read")),
        (r"project list row: no indicator row has its 项目编码", _("project list row: no indicator row has its 项目编码")),
        (r"主管部门: the document's department is its 单位名称 / 实施单位", _("主管部门: the document's department is its 单位名称 / 实施单位")),
        (r"evaluation score sheet \(一级 like 部门决策（25分）\): not supported", _("evaluation score sheet (一级 like 部门决策（25分）): not supported")),
        (r"实施周期指标值: the 年度指标值 is read", _("实施周期指标值: the 年度指标值 is read")),
        (r"评（扣）分标准: scoring rules are not in the model", _("评（扣）分标准: scoring rules are not in the model")),
        (r"no indicator header row \(一级指标 / 三级指标 / 指标值 …\)", _("no indicator header row (一级指标 / 三级指标 / 指标值 …)")),
        (r"financial table \(「(?P<name>[^」]*)」\): not a performance table", _("financial table (「%(name)s」): not a performance table")),
        # how a value was normalised
        (r"元 under a 万元 heading: divided by 10000", _("元 under a 万元 heading: divided by 10000")),
        (r"amount in 元: divided by 10000", _("amount in 元: divided by 10000")),
        (r"may be 元 under a 万元 heading: kept as written", _("may be 元 under a 万元 heading: kept as written")),
        (r"points \((?P<points>.+)分\) removed from the label", _("points (%(points)s分) removed from the label")),
        (r"指标值 joined from 指标性质 / 指标值 / 度量单位", _("指标值 joined from 指标性质 / 指标值 / 度量单位")),
        (r"levels joined in one cell: split", _("levels joined in one cell: split")),
        (r"no 一级指标 / 二级指标 column: levels left blank", _("no 一级指标 / 二级指标 column: levels left blank")),
        # the readers' names
        (r"Excel workbook \(\.xlsx\)", _("Excel workbook (.xlsx)")),
        (r"Excel 97-2003 workbook \(\.xls\)", _("Excel 97-2003 workbook (.xls)")),
        (r"Word document \(\.docx\)", _("Word document (.docx)")),
        (r"Word 97-2003 document \(\.doc\)", _("Word 97-2003 document (.doc)")),
        (r"target table text \(seed format\)", _("target table text (seed format)")),
        (r"self-evaluation text \(seed format\)", _("self-evaluation text (seed format)")),
        (r"interchange JSON", _("interchange JSON")),
        (r"jixiao CSV", _("jixiao CSV")),
    )
]  # fmt: skip


def message(text: str) -> str:
    """A reader's message in the interface language (as written when no pattern knows it)."""
    for pattern, said in MESSAGES:
        if (match := pattern.fullmatch(text)) is not None:
            return str(said) % match.groupdict()
    return text


def explain(error: ReadError) -> str:
    """“文件 a.xlsx，第 3 行，单元格 B4（绩效目标表）：文件是空的”."""
    where = [gettext("file %(name)s") % {"name": error.file}]
    if error.line is not None:
        where.append(gettext("line %(line)s") % {"line": error.line})
    if error.cell:
        where.append(gettext("cell %(cell)s") % {"cell": error.cell})
    table = f"（{error.table}）" if error.table else ""
    return gettext("%(where)s%(table)s: %(message)s") % {
        "where": gettext(", ").join(where),
        "table": table,
        "message": message(error.message),
    }

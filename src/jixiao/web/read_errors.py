"""What the readers say, in the interface language: the readers (ingest/) write their errors,
skip reasons, normalisation notes and names in English for logs and the CLI; this module says
them in Chinese (through the catalogue) for the pages, errors naming the file, line, cell and
table as the reader gave them.

A message without a pattern here is shown as the reader wrote it; tests/web/test_reader_messages.py
reads the source of ingest/ for every message template (errors, skip reasons, notes, what is
damaged) and fails on one that no pattern here says in Chinese. The parts a message names are
said the same way (“the sheet is damaged or truncated (…)” → “工作表 已损坏或不完整（…）”).
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jixiao.ingest.errors import OVER_BUDGET, ReadError

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
        # limits, converters and the seed-format readers' errors
        (rf"{re.escape(OVER_BUDGET)} \(out of memory\)", _("the file needs more memory than allowed")),
        (rf"{re.escape(OVER_BUDGET)} \(out of memory, (?P<label>.*)\)", _("the file needs more memory than allowed (%(label)s)")),
        (r"the file is damaged or not as the (?P<label>.+) reader expects \((?P<detail>.*)\)", _("the file is damaged or not as the %(label)s reader expects (%(detail)s)")),
        (r"a \.doc \(Word 97-2003\) file needs LibreOffice to be converted, and soffice is not installed: install LibreOffice or save the file as \.docx", _("a .doc (Word 97-2003) file needs LibreOffice to be converted, which is not installed: install LibreOffice or save the file as .docx")),
        (r"LibreOffice did not convert the file within (?P<seconds>\d+) s", _("LibreOffice did not convert the file within %(seconds)s s")),
        (r"LibreOffice could not convert the file \(exit (?P<code>-?\d+)\)", _("LibreOffice could not convert the file (exit code %(code)s)")),
        (r'not interchange JSON \(no "format": "jixiao-interchange"\)', _('not interchange JSON (no "format": "jixiao-interchange")')),
        (r"the archive unpacks to (?P<mb>\d+) MB \(more than (?P<max>\d+) MB\): refused as a possible zip bomb", _("the archive unpacks to %(mb)s MB (more than %(max)s MB): refused as a possible zip bomb")),
        (r"the PDF's streams unpack to more than (?P<max>\d+) MB: refused as a possible decompression bomb", _("the PDF's streams unpack to more than %(max)s MB: refused as a possible decompression bomb")),
        (r"a PDF stream is compressed more than (?P<max>\d+):1: refused as a possible decompression bomb", _("a PDF stream is compressed more than %(max)s:1: refused as a possible decompression bomb")),
        (r"more than (?P<max>\d+) rows: too large for a performance table", _("more than %(max)s rows: too large for a performance table")),
        (r"(?P<rows>\d+) rows × (?P<columns>\d+) columns \(more than (?P<max>\d+) cells\): too large for a performance table", _("%(rows)s rows × %(columns)s columns (more than %(max)s cells): too large for a performance table")),
        (r"part (?P<part>\S+) is compressed (?P<ratio>\d+):1 \(more than (?P<max>\d+):1\): refused as a possible zip bomb", _("part %(part)s is compressed %(ratio)s:1 (more than %(max)s:1): refused as a possible zip bomb")),
        (r"part (?P<part>\S+) declares a DOCTYPE or entities: refused \(XML entity expansion\)", _("part %(part)s declares a DOCTYPE or entities: refused (XML entity expansion)")),
        (r"the text is neither UTF-8 nor GB18030", _("the text is neither UTF-8 nor GB18030")),
        (r"unreadable character U\+(?P<code>[0-9A-F]+) in cell (?P<cell>.*)", _("unreadable character U+%(code)s in cell %(cell)s")),
        (r"the workbook is password-protected: remove the password", _("the workbook is password-protected: remove the password")),
        (r"no row starts with 「(?P<label>[^」]*)」", _("no row starts with 「%(label)s」")),
        (r"no 绩效自评表 title", _("no 绩效自评表 title")),
        (r"the goals block does not end with 偏差原因分析及改进措施", _("the goals block does not end with 偏差原因分析及改进措施")),
        (r"the indicator table does not end with a 总分 row", _("the indicator table does not end with a 总分 row")),
        (r"the document ends before the budget values", _("the document ends before the budget values")),
        (r"the budget row has (?P<values>\d+) values for (?P<headings>\d+) headings", _("the budget row has %(values)s values for %(headings)s headings")),
        (r"「(?P<label>[^」]*)」 is not a number: (?P<text>.*)", _("「%(label)s」 is not a number: %(text)s")),
        (r"「(?P<label>[^」]*)」 is not an amount: (?P<text>.*)", _("「%(label)s」 is not an amount: %(text)s")),
        (r"a goal row needs a number, a goal and what was achieved", _("a goal row needs a number, a goal and what was achieved")),
        (r"an indicator row without 分值 and 得分 \(two numbers\)", _("an indicator row without 分值 and 得分 (two numbers)")),
        (r"cannot tell the 三级指标 among (?P<names>.*)", _("cannot tell the 三级指标 among %(names)s")),
        (r"the row has no 一级指标 or 二级指标 to carry down", _("the row has no 一级指标 or 二级指标 to carry down")),
        (r"unknown budget heading 「(?P<label>[^」]*)」", _("unknown budget heading 「%(label)s」")),
        (r"an indicator row has (?P<n>\d+) cells, expected (?P<expected>\d+)", _("an indicator row has %(n)s cells, expected %(expected)s")),
        (r"the table has no 「(?P<label>[^」]*)」 cell", _("the table has no 「%(label)s」 cell")),
        (r"the table is empty", _("the table is empty")),
        (r"the indicator header should be (?P<expected>.*), found (?P<found>.*)", _("the indicator header should be %(expected)s, found %(found)s")),
        (r"the table has no indicator rows", _("the table has no indicator rows")),
        (r"the first indicator row has no 一级指标", _("the first indicator row has no 一级指标")),
        (r"the indicator row has no 二级指标", _("the indicator row has no 二级指标")),
        (r"no cell after 「(?P<label>[^」]*)」", _("no cell after 「%(label)s」")),
        # what is damaged (the parts of “… is damaged or truncated (…)”)
        (r"the file", _("the file")),
        (r"not a complete zip archive", _("not a complete zip archive")),
        (r"the Word document", _("the Word document")),
        (r"the PDF", _("the PDF")),
        (r"the \.xls workbook", _("the .xls workbook")),
        (r"the workbook", _("the workbook")),
        (r"the sheet", _("the sheet")),
        (r"table (?P<n>\d+)", _("table %(n)s")),
        (r"page (?P<n>\d+)", _("page %(n)s")),
        (r"sheet (?P<n>\d+) of the \.xls workbook", _("sheet %(n)s of the .xls workbook")),
        (r"part (?P<part>\S+)", _("part %(part)s")),
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
    """A reader's message in the interface language (as written when no pattern knows it); the
    parts it names are said the same way (the reader's name in “not as the … reader expects”)."""
    for pattern, said in MESSAGES:
        if (match := pattern.fullmatch(text)) is not None:
            return str(said) % {k: message(v) for k, v in match.groupdict().items()}
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

"""Read errors in the interface language: the readers (ingest/) write their messages in English
for logs and the CLI; this module says them in Chinese (through the catalogue) for the pages,
naming the file, line, cell and table as the reader gave them.

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

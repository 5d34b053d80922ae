"""A review profile as the workbook reviewers already use, and back (审核口径 .xlsx).

Sheet 规则: 代码, 规则, 启用 (是/否), 级别 (错误/警告/提示), 参数 (one ``name = TOML value`` per
line), 提示语 (the findings' message; ``{原文}`` stands for the rule's own), 修改建议, 范例意见 (the
phrase bank, one model answer per line); empty wording cells keep the rule's own. Sheet 等级: the
``[grade]`` thresholds, one per row. Sheet 说明: 名称 and 说明. :func:`read`
turns an edited workbook back into profile TOML (:func:`~jixiao.domain.review.profile_text.from_rows`),
refusing bad cells with the sheet and row named.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from jixiao.domain.profiles import ProfileError
from jixiao.domain.review.profile import Profile
from jixiao.domain.review.profile_text import RuleRow, grade_values, rows
from jixiao.domain.review.profile_text import from_rows as toml_from_rows

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RULE_HEADINGS = ("代码", "规则", "启用", "级别", "参数", "提示语", "修改建议", "范例意见")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_SEVERITY = {zh: en for en, zh in SEVERITY_ZH.items()} | {en: en for en in SEVERITY_ZH}


def write(profile: Profile) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "规则"
    sheet.append(RULE_HEADINGS)
    for row in rows(profile):
        params = "\n".join(f"{k} = {v}" for k, v in row.params.items())
        sheet.append([row.code, row.title, "是" if row.enabled else "否",
                      SEVERITY_ZH[row.severity], params or None, row.message or None,
                      row.suggestion or None, "\n".join(row.answers) or None])  # fmt: skip
    for column, width in zip("ABCDEFGH", (10, 40, 6, 6, 60, 40, 40, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.font = Font(bold=cell.row == 1)
    grade = book.create_sheet("等级")
    grade.append(("设置", "取值"))
    for key, text in grade_values(profile).items():
        grade.append((key, text))
    about = book.create_sheet("说明")
    about.append(("名称", profile.name))
    about.append(("说明", profile.description))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes, file: str) -> str:
    """The profile TOML of an edited workbook; ProfileError naming the file, sheet and row."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ProfileError(f"{file}：不是可读取的 .xlsx 文件（{type(exc).__name__}）") from exc
    for needed in ("规则", "等级", "说明"):
        if needed not in sheets:
            raise ProfileError(f"{file}：缺少工作表“{needed}”")
    about = {str(r[0]): str(r[1] or "") for r in sheets["说明"] if r and r[0]}
    grade = {str(r[0]): _text(r[1]) for r in sheets["等级"][1:] if r and r[0]}
    edited = [_rule(file, n, r) for n, r in enumerate(sheets["规则"][1:], start=2) if r and r[0]]
    return toml_from_rows(about.get("名称", ""), about.get("说明", ""), edited, grade)


def _rule(file: str, number: int, cells: tuple[object, ...]) -> RuleRow:
    code, title, enabled, severity, params, message, suggestion, answers = (*cells, *[None] * 7)[:8]
    where = f"{file} 规则!第{number}行"
    if str(severity) not in _SEVERITY or str(enabled) not in ("是", "否"):
        raise ProfileError(f"{where}：启用应为“是/否”，级别应为“错误/警告/提示”")
    pairs = [line.split("=", 1) for line in str(params or "").splitlines() if line.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ProfileError(f"{where}：参数每行应为“名称 = 取值”")
    return RuleRow(
        str(code).strip(), str(title or ""), enabled == "是", _SEVERITY[str(severity)],
        {k.strip(): v.strip() for k, v in pairs}, _text(message), _text(suggestion),
        tuple(line for line in _text(answers).splitlines() if line.strip()),
    )  # fmt: skip


def _text(cell: object) -> str:
    return str(cell).strip() if cell is not None else ""

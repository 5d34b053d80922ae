"""Build the office fixtures of tests/ingest (run once; the small outputs are committed).

Each file reproduces a layout seen in published performance tables of some province: split
target columns with system codes, merged cells, stacked forms, score sheets, one row per
indicator with the project merged down, side-by-side and paired indicator sets, a horizontal
layout, a department overall table with 年度主要任务, a legacy .xls, a ruled PDF across two
pages, and a password-protected workbook.

    .venv/bin/python tests/data/make_fixtures.py [--shapes]

The shapes of issues 11 and 12 (tests/data/shapes.py) are written as .xlsx, .xls and .docx, and
as PDF by printing the .docx with LibreOffice (``soffice`` on PATH).

The PDF needs a CJK font: Debian's fonts-wqy-zenhei (/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc).
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import docx
import openpyxl
import xlwt
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Pt
from fpdf import FPDF
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl.utils.cell import range_boundaries
from shapes import SHAPES, Sheet

OUT = Path(__file__).parent / "office"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

# --- rows of each layout ----------------------------------------------------------------------

SPLIT_TARGET = [
    ["2025年项目支出绩效目标表"],
    ["单位：万元"],
    ["项目名称", "社区养老服务", None, "主管部门", "某市民政局"],
    ["实施单位", "301108-某小学"],
    ["资金总额", 82800.92000000001, "财政拨款", 80000, "其他资金", 2800.92],
    ["年度目标", "1.完成社区养老服务\n2.提升老人满意度"],
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标方向性"],
    ["产出指标(50分)", "数量指标", "服务人次", "≥", 9000, "76-人次", "1-正向指标"],
    [None, "质量指标", "服务合格率", "1-≥", 0.95, "50-%", "1-正向指标"],
    [None, "时效指标", "完成时间", "≤", 45657, "日期", "2-反向指标"],
    [None, "数量指标", "培训人数", None, "1600人、200人", None, None],
    ["成本指标", "经济成本指标", "人均成本", "≤", 1200, "元", "2-反向指标"],
    ["效益指标", "社会效益指标", "覆盖率", "＝", 1, "%", None],
    [None, "社会效益指标", "服务水平", "定性", "不低于上年度水平", None, None],
    [None, "可持续发展指标", None, None, None, None, None],
    ["满意度指标", "社会公众或服务对象满意度指标", "满意度", "≧", "90%", None, None],
    [None, None, "回访人次", None, "约5.5万人次", None, None],
    [None, None, "投诉处理", "定性", "优良中低差", None, None],
]
SPLIT_MERGES = ["A1:G1", "B3:C3", "B4:G4", "B6:G6", "A8:A11"]

SELF_EVALUATION = [
    ["项目支出绩效自评表"],
    ["（2024年度）"],
    ["项目名称", "乡村道路养护"],
    ["主管部门", "某县交通运输局", None, "实施单位", "某县公路站"],
    ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, "年度资金总额", 100, 120, 114, 10, 0.95, 9.5],
    [None, "其中：当年财政拨款", 100, 120, 114, None, None, None],
    [None, "其他资金", 0, 0, 0, None, None, None],
    ["年度总体目标", "预期目标", None, None, "实际完成情况"],
    [None, "完成道路养护120公里", None, None, "完成养护114公里"],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    [None, "产出指标", "数量指标", "养护里程", ">=120公里", "114公里", 20, 19, "部分路段延期"],
    [None, None, "质量指标", "优良路率", 0.9, 0.92, 20, 20, None],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    [None, "效益指标", "社会效益指标", "通行条件", "明显改善", "明显改善", 30, 30, None],
    [None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 10, 10, None],
    ["总分", None, None, None, None, None, 100, 88.5, None],
    ["自评结论", "项目总体完成较好，自评等级为良。"],
]
SELF_MERGES = [
    "A1:I1",
    "A5:A8",
    "A9:A10",
    "B9:D9",
    "B10:D10",
    "E9:I9",
    "E10:I10",
    "A11:A13",
    "A14:A16",
    "B12:B13",
    "B18:I18",
]

STACKED = [
    ["项目名称", "城市绿化管护", "单位名称", "园林绿化中心"],
    ["预算数", 300, "其中：财政资金", 300, "其他资金", 0],
    ["绩效目标", "管护绿地500公顷"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "管护面积", "≥500公顷"],
    ["效益指标", "生态效益指标", "绿化覆盖率", "≥40%"],
    ["项目名称", "公园设施维修", "单位名称", "园林绿化中心"],
    ["预算数", 50, "其中：财政资金", 50, "其他资金", 0],
    ["绩效目标", "维修设施30处"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "维修设施", "30处"],
    ["满意度指标", "服务对象满意度指标", "游客满意度", "≥85%"],
]

SCORE_SHEET = [
    ["部门整体支出绩效评价指标体系及评分表"],
    ["一级指标", "二级指标", "三级指标", "指标解释", "评分标准", "分值", "得分"],
    ["部门决策（25分）", "目标设定", "绩效目标合理性", "目标是否合理", "合理得5分", 5, 5],
    ["部门过程（35分）", "预算执行", "预算执行率", "执行率", "按比例得分", 10, 9],
]

PER_ROW = [
    ["2025年部门项目绩效目标汇总表"],
    [
        "单位名称",
        "项目名称",
        "预算数（万元）",
        "年度目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
    ],
    ["301108-某小学", None, "15,995,600.00", None, None, None, None, None],
    [
        "301108-某小学",
        "校舍维修",
        1500000,
        "完成校舍维修",
        "产出指标",
        "数量指标",
        "维修面积",
        "≥2000平方米",
    ],
    [None, None, None, None, "效益指标", "社会效益指标", "安全隐患消除率", "100%"],
    [
        "301108-某小学",
        "教师培训",
        "995,600.00",
        "培训教师",
        "产出指标",
        "数量指标",
        "培训人数",
        ">=75人次",
    ],
    [None, None, None, None, "满意度指标", "服务对象满意度指标", "教师满意度", "≥90%"],
]
PER_ROW_MERGES = ["A1:H1", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "A6:A7", "B6:B7", "C6:C7", "D6:D7"]

SIDE_BY_SIDE = [
    ["项目支出绩效目标表"],
    ["项目名称", "农村饮水安全"],
    ["中长期目标", None, None, None, "年度目标"],
    ["一级指标", "二级指标", "三级指标", "指标值", "一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "新建水厂", "10座", "产出指标", "数量指标", "新建水厂", "3座"],
    [
        "效益指标",
        "社会效益指标",
        "受益人口",
        "≥10万人",
        "效益指标",
        "社会效益指标",
        "受益人口",
        "大于9000人次",
    ],
]
SIDE_MERGES = ["A1:H1", "B2:H2", "A3:D3", "E3:H3"]

PAIRED = [
    ["项目支出绩效目标表"],
    ["项目名称", "体育场馆开放"],
    ["产出指标", None, "效益指标", None, "满意度指标"],
    ["指标名称", "指标值", "指标名称", "指标值", "指标名称", "指标值"],
    ["开放天数", "≥300天", "接待人次", "≥5万人次", "群众满意度", "≥90%"],
]
PAIRED_MERGES = ["A1:F1", "B2:F2", "A3:B3", "C3:D3", "E3:F3"]

HORIZONTAL = [
    ["项目名称", "数量指标", "质量指标", "时效指标", "社会效益指标", "服务对象满意度指标"],
    [
        "图书馆免费开放",
        "年接待读者≥10万人次<br/>举办讲座≥20场",
        "图书完好率≥98%",
        "2025年12月底前完成",
        "全民阅读氛围明显提升",
        "读者满意度≥90%",
    ],
]


def _same_title_sheet(project: str, budget: object, goal: str) -> list[list[object]]:
    """One sheet of same_titles.xlsx: every sheet has the same title, only the project differs."""
    return [
        ["2025年项目支出绩效目标表"],
        ["项目名称", project, "单位名称", "362101-某市生态环境局"],
        ["预算数", budget, "其中：财政资金", budget, "其他资金", 0],
        ["绩效目标", goal],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "监测点位", "≥20个"],
        ["产出指标", "质量指标", "数据有效率", "≥90%"],
        ["产出指标", "时效指标", "完成时间", "2025年12月底前"],
        ["产出指标", "成本指标", "项目成本", "≤60万元"],
        ["效益指标", "生态效益指标", "空气质量优良天数比例", "≥70%"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
    ]


# one sheet per project, all titled alike (the usual layout of a unit's workbook): the first is
# clean, the second has a template goal (目标内容1), the third lacks its budget (预算数)
SAME_TITLES = {
    "大气": _same_title_sheet("大气监测运维", 60, "1.完成大气监测点位20个的运行维护"),
    "水": _same_title_sheet("水质监测运维", 60, "1.目标内容1完成水质监测点位20个的运行维护"),
    "土壤": _same_title_sheet("土壤监测运维", None, "1.完成土壤监测点位20个的运行维护"),
}

# --- writers --------------------------------------------------------------------------------


def _sheet(ws, rows, merges=(), percent=()):
    for row in rows:
        ws.append(row)
    for cell in percent:
        ws[cell].number_format = "0%"
    for ref in merges:
        ws.merge_cells(ref)


def xlsx_files() -> None:
    book = openpyxl.Workbook()
    _sheet(book.active, SPLIT_TARGET, SPLIT_MERGES)
    book.active.title = "目标表"
    book.save(OUT / "split_target.xlsx")

    book = openpyxl.Workbook()
    book.active.title = "自评表"
    _sheet(book.active, SELF_EVALUATION, SELF_MERGES, percent=["G6", "E13", "F13"])
    book.save(OUT / "self_evaluation.xlsx")

    book = openpyxl.Workbook()
    book.active.title = "项目"
    _sheet(book.active, STACKED)
    _sheet(book.create_sheet("评分表"), SCORE_SHEET)
    _sheet(book.create_sheet("汇总"), PER_ROW, PER_ROW_MERGES)
    book.create_sheet("说明").append(["填表说明：金额单位为万元"])
    book.save(OUT / "stacked.xlsx")

    book = openpyxl.Workbook()
    book.active.title = "中长期"
    _sheet(book.active, SIDE_BY_SIDE, SIDE_MERGES)
    _sheet(book.create_sheet("分列"), PAIRED, PAIRED_MERGES)
    _sheet(book.create_sheet("横排"), HORIZONTAL)
    book.save(OUT / "side_by_side.xlsx")
    same_titles()


def same_titles() -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, rows in SAME_TITLES.items():
        _sheet(book.create_sheet(sheet), rows, ["A1:F1"])
    book.save(OUT / "same_titles.xlsx")


def encrypted() -> None:
    plain = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["项目名称", "加密"])
    book.save(plain)
    plain.seek(0)
    office = OOXMLFile(plain)
    with (OUT / "encrypted.xlsx").open("wb") as out:
        office.encrypt("secret", out)


def legacy_xls() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("目标表")
    percent = xlwt.easyxf(num_format_str="0%")
    ws.write_merge(0, 0, 0, 4, "2025年项目支出绩效目标表")
    ws.write(1, 0, "项目名称")
    ws.write_merge(1, 1, 1, 4, "河道保洁")
    ws.write(2, 0, "单位名称")
    ws.write_merge(2, 2, 1, 4, "水务局")
    ws.write(3, 0, "预算数")
    ws.write(3, 1, 120.5)
    ws.write(3, 2, "财政资金")
    ws.write(3, 3, 120.5)
    for c, text in enumerate(["一级指标", "二级指标", "三级指标", "指标解释", "目标值"]):
        ws.write(4, c, text)
    ws.write_merge(5, 6, 0, 0, "产出指标")
    ws.write(5, 1, "数量指标")
    ws.write(5, 2, "保洁河道长度")
    ws.write(5, 3, "保洁的河道总长")
    ws.write(5, 4, "≥35公里")
    ws.write(6, 1, "质量指标")
    ws.write(6, 2, "水面清洁率")
    ws.write(6, 4, 0.98, percent)
    ws.write(7, 0, "效益指标")
    ws.write(7, 1, "生态效益指标")
    ws.write(7, 2, "水质达标率")
    ws.write(7, 4, 1, percent)
    book.save(str(OUT / "legacy.xls"))


def _docx_table(document, rows, merges=()):
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = str(value)
    for top, left, bottom, right in merges:
        table.cell(top, left).merge(table.cell(bottom, right))
    return table


DEPARTMENT = [
    ["部门名称", "某区教育局"],
    ["部门预算总额", 5000, "基本支出", 3000, "项目支出", 2000],
    ["年度主要任务", "任务名称", "主要内容", "预算金额（万元）"],
    [None, "义务教育保障", "保障义务教育经费", 1500],
    [None, "教师队伍建设", "培训教师", 500],
    [None, "金额合计", None, 2000],
    ["年度总体目标", "保障全区义务教育均衡发展"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["完成指标", "数量指标", "培训教师人数", "≥500人"],
    [None, "质量指标", "义务教育巩固率", "≥99%"],
    ["成本指标", "经济成本指标", "生均公用经费", "≤800元"],
    ["管理类指标", "预算执行", "预算执行率", "≥90%"],
    ["效益指标", "社会效益指标", "入学率", "100%"],
]
DEPARTMENT_MERGES = [(0, 1, 0, 5), (2, 0, 5, 0), (6, 1, 6, 5), (8, 0, 9, 0)]

GIANT = [
    ["1.项目支出绩效目标表", None, None, None, None],
    ["项目名称", "老旧小区改造", "实施单位", "住建局", None],
    ["一级指标", "二级指标", "三级指标", "指标值", None],
    ["产出指标", "数量指标", "改造小区", "≥12个", None],
    ["产出指标", "时效指标", "完工时间", "2025年10月底前", None],
    ["2.项目支出绩效目标表", None, None, None, None],
    ["项目名称", "燃气管道更新", "实施单位", "住建局", None],
    ["一级指标", "二级指标", "三级指标", "指标值", None],
    ["产出指标", "数量指标", "更新管道", "≥20公里", None],
    ["3.项目支出绩效目标完成情况表", None, None, None, None],
    ["项目名称", "燃气管道更新", "实施单位", "住建局", None],
    ["一级指标", "二级指标", "三级指标", "指标值", "完成值"],
    ["产出指标", "数量指标", "更新管道", "≥20公里", "21公里"],
]
GIANT_MERGES = [(0, 0, 0, 4), (5, 0, 5, 4), (9, 0, 9, 4)]


def docx_files() -> None:
    document = docx.Document()
    document.add_paragraph("2025年部门整体支出绩效目标表")
    document.add_paragraph("单位：万元")
    _docx_table(document, DEPARTMENT, DEPARTMENT_MERGES)
    document.save(OUT / "department.docx")

    document = docx.Document()
    document.add_paragraph("附件：2025年项目绩效目标")
    _docx_table(document, GIANT, GIANT_MERGES)
    document.save(OUT / "many_forms.docx")


PDF_HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
PDF_ROWS = [
    ["产出指标", "数量指标", "巡检次数", "≥52次"],
    ["产出指标", "质量指标", "问题整改率", "100%"],
    ["效益指标", "社会效益指标", "事故发生率", "≤1%"],
    ["满意度指标", "服务对象满意度指标", "企业满意度", "≥95%"],
]


def pdf_file() -> None:
    pdf = FPDF()
    pdf.add_font("wqy", fname=FONT, collection_font_number=0)
    pdf.set_font("wqy", size=11)
    pages = [
        ([["项目名称", "安全生产监管", "单位名称", "应急管理局"]], PDF_ROWS[:2]),
        ([], PDF_ROWS[2:]),
    ]
    for intro, rows in pages:
        pdf.add_page()
        if intro:
            pdf.cell(0, 10, "2025年项目支出绩效目标表", new_x="LMARGIN", new_y="NEXT")
        with pdf.table(col_widths=(30, 40, 40, 30), first_row_as_headings=False) as table:
            for row in [*intro, PDF_HEADER, *rows]:
                line = table.row()
                for text in row:
                    line.cell(text)
    pdf.output(str(OUT / "ruled.pdf"))


# --- the shapes of issues 11 and 12 (tests/data/shapes.py), in every format they come in ------


def _ranges(merges: list[str]) -> list[tuple[int, int, int, int]]:
    """Excel ranges as 0-based (top, left, bottom, right)."""
    found = []
    for ref in merges:
        left, top, right, bottom = range_boundaries(ref)
        found.append((top - 1, left - 1, bottom - 1, right - 1))
    return found


def shape_xlsx(path: Path, sheets: list[Sheet]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows, merges in sheets:
        _sheet(book.create_sheet(name), rows, merges)
    book.save(path)


def shape_xls(path: Path, sheets: list[Sheet]) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    for name, rows, merges in sheets:
        ws = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
        for top, left, bottom, right in _ranges(merges):
            ws.merge(top, bottom, left, right)
    book.save(str(path))


def shape_docx(path: Path, sheets: list[Sheet], printed: bool = False) -> None:
    """Each sheet as a Word table; ``printed``: landscape, 8 pt, rows never split by a page
    (the look of the tables departments print to PDF)."""
    document = docx.Document()
    if printed:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        document.styles["Normal"].font.size = Pt(8)
    for _, rows, merges in sheets:
        table = _docx_table(document, rows, _ranges(merges))
        if printed:
            for row in table.rows:
                row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        document.add_paragraph("")
    document.save(path)


def shape_pdf(path: Path, sheets: list[Sheet]) -> None:
    """The shape as Word tables printed to PDF by LibreOffice (ruled tables, CJK fonts)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{path.stem}.docx"
        shape_docx(source, sheets, printed=True)
        command = [
            "soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
            "--convert-to", "pdf", "--outdir", tmp, str(source),
        ]  # fmt: skip
        subprocess.run(command, capture_output=True, timeout=300, check=True)
        path.write_bytes((Path(tmp) / f"{path.stem}.pdf").read_bytes())


def shape_files() -> None:
    writers = {"xlsx": shape_xlsx, "xls": shape_xls, "docx": shape_docx, "pdf": shape_pdf}
    for name, (sheets, formats) in SHAPES.items():
        for suffix in formats:
            writers[suffix](OUT / f"{name}.{suffix}", sheets)


if __name__ == "__main__":
    import sys

    OUT.mkdir(exist_ok=True)
    shape_files()
    if "--shapes" not in sys.argv:  # --shapes: only the round-2 shapes (leaves the others as is)
        xlsx_files()
        encrypted()
        legacy_xls()
        docx_files()
        pdf_file()
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")

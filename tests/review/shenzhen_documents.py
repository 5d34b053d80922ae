"""Shenzhen-style target tables built in code: 二级项目支出绩效目标申报表, one project per table.

The template lists every 二级指标 (framework B: 成本指标 is a level 1 with 经济/社会/生态环境成本),
asks that rows which do not apply say 不适用, has 其他满意度 as a level 2, and carries 政策依据
(``basis``) and 测算依据 (``calculation``). All tables share the form's title, as the sheets of
one workbook do; the projects differ. Each table is built to hold the faults named in its
docstring — or none (``community_stations``) — and tests/review/test_shenzhen.py pins what the
review finds on each.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.model import Department, Indicator, Project, ProjectBudget, Source, TargetTable
from jixiao.domain.targets import parse_target

TITLE = "二级项目支出绩效目标申报表"
DEPARTMENT = Department(code="440304001", name="深圳市福田区民政局")
NA = ("不适用", "不适用")
GRADED = "好：{0}；较好：基本达到；一般：部分达到；差：未达到"

_PARENTS = {
    "数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
    "经济成本指标": "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
    "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标", "其他满意度": "满意度指标",
}  # fmt: skip
Rows = dict[str, list[tuple[str, str] | tuple[str, str, str]]]


def _rows(sheet: str, filled: Rows) -> tuple[Indicator, ...]:
    """Every level 2 of the template in order; a level 2 not in ``filled`` says 不适用."""
    out: list[Indicator] = []
    for level2, parent in _PARENTS.items():
        for cells in filled.get(level2, [NA]):
            name, value, *explained = cells
            out.append(
                Indicator(
                    level1=parent, level2=level2, level3=name, target=parse_target(value),
                    description=explained[0] if explained else None,
                    source=Source(file="深圳申报表.xlsx", cell=f"{sheet}!C{12 + len(out)}"),
                )
            )  # fmt: skip
    return tuple(out)


def _table(
    number: int,
    project: str,
    budget: str,
    goal: str,
    filled: Rows,
    *,
    basis: str | None,
    calculation: str | None,
) -> TargetTable:
    sheet = f"{number}.{project}"
    return TargetTable(
        title=TITLE, number=number, year=2025, department=DEPARTMENT, project=Project(name=project),
        budget=ProjectBudget(total=Decimal(budget), fiscal=Decimal(budget)), goals=(goal,),
        indicators=_rows(sheet, filled), source=Source(file="深圳申报表.xlsx", cell=f"{sheet}!A1"),
        basis=basis, calculation=calculation,
    )  # fmt: skip


def community_stations() -> TargetTable:
    """A well-made table: no finding expected."""
    return _table(
        1, "社区工作站经费", "220", "保障全区10个社区工作站正常运转，服务事项办结率不低于95%。",
        {
            "数量指标": [("社区工作站数量", "≥10个")],
            "质量指标": [("服务事项办结率", "≥95%")],
            "时效指标": [("服务响应时间", "半小时内")],
            "经济成本指标": [("社区工作站运行成本", "≤220万元")],
            "社会效益指标": [("居民办事便利度", "明显提升", GRADED.format("办事平均时间缩短20%以上"))],
            "服务对象满意度指标": [("居民满意度", "≥90%")],
        },
        basis="《深圳市社区工作站管理办法》；深民〔2019〕15号",
        calculation="人员经费 8万元/人·年 × 25人 = 200万元；办公经费 2万元/站 × 10站 = 20万元",
    )  # fmt: skip


def street_cleaning() -> TargetTable:
    """Weak 政策依据, no calculation shown, a three-year cost (60 万 against 20 万), a vague benefit."""
    return _table(
        2, "道路清扫保洁服务", "20", "完成辖区道路清扫保洁，清扫面积不少于120万平方米。",
        {
            "数量指标": [("道路清扫面积", "≥120万㎡")],
            "质量指标": [("道路清扫保洁合格率", "≥95%")],
            "时效指标": [("每日清扫完成时间", "每天早上6点半前")],
            "经济成本指标": [("道路清扫保洁服务成本", "≤60万")],
            "社会效益指标": [("市容环境", "明显改善")],
            "服务对象满意度指标": [("居民满意度", "≥90%")],
        },
        basis="根据区委区政府工作部署开展",
        calculation="根据实际工作需要测算",
    )  # fmt: skip


def cultural_activities() -> TargetTable:
    """Cost 1,109.8 against 109.8; a blank row instead of 不适用; the row that crashed the batch
    (empty 三级指标, filled 指标值)."""
    return _table(
        3, "社区文体活动经费", "109.8", "举办社区文体活动不少于120场。",
        {
            "数量指标": [("社区文体活动场次", "≥120场")],
            "质量指标": [("", "≥95%")],
            "时效指标": [("活动完成时间", "12月底前")],
            "经济成本指标": [("社区文体活动成本", "≤1,109.8万元")],
            "社会效益指标": [("居民参与人次", "≥2万人次")],
            "生态效益指标": [("", "")],
            "服务对象满意度指标": [("参与居民满意度", "≥90%")],
        },
        basis="《深圳市福田区社区文化建设三年行动方案》（福府办【2020】52号）",
        calculation="活动经费 0.915万元/场 × 120场 = 109.8万元",
    )  # fmt: skip


def health_services() -> TargetTable:
    """时效指标 filled with 不适用, a calculation that does not reach the budget, an over-long name."""
    return _table(
        4, "社区健康服务", "50", "为辖区1000名老年人提供免费体检。",
        {
            "数量指标": [("老年人免费体检人数", "≥1000人")],
            "质量指标": [
                ("对辖区65岁以上常住老年人开展包括血常规、尿常规、肝功能、肾功能、心电图和腹部B超在内的免费健康体检覆盖率", "≥90%"),
            ],
            "经济成本指标": [("社区健康服务成本", "≤50万元")],
            "社会效益指标": [("老年人健康档案建档率", "≥95%")],
            "服务对象满意度指标": [("体检老年人满意度", "≥90%")],
        },
        basis="区卫生健康局三定方案规定的基本公共卫生服务职能",
        calculation="体检费 300元/人 × 1000人 = 30万元；健康宣传 1万元/场 × 5场 = 5万元",
    )  # fmt: skip


def school_places() -> TargetTable:
    """No 政策依据; a benefit that 得到提升 without grades; 合格 defined by an acceptance grade."""
    return _table(
        5, "学位建设项目", "300", "新增学位不少于900个，12月底前完成改扩建。",
        {
            "数量指标": [("新增学位数", "≥900个"), ("改扩建面积", "≥5000平方米")],
            "质量指标": [("工程验收质量", "合格", "竣工验收质量等级为合格")],
            "时效指标": [("改扩建完成时间", "12月底前")],
            "经济成本指标": [("学位建设成本", "≤300万元/年")],
            "社会效益指标": [("辖区学位供给能力", "得到提升")],
            "服务对象满意度指标": [("学生家长满意度", "≥90%")],
        },
        basis="",
        calculation="改扩建 600元/平方米 × 5000平方米 = 300万元",
    )  # fmt: skip


def safety_patrols() -> TargetTable:
    """其他满意度 used as a level 2; 80万 as the cost; a calculation with a stated 合计: no finding."""
    return _table(
        6, "安全生产巡查服务", "80", "全年开展安全生产巡查不少于1200次。",
        {
            "数量指标": [("安全生产巡查次数", "≥1200次")],
            "质量指标": [("隐患整改率", "≥95%")],
            "时效指标": [("隐患报告响应时间", "半小时内")],
            "经济成本指标": [("巡查服务成本", "≤80万")],
            "社会效益指标": [("安全生产事故起数", "≤3起")],
            "服务对象满意度指标": [("企业满意度", "≥90%")],
            "其他满意度": [("商户满意度", "≥85%")],
        },
        basis="《中华人民共和国安全生产法》；《深圳市安全生产监督管理条例》",
        calculation="巡查员 4人 × 12月 × 1.5万元/人月 = 72万元；设备购置 8万元；合计80万元",
    )  # fmt: skip


def tables() -> list[TargetTable]:
    return [
        community_stations(), street_cleaning(), cultural_activities(), health_services(),
        school_places(), safety_patrols(),
    ]  # fmt: skip

"""Every rule: a made-up document it must flag, and the same document fixed, which it must pass."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from review_builders import (
    DEPARTMENT,
    evaluation,
    good_results,
    good_rows,
    ind,
    res,
    table,
    with_fields,
)

from jixiao.domain.disclosure import Disclosure, read_disclosure
from jixiao.domain.model import Department, ExecutionBudget, GoalResult, ProjectBudget, Source
from jixiao.domain.review import RULES, review

Docs = Callable[[], list]
SUBORDINATE = Department(code="362207", name="天津市环境应急与事故调查中心")


def rows_with(*extra, drop: str | None = None):
    return [r for r in good_rows() if r.level2 != drop] + list(extra)


def results_with(*extra, drop: str | None = None):
    return [r for r in good_results() if r.level2 != drop] + list(extra)


def goal(target: str, actual: str) -> tuple[GoalResult, ...]:
    return (GoalResult(no=1, target=target, actual=actual, source=Source(file="se.txt", line=20)),)


def _disclosure(
    funds: str = "100", spending: str = "200", grades: str = "优20个"
) -> Disclosure | None:
    return read_disclosure(
        f"项目支出{spending}万元。\n预算绩效管理情况\n实行绩效目标管理的项目3个，涉及资金{funds}万元。"
        f"开展绩效自评，共涉及项目20个。{grades}。",
        "report.txt",
    )


# code → (faulty documents, fixed documents, a phrase the finding's message must contain)
CASES: dict[str, tuple[Docs, Docs, str]] = {
    "CMP-01": (lambda: [table(goals=())], lambda: [table()], "缺少绩效目标"),
    "CMP-02": (
        lambda: [table(goals=("1.目标内容1保证各业务系统正常运转",))],
        lambda: [table()],
        "目标内容1",
    ),
    "CMP-03": (
        lambda: [table(rows_with(ind("质量指标", "专家评审通过率", "1001"), drop="质量指标"))],
        lambda: [table(rows_with(ind("质量指标", "专家评审通过率", "100%"), drop="质量指标"))],
        "没有计量单位",
    ),
    "CMP-04": (lambda: [table(rows_with(drop="时效指标"))], lambda: [table()], "缺少时效指标"),
    "CMP-05": (
        lambda: [table(rows_with(ind("数量指标", "宣传场次", "≥2场", level1="效益指标")))],
        lambda: [table(rows_with(ind("数量指标", "宣传场次", "≥2场")))],
        "应属于“产出指标”",
    ),
    "CMP-06": (
        lambda: [table(total="100", fiscal="80", other="10")],
        lambda: [table(total="100", fiscal="90", other="10")],
        "≠ 财政资金",
    ),
    "CMP-07": (
        lambda: [table(goals=("1.通过推进科科学治污，完成辐射安全培训不少于120人。",))],
        lambda: [table(goals=("1.通过推进科学治污，完成辐射安全培训不少于120人。",))],
        "科科",
    ),
    "CMP-08": (
        lambda: [table(rows_with(ind("质量指标", "培训人数", "合格")))],
        lambda: [table(rows_with(ind("质量指标", "培训质量", "合格")))],
        "出现 2 次",
    ),
    "REL-01": (
        lambda: [table(goals=("1.完成辐射安全培训不少于120人，重点舆情4小时内预警。",))],
        lambda: [table()],
        "4小时",
    ),
    "REL-02": (
        lambda: [table(goals=("1.完成辐射安全培训不少于120人次。",))],
        lambda: [table()],
        "计量单位不一致",
    ),
    "REL-03": (
        lambda: [
            table(
                rows_with(
                    ind(
                        "数量指标", "重要标准制修订数量", "≥2个", description="根据举报线索立案数量"
                    )
                )
            )
        ],
        lambda: [
            table(
                rows_with(
                    ind(
                        "数量指标", "举报线索立案数量", "≥2个", description="根据举报线索立案的数量"
                    )
                )
            )
        ],
        "不是同一件事",
    ),
    "REL-04": (
        lambda: [table(rows_with(ind("成本指标", "资金使用率", "≥90%"), drop="成本指标"))],
        lambda: [table()],
        "不是金额",
    ),
    "CMP-09": (
        lambda: [
            table(
                rows_with(
                    ind(
                        "质量指标",
                        "对生态环境正面典型、违法违规事例进行拍摄并制作宣传片，在电视台、报纸和新媒体平台集中播放和转载",
                        "≥95%",
                    ),
                    drop="质量指标",
                )
            )
        ],
        lambda: [table(rows_with(ind("质量指标", "宣传片播放合格率", "≥95%"), drop="质量指标"))],
        "超过 40 字",
    ),
    "CMP-10": (
        lambda: [table(rows_with(ind("时效指标", "不适用", "不适用"), drop="时效指标"))],
        lambda: [table(rows_with(ind("生态效益指标", "不适用", "不适用")))],
        "必填的二级指标“时效指标”填了“不适用”",
    ),
    "REL-08": (
        lambda: [with_fields(table(), basis="根据上级工作要求开展")],
        lambda: [
            with_fields(table(), basis="《中华人民共和国放射性污染防治法》；深环〔2019〕15号")
        ],
        "没有引用文件名称、文号或三定方案",
    ),
    "FEA-06": (
        lambda: [with_fields(table(), calculation="根据实际工作需要测算")],
        lambda: [with_fields(table(), calculation="培训费 5000元/人 × 200人 = 100万元")],
        "测算依据没有列出单价 × 数量",
    ),
    "APP-06": (
        lambda: [with_fields(table(), calculation="培训费 500元/人 × 200人 = 10万元")],
        lambda: [with_fields(table(), calculation="培训费 5000元/人 × 200人 = 100万元")],
        "测算依据合计 10.00万元 与预算数 100.00万元 不符，成本指标合计 100.00万元",
    ),
    "DIS-01": (
        lambda: [_disclosure(funds="6,800.00", spending="5,678.90")],
        lambda: [_disclosure(funds="5,600.00", spending="5,678.90")],
        "超过项目支出",
    ),
    "DIS-02": (
        lambda: [_disclosure(grades="优15个、良4个、合格2个、不合格0个")],
        lambda: [_disclosure(grades="优15个、良4个、合格1个、不合格0个")],
        "与自评项目数 20 个不符",
    ),
    "APP-08": (
        lambda: [
            with_fields(
                table(), budget=ProjectBudget(total=Decimal("60"), problems=("yuan_converted",))
            ),
            with_fields(
                table(), budget=ProjectBudget(total=Decimal("600000"), problems=("yuan_doubtful",))
            ),
        ],
        lambda: [with_fields(table(), budget=ProjectBudget(total=Decimal("60"), problems=None))],
        "万元栏",
    ),
    "APP-07": (
        lambda: [
            table(
                rows_with(ind("成本指标", "项目成本", "≤60万元"), drop="成本指标"),
                total="20",
                fiscal="20",
            )
        ],
        lambda: [
            table(
                rows_with(ind("成本指标", "项目成本", "≤20万元"), drop="成本指标"),
                total="20",
                fiscal="20",
            )
        ],
        "是预算数的 3 倍，疑似填写了多年合计",
    ),
    "REL-05": (
        lambda: [table(rows_with(ind("数量指标", "其他审计", "依委托开展")))],
        lambda: [table(rows_with(ind("数量指标", "其他审计", "≥3项")))],
        "不可衡量",
    ),
    "REL-06": (
        lambda: [table(rows_with(ind("数量指标", "管理服务工作人员数量", "≥5人")))],
        lambda: [table(rows_with(ind("数量指标", "办结服务事项数量", "≥500件")))],
        "是投入",
    ),
    "REL-07": (
        lambda: [
            table(rows_with(ind("生态效益指标", "污染负荷削减量", "COD108.4；氨氮1.0；总磷2.6")))
        ],
        lambda: [table(rows_with(ind("生态效益指标", "COD削减量", "≥108.4吨")))],
        "含 3 个数值",
    ),
    "APP-01": (
        lambda: [table(rows_with(ind("成本指标", "项目总成本", "≤120万元"), drop="成本指标"))],
        lambda: [table()],
        "成本指标合计 ≤120万元（120.00万元）超过预算数 100.00万元",
    ),
    "APP-02": (
        lambda: [
            table(),
            evaluation(
                results_with(res("数量指标", "辐射安全培训人数", "≥90人", "150人"), drop="数量指标")
            ),
        ],
        lambda: [
            table(),
            evaluation(
                results_with(res("数量指标", "辐射安全培训人数", "≥90人", "110人"), drop="数量指标")
            ),
        ],
        "低于上年实际完成“150人”",
    ),
    "APP-03": (
        lambda: [
            table(
                rows_with(ind("生态效益指标", "较大突发环境事件", "≤9次")), department=SUBORDINATE
            ),
            evaluation(
                results_with(res("生态效益指标", "较大突发环境事件", "<9件", "0件", weight="0"))
            ),
            table(department=DEPARTMENT),
        ],
        lambda: [
            table(
                rows_with(ind("生态效益指标", "较大突发环境事件", "≤2次")), department=SUBORDINATE
            ),
            evaluation(
                results_with(res("生态效益指标", "较大突发环境事件", "<9件", "0件", weight="0"))
            ),
            table(department=DEPARTMENT),
        ],
        "与上年目标“<9件”相同",
    ),
    "APP-05": (
        lambda: [
            table(
                rows_with(
                    ind("服务对象满意度指标", "群众满意度", "≥60%"), drop="服务对象满意度指标"
                )
            )
        ],
        lambda: [table()],
        "低于 80%",
    ),
    "FEA-01": (
        lambda: [table(title="2024年辐射安全培训项目绩效目标表")],
        lambda: [table()],
        "标题年份 2024年",
    ),
    "FEA-02": (
        lambda: [table(rows_with(ind("时效指标", "完成时间", "按时完成"), drop="时效指标"))],
        lambda: [table()],
        "没有日期或时长",
    ),
    "FEA-03": (
        lambda: [table(rows_with(ind("数量指标", "专项审计", "约70项")))],
        lambda: [table(rows_with(ind("数量指标", "专项审计", "≥70项")))],
        "是约数",
    ),
    "FEA-04": (
        lambda: [
            evaluation(
                results_with(
                    res("成本指标", "资金预算执行", "≥1796万元", "1796万元"), drop="成本指标"
                )
            )
        ],
        lambda: [evaluation()],
        "使用了“≥”",
    ),
    "FEA-05": (
        lambda: [table(rows_with(ind("时效指标", "响应及时率", "<2小时")))],
        lambda: [table(rows_with(ind("时效指标", "响应时间", "<2小时")))],
        "却以“小时”计量",
    ),
    "SE-01": (
        lambda: [
            evaluation(results_with(res("数量指标", "档案归集数", "≥10件", "12件", weight="0.5")))
        ],
        lambda: [evaluation()],
        "指标分值合计 90.5，应为 90",
    ),
    "SE-02": (
        lambda: [
            evaluation(
                results_with(res("数量指标", "培训人数", "≥100人", "437人"), drop="数量指标")
            )
        ],
        lambda: [
            evaluation(
                results_with(
                    res("数量指标", "培训人数", "≥100人", "437人", deviation="新增专项培训"),
                    drop="数量指标",
                )
            )
        ],
        "4.4 倍",
    ),
    "SE-03": (
        lambda: [
            evaluation(
                results_with(
                    res("质量指标", "数据准确率", "≥99.9%", ">99.9%", weight="0"), drop="质量指标"
                )
            )
        ],
        lambda: [
            evaluation(results_with(res("质量指标", "数据准确率", "≥99.9%", "99.95%", weight="0")))
        ],
        "不是确切的数值",
    ),
    "SE-04": (
        lambda: [
            evaluation(
                results_with(res("数量指标", "培训人数", "≥100个", "110人"), drop="数量指标")
            )
        ],
        lambda: [evaluation()],
        "以“个”计",
    ),
    "SE-05": (
        lambda: [
            evaluation(goals=goal("开展区域横向生态保护补偿1项", "开展区域横向生态保护补偿1项"))
        ],
        lambda: [evaluation()],
        "与年度目标相同",
    ),
    "SE-06": (lambda: [evaluation(grade="良")], lambda: [evaluation()], "对应“优”"),
    "SE-07": (
        lambda: [
            evaluation(
                budget=ExecutionBudget(
                    annual=Decimal(100),
                    executed=Decimal(90),
                    rate=Decimal(90),
                    weight=Decimal(10),
                    score=Decimal(10),
                ),
                total="100",
            )
        ],
        lambda: [evaluation()],
        "预算执行得分填 10，应为 10 × 90.0% = 9",
    ),
    "SE-08": (
        lambda: [
            evaluation(results_with(res("数量指标", "志愿服务活动", "=35次", "40次", weight="0")))
        ],
        lambda: [
            evaluation(results_with(res("数量指标", "志愿服务活动", "=35次", "35次", weight="0")))
        ],
        "偏差 +14.3%",
    ),
    "SE-09": (
        lambda: [
            evaluation(
                results_with(res("成本指标", "项目总成本", "≤100万元", "105万元"), drop="成本指标")
            )
        ],
        lambda: [
            evaluation(
                results_with(
                    res("成本指标", "项目总成本", "≤100万元", "105万元", score="35"),
                    drop="成本指标",
                ),
                total="94",
            )
        ],
        "超过指标值",
    ),
    "SE-10": (
        lambda: [
            evaluation(
                results_with(
                    res("服务对象满意度指标", "满意度", "≥90%", "96%", weight="1"),
                    res("数量指标", "档案归集数", "≥10件", "10件", weight="9"),
                    drop="服务对象满意度指标",
                ),
                conclusion="",
            )
        ],
        lambda: [evaluation()],
        "分值合计 1，低于规定的 10 分",
    ),
    "SE-11": (
        lambda: [evaluation(conclusion="涉及年度绩效指标4项，其中数量指标2项。")],
        lambda: [evaluation()],
        "结论称绩效指标4项，表内实有 3 项",
    ),
}


def _found(code: str, documents: list) -> list:
    return [f for f in review(documents) if f.rule == code]


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_flags_the_faulty_document(code: str) -> None:
    faulty, _, phrase = CASES[code]
    found = _found(code, faulty())
    assert found, f"{code} found nothing"
    assert any(phrase in f.message for f in found), [f.message for f in found]
    assert all(f.message_en and f.suggestion and f.source.file for f in found)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_passes_the_fixed_document(code: str) -> None:
    _, fixed, _ = CASES[code]
    assert _found(code, fixed()) == []


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(RULES)


def test_clean_documents_have_no_findings() -> None:
    assert review([table(), evaluation()]) == []

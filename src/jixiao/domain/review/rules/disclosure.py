"""公开说明审核 (disclosure): the 预算绩效管理情况 paragraph of a budget or final-accounts report.

The paragraph states figures a reader can check against each other: the funds under 绩效目标
management cannot exceed the report's 项目支出, and the self-evaluation grades must add up to the
number of self-evaluated projects. Read by :func:`jixiao.domain.disclosure.read_disclosure`.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.domain.disclosure import Disclosure
from jixiao.domain.review.helpers import wan
from jixiao.domain.review.registry import DISCLOSURES, Context, Hit, rule


def _at(disclosure: Disclosure, message: str, message_en: str) -> Hit:
    return Hit(message, message_en, disclosure.source, "document")


@rule(
    "DIS-01",
    category="一致性",
    severity="error",
    title="实行绩效目标管理的资金超过项目支出",
    explanation="部门预算公开的“预算绩效管理情况”说明实行绩效目标管理的项目及其资金；绩效目标随项目支出编报，这部分资金是项目支出的一部分，不能超过同一报告的项目支出总额，超过说明口径或数字有误（财预〔2015〕88号 第六条：绩效目标随部门预算编报）。",
    basis="财预〔2015〕88号 第六条；部门预算公开“预算绩效管理情况”说明",
    suggestion="核对绩效目标管理资金的口径（当年财政拨款或全部资金）和报告中的项目支出数，使前者不超过后者。",
    example="实行绩效目标管理的项目22个，涉及资金6,800.00万元；项目支出5,678.90万元",
    scope=DISCLOSURES,
)
def target_funds(disclosure: Disclosure, ctx: Context) -> Iterator[Hit]:
    funds, spending = disclosure.target_funds, disclosure.project_spending
    if funds is not None and spending is not None and funds > spending:
        yield _at(
            disclosure,
            f"实行绩效目标管理的资金 {wan(funds)}万元 超过项目支出 {wan(spending)}万元",
            f"funds under target management ({wan(funds)}) exceed project spending ({wan(spending)})",
        )


@rule(
    "DIS-02",
    category="一致性",
    severity="error",
    title="自评结果各等级项目数之和不等于自评项目数",
    explanation="部门决算公开的“预算绩效管理情况”说明开展绩效自评的项目数和自评结果（优、良、合格/中、不合格/差各若干个）；每个自评项目恰有一个等级，各等级项目数之和应等于自评项目数（财预〔2020〕10号 自评结果分档）。",
    basis="财预〔2020〕10号（绩效自评）；部门决算公开“预算绩效管理情况”说明",
    suggestion="核对自评项目数和各等级项目数，使优 + 良 + 合格 + 不合格等于自评项目数。",
    example="共涉及项目20个……优15个、良4个、合格2个、不合格0个（合计21个）",
    scope=DISCLOSURES,
)
def grade_counts(disclosure: Disclosure, ctx: Context) -> Iterator[Hit]:
    grades, evaluated = disclosure.grades, disclosure.evaluated
    total = sum(n for _, n in grades)
    if not grades or evaluated is None or total == evaluated:
        return
    listed = "、".join(f"{g}{n}个" for g, n in grades)
    yield _at(
        disclosure,
        f"自评结果{listed}，合计 {total} 个，与自评项目数 {evaluated} 个不符",
        f"the grades add up to {total}, not the {evaluated} evaluated projects",
    )

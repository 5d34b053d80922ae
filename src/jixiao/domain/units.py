"""Units of measure (计量单位) that appear in 指标值 cells, and what kind of value each makes."""

from __future__ import annotations

from decimal import Decimal

PERCENT_UNITS = frozenset({"%", "‰"})

#: money unit → factor that converts it to 万元 (the unit every amount is stored in)
MONEY_TO_WAN: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "百万元": Decimal(100),
    "亿元": Decimal(10000),
    "万元/年": Decimal(1),  # an annual amount: one budget year's worth
    "元/年": Decimal("0.0001"),
}

#: time units: a value in one of these is a duration (时限)
TIME_UNITS = frozenset(
    {
        "秒",
        "分钟",
        "分",
        "小时",
        "个小时",
        "天",
        "日",
        "工作日",
        "个工作日",
        "周",
        "个月",
        "月",
        "年",
        "季度",
    }
)

#: count units (个, 家次, 人次 ...) and physical units (微克/立方米, mSv ...) seen in target tables
COUNT_UNITS = frozenset(
    [
        "个",
        "家",
        "家次",
        "人",
        "人次",
        "名",
        "项",
        "份",
        "套",
        "次",
        "场",
        "条",
        "部",
        "期",
        "块版",
        "版",
        "台",
        "台(套)",
        "套(台)",
        "笔",
        "辆",
        "吨",
        "件",
        "篇",
        "本",
        "批",
        "批次",
        "座",
        "处",
        "户",
        "所",
        "类",
        "册",
        "张",
        "期次",
        "类次",
        "个次",
        "批",
        "支",
        "组",
        "节",
        "课时",
        "学时",
        "区",
        "村",
        "镇",
        "点",
        "点位",
        "个点位",
        "口",
        "宗",
        "起",
        "例",
        "栋",
        "间",
        "条次",
        "轮",
        "季",
        "页",
        "幅",
        "集",
        "卷",
        "份次",
        "册次",
        "万字",
        "字",
        "GB",
        "TB",
        "个数据",
        "公里",
        "千米",
        "米",
        "平方米",
        "平米",
        "m2",  # ㎡ and m² after NFKC; read as 平方米 (SAME_UNIT)
        "m3",  # ㎥; read as 立方米
        "亩",
        "公顷",
        "平方公里",
        "立方米",
        "万立方米",
        "吨/年",
        "吨/日",
        "吨/天",
        "微克/立方米",
        "微克/m3",
        "毫克/立方米",
        "毫克/m3",
        "毫克/升",
        "mg/L",
        "mg/m3",
        "μg/m3",
        "mSv",
        "μSv",
        "分贝",
        "dB",
        "度",
        "千瓦时",
        "kWh",
        "兆瓦",
        "MW",
        "人/次",
        "人天",
        "人日",
    ]
)

#: spellings of one unit → the unit a value is stored in (unit_raw keeps the spelling)
SAME_UNIT: dict[str, str] = {"m2": "平方米", "m3": "立方米"}

#: a value may end with one of these verbs after its unit ("24小时内响应", "100%完成")
TRAILING_VERBS = ("响应", "完成", "到位", "办结", "处置", "处理", "到场", "送达", "上报", "回复")


def is_known(unit: str) -> bool:
    """True when the unit is in the catalogue (any kind)."""
    return (
        unit in PERCENT_UNITS or unit in MONEY_TO_WAN or unit in TIME_UNITS or unit in COUNT_UNITS
    )

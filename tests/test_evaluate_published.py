"""Published 项目支出绩效自评表 reproduced with our rules (真实公开自评表复算).

Source: two 2022 self-evaluation tables published by 池州市贵池区棠溪镇人民政府 (Anhui), as
attachments "项目支出绩效自评表 (2022年度)":

* 委托业务项目 — http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2
* 村级补助及运转经费 — http://www.anthempetcare.com/upload_cz/download?id=502367&siteId=2

(The files are served from that odd host name; their content is the township's published
form.) Our copy of each table is cut off inside its last rows (满意度 for the first, the
可持续影响 row for the second), so the tests reproduce every row that is visible and leave
the cut-off rows out; the profile used says ``absent_group = "drop"`` (the cut-off points are
not spread over the rest) and ``weight_mismatch = "keep"`` (the form's own 分值 are kept).

Where the published form itself deviates from the rules, the test asserts what our rules
give and the comment says what the form shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.domain.model import FundLine, Funds, Indicator, Plan, Project
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.values import parse_target
from jixiao.evaluate import Actuals, actuals_from_mapping, evaluate_plan

D = Decimal

# (一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分) exactly as published
Row = tuple[str, str, str | None, str | None, str | None, str | None, str | None]
ENTRUSTED: list[Row] = [
    ("产出指标", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", "8", "8"),
    ("产出指标", "质量指标", "委托业务报告合格率", "≥100百分比", "100", "8", "8"),
    ("产出指标", "质量指标", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", "8", "8"),
    (
        "产出指标",
        "时效指标",
        "提交报告及时性",
        "在项目计划完成时间内完成",
        "达成预期指标",
        "8",
        "8",
    ),
    ("产出指标", "成本指标", "项目总成本", "≤90万元", "90", "8", "8"),
    ("产出指标", "成本指标", "单项业务成本", "符合相关规定", "达成预期指标", "10", "10"),
    (
        "效益指标",
        "社会效益指标",
        "对维护基建市场公平的影响程度",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
    ),
    (
        "效益指标",
        "生态效益指标",
        "对控制基建项目成本影响程度",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
    ),
    (
        "效益指标",
        "可持续影响指标",
        "对推动基建项目“四项制度”健全和落实的持续性影响",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
    ),
    ("效益指标", "经济效益指标", None, None, None, None, None),  # empty row in the form
]
VILLAGE: list[Row] = [
    ("产出指标", "数量指标", "补助村(社区)数量", "=8个", "8", "8", "8"),
    ("产出指标", "数量指标", "保障村干部人数", "=42个", "42", "8", "8"),
    ("产出指标", "质量指标", "补助资格合规性", "合规", "达成预期指标", "8", "8"),
    (
        "产出指标",
        "质量指标",
        "经费审批流程规范性",
        "严格执行相关制度规定",
        "达成预期指标",
        "8",
        "8",
    ),
    ("产出指标", "时效指标", "补助经费到位及时性", "及时", "达成预期指标", "8", "8"),
    ("产出指标", "成本指标", "项目总成本", "≤202.6万元", "132.9", "10", "10"),
    (
        "效益指标",
        "经济效益指标",
        "对保障村(社区)两委机构正常运行的影响程度",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
    ),
    (
        "效益指标",
        "社会效益指标",
        "提高村(社区)干部工作积极性的影响程度",
        "效果明显",
        "达成预期指标",
        "10",
        "10",
    ),
]


@pytest.fixture
def form_profile(tmp_path: Path) -> str:
    path = tmp_path / "published_form.toml"
    path.write_text(
        'extends = "national"\n[evaluate]\nabsent_group = "drop"\nweight_mismatch = "keep"\n',
        encoding="utf-8",
    )
    return str(path)


def form(
    rows: Sequence[Row],
    initial: str,
) -> Plan:
    indicators = [
        Indicator(
            level1=l1,
            level2=l2,
            level3=l3,
            target=parse_target(target, level1=l1, level2=l2, year=2022),
            weight=D(weight) if weight else None,
        )
        for l1, l2, l3, target, _, weight, _ in rows
    ]
    money = Money(D(initial), MoneyUnit.WAN)
    project = Project(
        "P",
        "published",
        funds=Funds(money, [FundLine("本年财政拨款", money)]),
        indicators=indicators,
    )
    return Plan(year=2022, projects=[project])


def actuals(
    rows: Sequence[Row],
    initial: str,
    adjusted: str,
    spent: str,
) -> Actuals:
    return actuals_from_mapping(
        {
            "projects": [
                {
                    "code": "P",
                    "funds": [
                        {
                            "source": "本年财政拨款",
                            "initial": initial,
                            "adjusted": adjusted,
                            "spent": spent,
                        }
                    ],
                    "indicators": [
                        {"index": n, "actual": actual, "score": score}
                        for n, (_, _, _, _, actual, _, score) in enumerate(rows, start=1)
                        if actual is not None
                    ],
                }
            ]
        },
        "published.yaml",
    )


def test_entrusted_services_form(form_profile: str) -> None:
    """委托业务项目: 年初预算数 90, 全年预算数 89.974, 全年执行数 89.974 (万元)."""
    ev = evaluate_plan(
        form(ENTRUSTED, "90"), actuals(ENTRUSTED, "90", "89.974", "89.974"), form_profile
    )
    pe = ev.projects[0]
    # 执行率 89.974 / 89.974 = 100% → 10 × 1 = 10. The published 年度资金总额 row reads
    # "0 0 0 10 0 0" (its money cells and 得分 were left at 0; only the 财政拨款 row was filled):
    # the form deviates here, our rule scores the filled 财政拨款 money: 10.
    assert pe.execution_rate == 1 and pe.execution.score == D(10)
    published = [D(s) for *_, s in ENTRUSTED if s is not None]
    scored = [r for r in pe.indicators if r.scored]
    assert [r.score for r in scored] == published
    assert [r.weight for r in scored] == [D(w) for *_, w, _ in ENTRUSTED if w is not None]
    # the rules behind each published score:
    assert [r.rule for r in scored] == [
        "ge",  # 50 of ≥50个: met → 8
        "ge",  # 100 of ≥100% ("百分比" read as %): met → 8
        "qualitative_band",  # 达成预期指标 = 达成年度指标: 8 in [6.4, 8]
        "qualitative_band",
        "le_linear_penalty",  # 90 of ≤90万元 (no unit written: 万元): met → 8
        "qualitative_band",  # 10 in [8, 10]
        "qualitative_band",
        "qualitative_band",
        "qualitative_band",
    ]
    assert pe.indicators[-1].rule == "blank_row"  # the empty 经济效益指标 row takes no points
    # 产出 8+8+8+8+8+10 = 50, 效益 3 × 10 = 30: both groups as published
    assert [(g.name, g.points, g.score) for g in pe.groups] == [
        ("产出指标", D(50), D(50)),
        ("效益指标", D(30), D(30)),
    ]
    # 10 + 50 + 30 = 90 for the visible part (the 满意度 row, 10 points, is cut off in our copy)
    assert pe.total == D(90)
    assert pe.explanations == []  # every visible row fully achieved: nothing to explain
    assert "claimed_score_differs" not in [i.code for i in pe.issues]


def test_village_subsidy_form(form_profile: str) -> None:
    """村级补助及运转经费: 年初预算数 202.64, 全年预算数 132.912, 全年执行数 132.912 (万元)."""
    ev = evaluate_plan(
        form(VILLAGE, "202.64"), actuals(VILLAGE, "202.64", "132.912", "132.912"), form_profile
    )
    pe = ev.projects[0]
    # 执行率 on the adjusted budget: 132.912 / 132.912 = 100% → 10. On the initial budget it
    # would have been 132.912 / 202.64 = 65.59% → 6.56: the rule uses 全年预算数. (The form's
    # 年度资金总额 row again reads 0 for every cell.)
    assert pe.execution_rate == 1 and pe.execution.score == D(10)
    assert round(D("132.912") / D("202.64") * 10, 2) == D("6.56")
    assert pe.total_funds.initial == Money(D("202.64"), MoneyUnit.WAN)
    assert [r.score for r in pe.indicators] == [D(s) for *_, s in VILLAGE if s is not None]
    rules = [r.rule for r in pe.indicators]
    # =8个 / =42个 scored as ≥ (met → 8 each); ≤202.6万元 with 132.9 spent: met → 10
    assert rules[:2] == ["eq_as_ge", "eq_as_ge"] and rules[5] == "le_linear_penalty"
    # 产出 8×5 + 10 = 50 as published
    assert pe.groups[0].points == 50 and pe.groups[0].score == 50
    # 132.9 万元 spent against a ≤202.6万元 cost target is 152% "better" than the target; the
    # national profile asks for over-achievement explanations on ≥ and = rows only, so none
    # here (a profile listing "≤" in over_achievement_comparators would ask for one).
    assert pe.explanations == []
    row = pe.indicators[5]
    assert row.completion_percent is not None and round(row.completion_percent, 2) == D("152.45")

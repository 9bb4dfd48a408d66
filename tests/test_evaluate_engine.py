"""The self-evaluation of whole projects (绩效自评): seed plan + demo actuals, variants, edge cases.

Totals are worked out by hand in the comments; the seed plan comes from the answer key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from answer_key import plan_from_answer_key
from jixiao.domain.model import FundLine, Funds, Indicator, Plan, Project
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.profile import load_profile
from jixiao.domain.values import parse_target
from jixiao.evaluate import (
    ExplanationKind,
    Severity,
    actuals_from_mapping,
    evaluate_plan,
    read_actuals,
)
from jixiao.evaluate.grades import round_score
from jixiao.evaluate.results import Evaluation, ProjectEvaluation

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "seed" / "actuals.yaml"


def seed_evaluation(profile: str = "national") -> Evaluation:
    return evaluate_plan(plan_from_answer_key(), read_actuals(DEMO), profile)


def make_plan(
    rows: Sequence[tuple[str, str, str | None, str | None]],
    *,
    budget: str = "100",
    weights: list[str | None] | None = None,
) -> Plan:
    """One project ``P1`` with indicator rows (level1, level2, level3, target text)."""
    indicators = []
    for n, (l1, l2, l3, raw) in enumerate(rows):
        w = weights[n] if weights else None
        indicators.append(
            Indicator(
                level1=l1,
                level2=l2,
                level3=l3,
                description=l3,
                target=parse_target(raw, level1=l1, level2=l2, year=2023),
                weight=D(w) if w is not None else None,
            )
        )
    money = Money(D(budget), MoneyUnit.WAN)
    return Plan(
        year=2023,
        projects=[
            Project(
                "P1",
                "测试项目",
                funds=Funds(money, [FundLine("财政拨款", money)]),
                indicators=indicators,
            )
        ],
    )


def make_actuals(
    indicators: list[dict[str, Any]], *, adjusted: str = "100", spent: str = "100", **project: Any
) -> Any:
    return actuals_from_mapping(
        {
            "year": 2023,
            "projects": [
                {
                    "code": "P1",
                    "funds": [
                        {
                            "source": "财政拨款",
                            "initial": adjusted,
                            "adjusted": adjusted,
                            "spent": spent,
                        }
                    ],
                    "indicators": indicators,
                    **project,
                }
            ],
        },
        "test.yaml",
    )


def only(ev: Evaluation) -> ProjectEvaluation:
    assert len(ev.projects) == 1
    return ev.projects[0]


def codes(pe: ProjectEvaluation) -> list[str]:
    return [i.code for i in pe.issues]


# The three national groups with one simple row each, used by several tests.
THREE = [
    ("产出指标", "数量指标", "培训人数", "≥100人"),
    ("效益指标", "社会效益指标", "就业人数", "≥50人"),
    ("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
]
FULL_ACTUALS = [
    {"level3": "培训人数", "actual": "100人"},
    {"level3": "就业人数", "actual": "50人"},
    {"level3": "满意度", "actual": "95%"},
]


# --- the seed with the demo actuals ---------------------------------------------------------------


def test_seed_project_one_scores_you() -> None:
    pe = seed_evaluation().project("103001001")
    # 执行率 147.6 / 150 = 98.4% → 9.84
    assert pe.execution_rate == D("0.984")
    assert pe.execution.score == D("9.84")
    # 产出 50 over 5 rows = 10 each, all met; 效益 30 over 3 rows (the blank row takes none) =
    # 10 each: 促进经济增长 9 (达成, evaluator), 增加就业 1850/2000 × 10 = 9.25, 稳步发展 9.5;
    # 满意度 10: 96.2% ≥ 95% → 10.
    assert [r.weight for r in pe.indicators] == [D(10)] * 7 + [D(0)] + [D(10)] * 2
    assert [r.score for r in pe.indicators] == [10, 10, 10, 10, 10, 9, D("9.25"), 0, D("9.5"), 10]
    assert [r.rule for r in pe.indicators][:8] == [
        "ge",
        "ge",
        "ge",
        "time_deadline",
        "ge",
        "qualitative_band",
        "ge",
        "blank_row",
    ]
    # 9.84 + 50 + 27.75 + 10 = 97.59
    assert pe.total == D("97.59")
    assert pe.grade == "优"
    assert [(g.name, g.points, g.score) for g in pe.groups] == [
        ("产出指标", D(50), D(50)),
        ("效益指标", D(30), D("27.75")),
        ("满意度指标", D(10), D(10)),
    ]
    # 签约项目 20 of 15 = 133% ≥ 130%: over-achievement without a written explanation
    missing = pe.explanations_missing
    assert [(e.kind, e.subject) for e in missing] == [
        (ExplanationKind.OVER_ACHIEVEMENT, "签约项目")
    ]
    assert "133.33%" in missing[0].reason
    assert {i.code for i in pe.issues} == {"empty_target", "blank_row"}


def test_seed_project_two_scores_zhong() -> None:
    pe = seed_evaluation().project("103001002")
    rate = D(6500) / D(7600)  # adjusted budget 7600, not the initial 8000
    assert pe.execution_rate == rate
    assert pe.total_funds.initial == Money(D(8000), MoneyUnit.WAN)
    # 产出 50 / 4 = 12.5 each; 效益 30 / 4 = 7.5 each; 满意度 10
    expected = [
        D(52) / D(70) * D("12.5"),  # 52万美元 of 70万美元
        D(90) / D(100) * D("12.5"),  # 90% of 100%
        D(0),  # finished 2024-03-15, deadline 2023年底
        D("85.53") / D(90) * D("12.5"),  # 85.53% of ≥90%
        D(5),  # 部分达成 (4.5 ≤ 5 < 6)
        D(1600) / D(2000) * D("7.5"),  # 6
        D("7.5"),  # 否 = 否
        D(95) / D(100) * D("7.5"),  # 7.125
        D(88) / D(95) * D(10),  # 9.263…
    ]
    assert [r.score for r in pe.indicators] == expected
    total = rate * 10 + sum(expected)
    assert pe.total_exact == total
    assert pe.total == round_score(total, seed_evaluation().settings.rounding) == D("75.86")
    assert pe.grade == "中"
    kinds = [e.kind for e in pe.explanations]
    assert kinds[0] is ExplanationKind.EXECUTION  # 85.53% < 90%
    assert kinds.count(ExplanationKind.DEVIATION) == 8  # every row but the 是/否 one
    assert pe.explanations_missing == []  # the demo writes every one


def test_seed_department_rollup() -> None:
    ev = seed_evaluation()
    d = ev.department
    # Σ spent / Σ adjusted = (147.6 + 6500) / (150 + 7600) — never the mean of the two rates
    assert d.execution_rate == (D("147.6") + D(6500)) / (D(150) + D(7600))
    assert d.adjusted == Money(D(7750), MoneyUnit.WAN) and d.spent == Money(
        D("6647.6"), MoneyUnit.WAN
    )
    one, two = ev.projects
    weighted = (one.total_exact * 150 + two.total_exact * 7600) / 7750
    assert d.score == round_score(weighted, ev.settings.rounding) == D("76.28")
    assert d.grade == "中"
    assert d.distribution == {"优": 1, "良": 0, "中": 1, "差": 0}


def test_seed_sichuan_ten_plus_ninety() -> None:
    ev = seed_evaluation("sichuan")
    one, two = ev.projects
    # no weights given: 90 over the 9 scorable rows = 10 each (a warning says so)
    assert [r.weight for r in one.indicators if r.scored] == [D(10)] * 9
    assert "weights_missing" in codes(one)
    assert one.total == D("97.59")  # 9.84 + 50 + 27.75 + 10: same points per row here
    # project 2: 促进经济增长 部分达成 with 5 points is below the band on 10 points (6 ≤ s < 8)
    row = two.indicators[4]
    assert row.weight == D(10) and row.score == D(6)
    assert any(
        i.code == "rule_qualitative_band" and i.severity is Severity.ERROR for i in two.issues
    )


def test_seed_hubei_twenty_point_execution() -> None:
    one = seed_evaluation("hubei").project("103001001")
    assert one.execution.score == D("19.68")  # 20 × 0.984
    assert [r.weight for r in one.indicators[:5]] == [D(8)] * 5  # 产出 40 / 5
    # 19.68 + 40 + 27.75 + 10 = 97.43
    assert one.total == D("97.43") and one.grade == "优"


# --- groups, weights, absent groups ---------------------------------------------------------------


def test_equal_split_and_full_marks() -> None:
    pe = only(evaluate_plan(make_plan(THREE), make_actuals(FULL_ACTUALS)))
    assert [r.weight for r in pe.indicators] == [50, 30, 10]
    assert pe.total == D(100) and pe.grade == "优"
    assert pe.explanations == []


def test_absent_group_redistributed() -> None:
    plan = make_plan(THREE[:2])  # no 满意度 row
    pe = only(evaluate_plan(plan, make_actuals(FULL_ACTUALS[:2])))
    # 10 points of 满意度 spread pro rata: 50 × 90/80 = 56.25, 30 × 90/80 = 33.75
    assert [r.weight for r in pe.indicators] == [D("56.25"), D("33.75")]
    assert pe.total == D(100)
    assert "group_absent" in codes(pe)


def test_absent_group_dropped(tmp_path: Path) -> None:
    profile = tmp_path / "drop.toml"
    profile.write_text(
        'extends = "national"\n[evaluate]\nabsent_group = "drop"\n', encoding="utf-8"
    )
    pe = only(evaluate_plan(make_plan(THREE[:2]), make_actuals(FULL_ACTUALS[:2]), str(profile)))
    assert [r.weight for r in pe.indicators] == [50, 30]
    assert pe.total == D(90)  # 10 + 50 + 30: the missing 10 are lost
    assert pe.grade == "优"


def test_given_weights_and_mismatch_rescaled() -> None:
    # unit weights 40 + 10 (产出) + 30 + 10 = 90: kept, a warning says 产出 differs from 50
    plan = make_plan(
        [*THREE[:1], ("产出指标", "质量指标", "合格率", "≥95%"), *THREE[1:]],
        weights=["30", "20", "30", "10"],
    )
    acts = make_actuals([*FULL_ACTUALS, {"level3": "合格率", "actual": "95%"}])
    pe = only(evaluate_plan(plan, acts))
    assert [r.weight for r in pe.indicators] == [30, 20, 30, 10]
    assert "weights_sum" not in codes(pe)
    # weights 20 + 10 + 30 + 10 = 70 ≠ 90 → error, rescaled × 90/70
    plan2 = make_plan(
        [*THREE[:1], ("产出指标", "质量指标", "合格率", "≥95%"), *THREE[1:]],
        weights=["20", "10", "30", "10"],
    )
    pe2 = only(evaluate_plan(plan2, acts))
    assert "weights_sum" in codes(pe2)
    assert [r.weight for r in pe2.indicators] == [
        D(20) * 90 / 70,
        D(10) * 90 / 70,
        D(30) * 90 / 70,
        D(10) * 90 / 70,
    ]
    assert pe2.total == D(100)


def test_sichuan_weights_must_add_up() -> None:
    plan = make_plan(THREE, weights=["60", "20", None])  # the rest: 90 − 80 = 10
    pe = only(evaluate_plan(plan, make_actuals(FULL_ACTUALS), "sichuan"))
    assert [r.weight for r in pe.indicators] == [60, 20, 10]
    assert "weights_sum" not in codes(pe)
    bad = only(
        evaluate_plan(
            make_plan(THREE, weights=["60", "20", "20"]), make_actuals(FULL_ACTUALS), "sichuan"
        )
    )
    # 100 ≠ 90: error, rescaled to 54 / 18 / 18
    assert next(i for i in bad.issues if i.code == "weights_sum").severity is Severity.ERROR
    assert [r.weight for r in bad.indicators] == [D(54), D(18), D(18)]


def test_weight_from_actuals_overrides_plan(tmp_path: Path) -> None:
    profile = tmp_path / "keep.toml"
    profile.write_text(
        'extends = "sichuan"\n[evaluate]\nweight_mismatch = "keep"\n', encoding="utf-8"
    )
    acts = make_actuals(
        [
            {**FULL_ACTUALS[0], "weight": 70},
            {**FULL_ACTUALS[1], "weight": 10},
            {**FULL_ACTUALS[2], "weight": 20},
        ]
    )
    pe = only(evaluate_plan(make_plan(THREE, weights=["30", "30", "30"]), acts, str(profile)))
    assert [r.weight for r in pe.indicators] == [70, 10, 20]  # 100 ≠ 90, kept as written
    assert pe.total == D(110)  # "keep" reproduces a form as published, even above 100
    assert "weights_sum" in codes(pe)


# --- empty targets, blank rows, unknown groups ----------------------------------------------------


def test_empty_target_rules(tmp_path: Path) -> None:
    rows = [*THREE, ("效益指标", "经济效益指标", "促进经济增长", None)]
    acts = make_actuals(
        [
            *FULL_ACTUALS,
            {"level3": "促进经济增长", "actual": "部分达成年度指标并具有一定效果", "score": 10},
        ]
    )
    # default "qualitative": 效益 30 over 2 rows = 15; 10 of 15 is 66.7% → inside 60–80%
    pe = only(evaluate_plan(make_plan(rows), acts))
    assert pe.indicators[3].weight == 15 and pe.indicators[3].score == 10
    assert pe.total == D(95)  # 100 − 5
    issue = next(i for i in pe.issues if i.code == "empty_target")
    assert (
        issue.severity is Severity.WARNING and issue.row == 4 and "年度指标值为空" in issue.message
    )

    for rule, weight, score, total in (
        ("zero", D(15), D(0), D(85)),
        ("exclude", D(0), D(0), D(100)),
    ):
        path = tmp_path / f"{rule}.toml"
        path.write_text(
            f'extends = "national"\n[evaluate]\nempty_target = "{rule}"\n', encoding="utf-8"
        )
        pe = only(evaluate_plan(make_plan(rows), acts, str(path)))
        row = pe.indicators[3]
        assert (row.weight, row.score, pe.total) == (weight, score, total), rule
        assert "empty_target" in codes(pe)


def test_empty_target_without_grade_scores_zero() -> None:
    rows = [*THREE, ("效益指标", "经济效益指标", "促进经济增长", None)]
    pe = only(evaluate_plan(make_plan(rows), make_actuals(FULL_ACTUALS)))
    assert pe.indicators[3].score == 0
    errors = [i for i in pe.issues if i.code == "rule_empty_target"]
    assert errors[0].severity is Severity.ERROR and "等级" in errors[0].message


def test_unknown_level1_takes_no_points() -> None:
    rows = [*THREE, ("过程指标", "管理指标", "制度健全", "是")]
    pe = only(evaluate_plan(make_plan(rows), make_actuals(FULL_ACTUALS)))
    assert pe.indicators[3].scored is False and pe.indicators[3].rule == "unknown_group"
    assert pe.total == D(100)
    assert [i.severity for i in pe.issues if i.code == "unknown_group"] == [Severity.ERROR]


# --- rows of every kind -------------------------------------------------------------------------


def one_row(
    target: str, actual: dict[str, Any], level2: str = "数量指标", profile: str = "national"
) -> ProjectEvaluation:
    plan = make_plan([("产出指标", level2, "指标", target), *THREE[1:]])
    return only(
        evaluate_plan(
            plan, make_actuals([{"level3": "指标", **actual}, *FULL_ACTUALS[1:]]), profile
        )
    )


def test_money_units_convert() -> None:
    # ≤30万元, actual 36万元 or 360000元: linear penalty (60 − 36)/(60 − 30) × 50 = 40
    a = one_row("≤30万元", {"actual": "36万元"}, "成本指标").indicators[0]
    b = one_row("≤30万元", {"actual": "360000元"}, "成本指标").indicators[0]
    assert a.score == b.score == D(40)
    c = one_row("≥2亿元", {"actual": "15000万元"}, "数量指标").indicators[0]
    assert c.score == D(15000) / D(20000) * 50  # 1.5亿 of 2亿 → 37.5


def test_unit_mismatch_is_refused() -> None:
    pe = one_row("≥50个", {"actual": "50%"})
    assert pe.indicators[0].score == 0 and pe.indicators[0].rule == "unit_mismatch"
    issue = next(i for i in pe.issues if i.code == "rule_unit_mismatch")
    assert issue.severity is Severity.ERROR and "个" in issue.message and "%" in issue.message
    assert issue.row == 1 and issue.source is not None and issue.source.file == "test.yaml"


def test_actual_without_unit_takes_target_unit() -> None:
    assert one_row("≥50个", {"actual": "50"}).indicators[0].achieved
    assert one_row("≥50个", {"actual": "40"}).indicators[0].score == D(40)  # 40/50 × 50


def test_time_rows() -> None:
    late = one_row("2023年底", {"actual": "2024年1月5日"}, "时效指标").indicators[0]
    assert (late.score, late.rule) == (D(0), "time_deadline")
    assert one_row("2023年底", {"actual": "按时完成"}, "时效指标").indicators[0].score == D(50)
    assert one_row("6月底前", {"actual": "2023年6月28日"}, "时效指标").indicators[0].score == D(50)
    assert one_row("6月底前", {"actual": "逾期"}, "时效指标").indicators[0].score == D(0)
    odd = one_row("2023年底", {"actual": "正在推进"}, "时效指标")
    assert odd.indicators[0].rule == "unreadable_actual" and "rule_unreadable_actual" in codes(odd)


def test_recurring_deadline_rows() -> None:
    """每月10日前 has no single date: met when every period was on time (按时完成, 是)."""
    on_time = one_row("每月10日前", {"actual": "按时完成"}, "时效指标").indicators[0]
    assert (on_time.score, on_time.rule, on_time.achieved) == (D(50), "time_deadline", True)
    assert one_row("每季度末", {"actual": "是"}, "时效指标").indicators[0].score == D(50)
    missed = one_row("每月10日前", {"actual": "未按时完成"}, "时效指标").indicators[0]
    assert (missed.score, missed.achieved) == (D(0), False)
    # one date says nothing about every month: not read as met
    dated = one_row("每月10日前", {"actual": "2023年12月10日"}, "时效指标")
    assert dated.indicators[0].rule == "unreadable_actual"
    assert dated.indicators[0].score == D(0)
    assert "周期性" in next(i.message for i in dated.issues if i.code == "rule_unreadable_actual")


def test_boolean_rows() -> None:
    assert one_row("否", {"actual": "否"}, "质量指标").indicators[0].score == D(50)
    assert one_row("否", {"actual": "是"}, "质量指标").indicators[0].score == D(0)


def test_qualitative_target_rows() -> None:
    pe = one_row("效果明显", {"actual": "达成年度指标", "score": 45}, "质量指标")
    assert pe.indicators[0].score == D(45)  # 40 ≤ 45 ≤ 50
    bad = one_row("效果明显", {"actual": "达成年度指标", "score": 30}, "质量指标")
    assert bad.indicators[0].score == D(40) and "rule_qualitative_band" in codes(bad)
    nos = one_row("效果明显", {"actual": "达成年度指标"}, "质量指标")
    assert nos.indicators[0].score == D(40) and "note_qualitative_default" in codes(nos)


def test_quantitative_row_graded_qualitatively() -> None:
    pe = one_row("≥95%", {"actual": "达成年度指标", "score": 48}, "质量指标")
    row = pe.indicators[0]
    assert (row.score, row.rule) == (D(48), "qualitative_for_quantitative")
    assert "note_qualitative_for_quantitative" in codes(pe)


def test_range_target_row() -> None:
    # 80-90%: 72% → 72/80 × 50 = 45
    assert one_row("80-90%", {"actual": "72%"}, "质量指标").indicators[0].score == D(45)


def test_claimed_score_is_checked() -> None:
    pe = one_row("≥100人", {"actual": "80人", "score": 50})
    assert pe.indicators[0].score == D(40)  # 80/100 × 50
    issue = next(i for i in pe.issues if i.code == "claimed_score_differs")
    assert "填报得分 50" in issue.message and "40" in issue.message


def test_over_achievement_needs_explanation() -> None:
    over = one_row("≥100人", {"actual": "130人"})
    assert [e.kind for e in over.explanations] == [ExplanationKind.OVER_ACHIEVEMENT]
    assert over.explanations_missing
    written = one_row("≥100人", {"actual": "130人", "explanation": "年初指标值偏低, 下年度调高"})
    assert written.explanations and not written.explanations_missing
    assert one_row("≥100人", {"actual": "129人"}).explanations == []


def test_deviation_needs_explanation() -> None:
    pe = one_row("≥100人", {"actual": "80人"})
    (e,) = pe.explanations
    assert e.kind is ExplanationKind.DEVIATION and e.row == 1 and e.missing
    assert e.reason == "得分 40 / 分值 50, 未完全达成"


# --- money, matching, missing data -----------------------------------------------------------


def test_execution_below_ninety_needs_reason() -> None:
    pe = only(
        evaluate_plan(make_plan(THREE), make_actuals(FULL_ACTUALS, adjusted="200", spent="170"))
    )
    assert pe.execution.score == D("8.5")  # 170/200 × 10
    (e,) = pe.explanations
    assert e.kind is ExplanationKind.EXECUTION and e.missing and "85%" in e.reason
    given = make_actuals(FULL_ACTUALS, adjusted="200", spent="170", execution_reason="项目延期")
    assert only(evaluate_plan(make_plan(THREE), given)).explanations_missing == []


def test_funds_by_source_and_total_row() -> None:
    acts = actuals_from_mapping(
        {
            "projects": [
                {
                    "code": "P1",
                    "funds": [
                        {"source": "当年财政拨款", "initial": 80, "adjusted": 80, "spent": 76},
                        {"source": "其他资金", "initial": "200000元", "adjusted": 20, "spent": 20},
                    ],
                    "indicators": FULL_ACTUALS,
                }
            ]
        }
    )
    pe = only(evaluate_plan(make_plan(THREE), acts))
    assert [f.source for f in pe.funds] == ["财政拨款", "其他资金"]
    assert pe.total_funds.adjusted == Money(D(100), MoneyUnit.WAN)
    assert pe.total_funds.initial == Money(D(100), MoneyUnit.WAN)  # 80 + 20万元 (200000元)
    assert pe.execution_rate == D("0.96")  # (76 + 20) / 100


def test_missing_adjusted_budget_falls_back_to_initial() -> None:
    acts = actuals_from_mapping(
        {
            "projects": [
                {"code": "P1", "funds": [{"initial": 100, "spent": 95}], "indicators": FULL_ACTUALS}
            ]
        }
    )
    pe = only(evaluate_plan(make_plan(THREE), acts))
    assert pe.execution_rate == D("0.95") and "adjusted_budget_missing" in codes(pe)


def test_initial_budget_comes_from_the_plan() -> None:
    acts = actuals_from_mapping(
        {
            "projects": [
                {"code": "P1", "funds": [{"adjusted": 90, "spent": 90}], "indicators": FULL_ACTUALS}
            ]
        }
    )
    pe = only(evaluate_plan(make_plan(THREE, budget="100"), acts))
    assert pe.total_funds.initial == Money(D(100), MoneyUnit.WAN)
    assert pe.execution_rate == 1  # on the adjusted 90, not the initial 100


def test_matching_by_index_and_errors() -> None:
    acts = make_actuals(
        [
            {"index": 1, "actual": "100人"},
            {"level3": "就业人数", "actual": "50人"},
            {"level3": "就业人数", "actual": "40人"},  # duplicate
            {"level3": "不存在的指标", "actual": "1"},
            {"index": 9, "actual": "1"},
        ]
    )
    pe = only(evaluate_plan(make_plan(THREE), acts))
    assert pe.indicators[0].achieved and pe.indicators[1].achieved
    assert {
        "actual_duplicate",
        "actual_unmatched",
        "actual_index_out_of_range",
        "actual_missing",
    } <= set(codes(pe))
    unmatched = next(i for i in pe.issues if i.code == "actual_unmatched")
    assert unmatched.project == "P1 测试项目"
    assert unmatched.source is not None and unmatched.source.file == "test.yaml"


def test_unknown_and_missing_projects() -> None:
    acts = actuals_from_mapping(
        {"projects": [{"code": "P9", "funds": [], "indicators": []}]}, "a.yaml"
    )
    ev = evaluate_plan(make_plan(THREE), acts)
    assert [i.code for i in ev.issues] == ["actuals_project_unknown"]
    pe = only(ev)
    assert "actuals_missing" in codes(pe) and "spending_missing" in codes(pe)
    assert pe.execution.score == 0 and pe.total == 0 and pe.grade == "差"


def test_profile_by_object_or_name_gives_same_result() -> None:
    a = seed_evaluation("national")
    b = evaluate_plan(plan_from_answer_key(), read_actuals(DEMO), load_profile("national"))
    assert [p.total for p in a.projects] == [p.total for p in b.projects]


@pytest.mark.parametrize("profile", ["national", "sichuan", "hubei"])
def test_totals_stay_within_bounds_on_seed(profile: str) -> None:
    for pe in seed_evaluation(profile).projects:
        assert 0 <= pe.total <= 100
        for r in pe.indicators:
            assert 0 <= r.score <= r.weight


def test_huge_reported_figures_are_scored_and_printed(tmp_path: Path) -> None:
    """A 实际完成值 or a 定性 score of 1e30 (a typo, or a damaged file) is scored by the
    rules, and every message, report and export prints it; quantize under the default
    28-digit context used to raise InvalidOperation (a 500 in the web form)."""
    from jixiao.evaluate.report import evaluation_to_dict
    from jixiao.export.evaluation_xlsx import write_evaluation_xlsx

    big = one_row("≥50个", {"actual": "1" + "0" * 30 + "个"})
    row = big.indicators[0]
    assert (row.score, row.achieved) == (D(50), True)  # ≥: full marks, over-achieved
    assert row.completion_percent is not None and row.completion_percent > 10**30
    plan = make_plan([("效益指标", "经济效益指标", "促进经济增长", None), *THREE])
    acts = make_actuals([{"level3": "促进经济增长", "actual": "达成", "score": 9}, *FULL_ACTUALS])
    # the file readers refuse such a number; the web form hands the engine what was typed
    acts.projects[0].indicators[0].score = D("1e30")
    ev = evaluate_plan(plan, acts)
    qual = ev.projects[0].indicators[0]
    assert qual.score <= qual.weight  # held within the row's points
    note = " ".join(filter(None, [qual.result.problem, qual.result.note]))
    assert "1000000000000000000000000000000" in note  # printed whole, not as 1E+30
    text = json.dumps(evaluation_to_dict(ev), default=str, ensure_ascii=False)
    assert "1000000000000000000000000000000" in text
    assert write_evaluation_xlsx(ev, tmp_path / "big.xlsx").stat().st_size > 0

"""Scoring rules of the self-evaluation (绩效自评计分), one by one, with the arithmetic by hand.

Each rule is a pure function that returns the score and the rule's id; the numbers come from
the profile. Every expected value below is worked out in the comment beside it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from jixiao.domain.profile import ProfileError, load_profile
from jixiao.evaluate import scoring
from jixiao.evaluate.grades import grade_for, round_score
from jixiao.evaluate.settings import (
    EvaluateSettings,
    ExecutionBand,
    ExecutionSettings,
    RoundingSettings,
    TimeSettings,
)
from jixiao.evaluate.weights import group_points, rescale, share_rest

D = Decimal
NATIONAL = EvaluateSettings.from_profile(load_profile("national"))
HUBEI = EvaluateSettings.from_profile(load_profile("hubei"))
SICHUAN = EvaluateSettings.from_profile(load_profile("sichuan"))


# --- profiles carry every number ------------------------------------------------------------


def test_national_profile_numbers() -> None:
    s = NATIONAL
    assert s.mode == "groups"
    assert dict(s.groups) == {"产出指标": D(50), "效益指标": D(30), "满意度指标": D(10)}
    assert s.execution.points == D(10) and s.execution.cap == D(10)
    assert s.execution.explanation_below_percent == D(90)
    assert s.quantitative.over_achievement_percent == D(130)
    assert s.quantitative.le_rule == "linear_penalty" and s.quantitative.le_zero_at_ratio == D(2)
    assert [(g.name, g.min) for g in s.grades] == [
        ("优", D(90)),
        ("良", D(80)),
        ("中", D(60)),
        ("差", D(0)),
    ]
    assert [(b.name, b.min_percent, b.max_percent) for b in s.qualitative.bands] == [
        ("达成年度指标", D(80), D(100)),
        ("部分达成年度指标并具有一定效果", D(60), D(80)),
        ("未达成年度指标且效果较差", D(0), D(60)),
    ]
    assert (s.rounding.places, s.rounding.mode) == (2, "ROUND_HALF_UP")
    assert s.indicator_points == D(90)  # 50 + 30 + 10


def test_variant_profiles() -> None:
    assert SICHUAN.mode == "unit_weights" and SICHUAN.indicator_points == D(90)
    assert SICHUAN.execution.points == D(10)
    assert HUBEI.execution.points == D(20) and HUBEI.execution.cap == D(20)
    assert HUBEI.indicator_points == D(80)  # 40 + 30 + 10
    assert [(g.name, g.min) for g in HUBEI.grades] == [
        ("优", D(80)),
        ("良", D(70)),
        ("中", D(60)),
        ("差", D(0)),
    ]
    partly = HUBEI.qualitative.bands[1]
    assert (partly.min_percent, partly.max_percent) == (D(50), D(80))


def test_inconsistent_profile_is_refused() -> None:
    data = dict(load_profile("national").section("evaluate"))
    data["groups"] = {"产出指标": 50, "效益指标": 30, "满意度指标": 20}  # 100 + 10 ≠ 100
    with pytest.raises(ProfileError, match="≠ 总分"):
        EvaluateSettings.from_section(data, "broken")
    with pytest.raises(ProfileError, match="mode"):
        EvaluateSettings.from_section({**data, "mode": "other"}, "broken")


# --- 预算执行率 -------------------------------------------------------------------------------


def test_execution_rate_on_adjusted_budget() -> None:
    # 全年执行数 147.6 / 全年预算数 150 = 0.984
    assert scoring.execution_rate(D("147.6"), D(150)) == D("0.984")
    assert scoring.execution_rate(D(1), D(0)) is None


def test_execution_score_linear() -> None:
    ex = NATIONAL.execution
    r = scoring.execution_score(D("0.984"), ex)
    assert (r.score, r.rule, r.achieved) == (D("9.840"), "execution_linear", False)  # 0.984 × 10
    over = scoring.execution_score(D("1.05"), ex)
    assert over.score == D(10) and over.achieved  # min(10.5, 10)
    none = scoring.execution_score(None, ex)
    assert none.score == 0 and none.rule == "execution_no_budget" and none.problem


def test_execution_score_hubei_twenty_points() -> None:
    # 20 × 0.9 = 18
    assert scoring.execution_score(D("0.9"), HUBEI.execution).score == D(18)


def test_execution_score_bands_variant() -> None:
    ex = ExecutionSettings(
        points=D(10),
        formula="bands",
        cap=D(10),
        bands=(
            ExecutionBand(D(90), D(1)),
            ExecutionBand(D(80), D("0.8")),
            ExecutionBand(D(0), D(0)),
        ),
    )
    assert scoring.execution_score(D("0.95"), ex).score == D(10)
    assert scoring.execution_score(D("0.85"), ex).score == D(8)  # 0.8 × 10
    r = scoring.execution_score(D("0.5"), ex)
    assert (r.score, r.rule) == (D(0), "execution_bands")


def test_execution_reason_threshold() -> None:
    ex = NATIONAL.execution
    assert scoring.execution_needs_reason(D("0.8999"), ex)
    assert not scoring.execution_needs_reason(D("0.9"), ex)
    assert scoring.execution_needs_reason(None, ex)


# --- 定量 ---------------------------------------------------------------------------------------


def test_ge_full_and_ratio() -> None:
    assert scoring.score_ge(D(16), D(15), D(10)) == scoring.RuleScore(D(10), "ge", True)
    r = scoring.score_ge(D(1850), D(2000), D("7.5"))  # 1850/2000 × 7.5 = 6.9375
    assert (r.score, r.rule, r.achieved) == (D("6.9375"), "ge", False)
    assert scoring.score_ge(D(-5), D(10), D(10)).score == 0  # never below 0
    assert scoring.score_ge(D(0), D(0), D(10)).score == D(10)  # a zero target is met


def test_le_linear_penalty() -> None:
    # target ≤30, actual 36, k = 2: (60 − 36) / (60 − 30) × 10 = 8
    r = scoring.score_le_linear_penalty(D(36), D(30), D(10))
    assert (r.score, r.rule) == (D(8), "le_linear_penalty")
    assert scoring.score_le_linear_penalty(D(25), D(30), D(10)).score == D(10)
    assert scoring.score_le_linear_penalty(D(60), D(30), D(10)).score == 0  # 2× target
    assert scoring.score_le_linear_penalty(D(75), D(30), D(10)).score == 0
    # k = 3: (90 − 36) / (90 − 30) × 10 = 9
    assert scoring.score_le_linear_penalty(D(36), D(30), D(10), D(3)).score == D(9)


def test_le_target_over_actual() -> None:
    # 30 / 36 × 10 = 8.333…
    r = scoring.score_le_target_over_actual(D(36), D(30), D(10))
    assert r.rule == "le_target_over_actual"
    assert round_score(r.score, NATIONAL.rounding) == D("8.33")
    assert scoring.score_le_target_over_actual(D(30), D(30), D(10)).achieved


def test_le_variant_comes_from_the_profile() -> None:
    ratio = replace(NATIONAL.quantitative, le_rule="target_over_actual")
    assert scoring.score_le(D(40), D(20), D(10), NATIONAL.quantitative).score == D(0)  # 2× target
    assert scoring.score_le(D(40), D(20), D(10), ratio).score == D(5)  # 20/40 × 10


def test_eq_as_ge_and_deviation() -> None:
    q = NATIONAL.quantitative
    r = scoring.score_eq(D(90), D(100), D(10), q)  # as ≥: 90/100 × 10 = 9
    assert (r.score, r.rule) == (D(9), "eq_as_ge")
    assert scoring.score_eq(D(120), D(100), D(10), q).achieved  # as ≥: over is full
    dev = replace(q, eq_rule="deviation")
    assert scoring.score_eq(D(110), D(100), D(10), dev).score == D(9)  # (1 − 10/100) × 10
    assert scoring.score_eq(D(250), D(100), D(10), dev).score == 0
    assert scoring.score_eq(D(100), D(100), D(10), dev).rule == "eq_deviation"


def test_range() -> None:
    q = NATIONAL.quantitative
    assert scoring.score_range(D(85), D(80), D(90), D(10), q).score == D(10)
    assert scoring.score_range(D(72), D(80), D(90), D(10), q).score == D(9)  # 72/80 × 10
    # above the upper bound, linear ≤ on 90: (180 − 99) / (180 − 90) × 10 = 9
    assert scoring.score_range(D(99), D(80), D(90), D(10), q).score == D(9)


def test_quantitative_dispatch() -> None:
    q = NATIONAL.quantitative
    assert scoring.score_quantitative("≥", D(5), D(10), D(10), q).rule == "ge"
    assert scoring.score_quantitative(">", D(5), D(10), D(10), q).rule == "ge"
    assert scoring.score_quantitative("≤", D(5), D(10), D(10), q).rule == "le_linear_penalty"
    assert scoring.score_quantitative("<", D(15), D(10), D(10), q).score == D(5)  # (20−15)/10 × 10
    assert scoring.score_quantitative("=", D(5), D(10), D(10), q).rule == "eq_as_ge"


def test_over_achievement_threshold() -> None:
    q = NATIONAL.quantitative
    assert scoring.completion_percent("≥", D(20), D(15)) == D(20) / D(15) * 100  # 133.33…%
    assert scoring.is_over_achieved("≥", D(20), D(15), q)
    assert scoring.is_over_achieved("=", D("19.5"), D(15), q)  # exactly 130%
    assert not scoring.is_over_achieved("≥", D(19), D(15), q)  # 126.67%
    assert not scoring.is_over_achieved("≤", D(10), D(30), q)  # ≤ rows not listed by default
    wide = replace(q, over_achievement_comparators=("≥", "=", "≤"))
    assert scoring.is_over_achieved("≤", D(10), D(30), wide)  # 30/10 = 300%


# --- 时效 / 是否 / 定性 ------------------------------------------------------------------------


def test_months_late() -> None:
    assert scoring.months_late(date(2024, 3, 15), date(2023, 12, 31)) == 3
    assert scoring.months_late(date(2024, 1, 1), date(2023, 12, 31)) == 1
    assert scoring.months_late(date(2023, 12, 20), date(2023, 12, 31)) == 0


def test_time_deadline() -> None:
    t = NATIONAL.time
    on_time = scoring.score_time(date(2023, 12, 20), date(2023, 12, 31), D(10), t)
    assert (on_time.score, on_time.rule) == (D(10), "time_deadline")
    assert scoring.score_time(date(2024, 1, 5), date(2023, 12, 31), D(10), t).score == 0
    assert scoring.score_time(None, date(2023, 12, 31), D(10), t, met=True).score == D(10)
    assert scoring.score_time(None, date(2023, 12, 31), D(10), t, met=False).score == 0


def test_time_monthly_penalty_variant() -> None:
    t = TimeSettings(rule="monthly_penalty", penalty_percent_per_month=D(25))
    # 3 months late: 10 × (1 − 3 × 25%) = 2.5
    r = scoring.score_time(date(2024, 3, 15), date(2023, 12, 31), D(10), t)
    assert (r.score, r.rule) == (D("2.5"), "time_monthly_penalty")
    assert (
        scoring.score_time(date(2024, 5, 31), date(2023, 12, 31), D(10), t).score == 0
    )  # 5 months


def test_time_words() -> None:
    t = NATIONAL.time
    assert t.met("按时完成") is True
    assert t.met("未按时完成") is False
    assert t.met("逾期") is False
    assert t.met("尚在进行") is None


def test_boolean() -> None:
    assert scoring.score_boolean(False, False, D("7.5")).score == D("7.5")
    r = scoring.score_boolean(True, False, D("7.5"))
    assert (r.score, r.rule, r.achieved) == (D(0), "boolean_match", False)


def test_qualitative_bands_national() -> None:
    q = NATIONAL.qualitative
    reached, partly, missed = q.bands
    # 达成 on 10 points: 8 ≤ score ≤ 10
    assert scoring.score_qualitative(reached, D(9), D(10), q) == scoring.RuleScore(
        D(9), "qualitative_band", False
    )
    assert scoring.score_qualitative(reached, D(10), D(10), q).achieved
    out = scoring.score_qualitative(reached, D("7.9"), D(10), q)
    assert (
        out.score == D(8) and out.problem and "不在" in out.problem
    )  # falls back to the lower edge
    # 部分达成 on 7.5 points: 4.5 ≤ score < 6 (80% belongs to 达成)
    assert scoring.score_qualitative(partly, D(5), D("7.5"), q).score == D(5)
    edge = scoring.score_qualitative(partly, D(6), D("7.5"), q)
    assert edge.problem and edge.score == D("4.5")
    # 未达成 on 10: 0 ≤ score < 6
    assert scoring.score_qualitative(missed, D("5.9"), D(10), q).score == D("5.9")
    assert scoring.score_qualitative(missed, D(6), D(10), q).problem


def test_qualitative_without_score() -> None:
    q = NATIONAL.qualitative
    r = scoring.score_qualitative(q.bands[0], None, D(10), q)
    assert (r.score, r.rule) == (D(8), "qualitative_default") and r.note and not r.problem
    none = replace(q, default_point="none")
    assert scoring.score_qualitative(q.bands[0], None, D(10), none).score == 0


def test_qualitative_hubei_bands() -> None:
    # Hubei-style 部分达成 50–80%: 5 on 10 points is inside; under national (60–80%) it is not
    h = HUBEI.qualitative
    assert scoring.score_qualitative(h.bands[1], D(5), D(10), h).problem is None
    n = NATIONAL.qualitative
    assert scoring.score_qualitative(n.bands[1], D(5), D(10), n).problem is not None


def test_band_names() -> None:
    q = NATIONAL.qualitative
    assert q.band_for("部分达成年度指标并具有一定效果") is q.bands[1]
    assert q.band_for("未达成年度指标且效果较差") is q.bands[2]
    assert q.band_for("达成预期指标") is q.bands[0]
    assert q.band_for("基本达成") is q.bands[1]
    assert q.band_for("未完成") is q.bands[2]
    assert q.band_for("效果明显, 已全部达成") is q.bands[0]  # contained, longest wins
    assert q.band_for("正在推进") is None


def test_given_score_only() -> None:
    r = scoring.score_given(D(12), D(10))
    assert r.score == D(10) and r.problem  # held within [0, 分值]
    assert scoring.score_given(D(7), D(10)).problem is None


# --- weights -----------------------------------------------------------------------------------


def test_absent_group_redistribute_and_drop() -> None:
    points = NATIONAL.groups
    present = {"产出指标", "效益指标"}
    # 90 / 80 × 50 = 56.25; 90 / 80 × 30 = 33.75
    assert group_points(points, present, "redistribute") == {
        "产出指标": D("56.25"),
        "效益指标": D("33.75"),
    }
    assert group_points(points, present, "drop") == {"产出指标": D(50), "效益指标": D(30)}
    assert group_points(points, set(points), "redistribute") == dict(points)


def test_share_rest_and_rescale() -> None:
    assert share_rest([None, D(10), None], D(30)) == [D(10), D(10), D(10)]
    assert share_rest([D(20), None], D(30)) == [D(20), D(10)]
    assert share_rest([D(40), None], D(30)) == [D(40), D(0)]  # nothing left
    assert share_rest([None, None, None, None], D(90)) == [D("22.5")] * 4  # Sichuan 4 × 22.5
    # 8 + 8 + 4 = 20 → 90: × 4.5
    assert rescale([D(8), D(8), D(4)], D(90)) == [D(36), D(36), D(18)]
    assert rescale([D(0), D(0)], D(90)) == [D(45), D(45)]


# --- grades and rounding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_national_grades(total: str, grade: str) -> None:
    assert grade_for(D(total), NATIONAL.grades)[0] == grade


def test_grade_rule_text_and_hubei_bands() -> None:
    assert grade_for(D("85.5"), NATIONAL.grades) == ("良", "80 ≤ 总分 < 90")
    assert grade_for(D(95), NATIONAL.grades) == ("优", "总分 ≥ 90")
    assert grade_for(D(85), HUBEI.grades)[0] == "优"  # 80/70/60 variant
    assert grade_for(D(75), HUBEI.grades)[0] == "良"
    assert grade_for(D(65), HUBEI.grades)[0] == "中"


def test_rounding() -> None:
    assert round_score(D("9.835"), NATIONAL.rounding) == D("9.84")  # half up
    assert round_score(D("9.825"), RoundingSettings(2, "ROUND_HALF_EVEN")) == D("9.82")
    assert round_score(D("7.125"), RoundingSettings(1, "ROUND_HALF_UP")) == D("7.1")

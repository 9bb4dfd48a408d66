"""Every light rule of DOMAIN.md §4, with the arithmetic written out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from jixiao.domain.profile import ProfileError
from jixiao.monitor.lights import (
    Light,
    boolean_light,
    ge_light,
    le_light,
    qualitative_light,
    spending_light,
    time_light,
    worst,
)
from jixiao.monitor.rules import Floor, rules_from_profile

NATIONAL = rules_from_profile("national")
SICHUAN = rules_from_profile("sichuan")
JULY = Fraction(7, 12)


# --- spending light, ratio (default) --------------------------------------------------------


def test_ratio_green_on_plan() -> None:
    # 执行率 58%, 时序进度 7/12: r = 0.58 / (7/12) × 100 = 99.43 → green (≥ 80)
    res = spending_light(Fraction(58, 100), JULY, 7, NATIONAL)
    assert res.light is Light.GREEN
    assert round(float(res.score or 0), 2) == 99.43
    assert "99.43" in res.reason


def test_ratio_yellow_when_lagging() -> None:
    # 37.5% / 58.333% × 100 = 64.29 → 60 ≤ r < 80 → yellow
    res = spending_light(Fraction(375, 1000), JULY, 7, NATIONAL)
    assert res.light is Light.YELLOW
    assert res.score == Fraction(375, 1000) / JULY * 100 == Fraction(450, 7)


def test_ratio_red_below_60() -> None:
    # 30% / 58.333% × 100 = 51.43 → red
    assert spending_light(Fraction(3, 10), JULY, 7, NATIONAL).light is Light.RED


def test_ratio_boundaries_are_exact() -> None:
    # 35% / (7/12) × 100 = 35 × 12 / 7 = 60 exactly → not < 60 → yellow
    res = spending_light(Fraction(35, 100), JULY, 7, NATIONAL)
    assert res.score == 60 and res.light is Light.YELLOW
    # 7/15 / (7/12) × 100 = 80 exactly → green
    res = spending_light(Fraction(7, 15), JULY, 7, NATIONAL)
    assert res.score == 80 and res.light is Light.GREEN


def test_ratio_undefined_when_time_progress_is_zero_or_no_budget() -> None:
    # as of 10 January (month rule "completed"): time progress 0 → no light
    res = spending_light(Fraction(1, 100), Fraction(0), 0, NATIONAL)
    assert res.light is Light.NONE and "为 0" in res.reason
    # zero budget: 执行率 undefined
    res = spending_light(None, JULY, 7, NATIONAL)
    assert res.light is Light.NONE and "执行率无法计算" in res.reason


def test_ratio_compared_with_planned_progress() -> None:
    # compare_to = "plan": 37.5% against a planned 57.5%: r = 37.5/57.5 × 100 = 65.22 → yellow
    rules = replace(NATIONAL, compare_to="plan")
    res = spending_light(
        Fraction(375, 1000), Fraction(575, 1000), 7, rules, progress_name="计划进度"
    )
    assert res.light is Light.YELLOW and "计划进度" in res.reason
    assert res.score == Fraction(375, 575) * 100


# --- spending light, percentage-point gap ---------------------------------------------------


def test_gap_variant() -> None:
    rules = replace(NATIONAL, spending_method="gap")
    # g = 58.33 − 37.5 = 20.83 points > 20 → red
    res = spending_light(Fraction(375, 1000), JULY, 7, rules)
    assert res.light is Light.RED and round(float(res.score or 0), 2) == 20.83
    # g = 58.33 − 45 = 13.33 > 10 → yellow
    assert spending_light(Fraction(45, 100), JULY, 7, rules).light is Light.YELLOW
    # g = 58.33 − 50 = 8.33 ≤ 10 → green
    assert spending_light(Fraction(1, 2), JULY, 7, rules).light is Light.GREEN
    # ahead of time: g negative → green
    assert spending_light(Fraction(7, 10), JULY, 7, rules).light is Light.GREEN


# --- spending light, Sichuan floors ---------------------------------------------------------


def test_sichuan_profile_floors() -> None:
    assert SICHUAN.spending_method == "floors"
    assert [(f.month, f.red_below) for f in SICHUAN.floors] == [
        (4, Decimal(25)),
        (6, Decimal(40)),
        (8, Decimal(60)),
        (10, Decimal(80)),
    ]


def test_sichuan_floor_of_latest_month_reached() -> None:
    # end of July: the June floor (40%) applies; 37.5% < 40 → red, 40% → green
    assert spending_light(Fraction(375, 1000), JULY, 7, SICHUAN).light is Light.RED
    assert spending_light(Fraction(40, 100), JULY, 7, SICHUAN).light is Light.GREEN
    # end of August: floor 60%; 58% → red
    assert spending_light(Fraction(58, 100), Fraction(8, 12), 8, SICHUAN).light is Light.RED
    # end of October: floor 80%; 80% → green
    assert spending_light(Fraction(4, 5), Fraction(10, 12), 10, SICHUAN).light is Light.GREEN


def test_sichuan_before_first_floor_month() -> None:
    # end of March: no floor yet → floors_before_first (green), whatever the rate
    res = spending_light(Fraction(1, 100), Fraction(3, 12), 3, SICHUAN)
    assert res.light is Light.GREEN and "未到第一个下限月份" in res.reason


def test_floor_with_yellow_band() -> None:
    rules = replace(SICHUAN, floors=(Floor(6, Decimal(40), Decimal(45)),))
    assert spending_light(Fraction(42, 100), JULY, 7, rules).light is Light.YELLOW
    assert spending_light(Fraction(46, 100), JULY, 7, rules).light is Light.GREEN


# --- indicator lights ---------------------------------------------------------------------


def test_ge_indicator_bands_with_time_progress() -> None:
    # target 15个, 7/12 of the year: expected 15 × 7/12 = 8.75
    # 8 → v = 8 / 8.75 × 100 = 91.43 → green (80 ≤ v < 120)
    res = ge_light(Fraction(8), Fraction(15), JULY, NATIONAL)
    assert res.light is Light.GREEN and res.score == Fraction(8 * 100 * 12, 15 * 7)
    # 5 → 57.14 → red
    assert ge_light(Fraction(5), Fraction(15), JULY, NATIONAL).light is Light.RED
    # 6 → 68.57 → yellow
    assert ge_light(Fraction(6), Fraction(15), JULY, NATIONAL).light is Light.YELLOW
    # 11 → 125.71 → blue (over-shoot)
    assert ge_light(Fraction(11), Fraction(15), JULY, NATIONAL).light is Light.BLUE


def test_ge_indicator_exact_boundaries() -> None:
    # 26亿元 over the year, 6/12 elapsed: expected 13
    half = Fraction(1, 2)
    assert ge_light(Fraction("7.8"), Fraction(26), half, NATIONAL).score == 60  # 7.8/13 = 60%
    assert ge_light(Fraction("7.8"), Fraction(26), half, NATIONAL).light is Light.YELLOW
    assert ge_light(Fraction("10.4"), Fraction(26), half, NATIONAL).light is Light.GREEN  # 80
    assert ge_light(Fraction("15.6"), Fraction(26), half, NATIONAL).light is Light.BLUE  # 120


def test_ge_level_indicator_uses_whole_target() -> None:
    # 满意度 95%: a level, share 1: v = 96 / 95 × 100 = 101.05 → green
    res = ge_light(Fraction(96), Fraction(95), Fraction(1), NATIONAL)
    assert res.light is Light.GREEN and round(float(res.score or 0), 2) == 101.05


def test_ge_zero_target() -> None:
    assert ge_light(Fraction(0), Fraction(0), JULY, NATIONAL).light is Light.GREEN


def test_le_indicator() -> None:
    # 成本 ≤ 30万元: 28 within → green; 31 over → red
    assert le_light(Fraction(28), Fraction(30)).light is Light.GREEN
    assert le_light(Fraction(30), Fraction(30)).light is Light.GREEN
    assert le_light(Fraction(31), Fraction(30)).light is Light.RED


def test_qualitative() -> None:
    assert qualitative_light("达成", NATIONAL).light is Light.GREEN
    assert qualitative_light("部分达成", NATIONAL).light is Light.YELLOW
    assert qualitative_light("未达成", NATIONAL).light is Light.RED
    assert qualitative_light(" 部分达成年度指标 ", NATIONAL).light is Light.YELLOW
    # wording inside a sentence: the longest match wins (未达成 before 达成)
    assert qualitative_light("目前未达成, 正在推进", NATIONAL).light is Light.RED
    res = qualitative_light("很好", NATIONAL)
    assert res.light is Light.NONE and "无法识别" in res.reason


def test_boolean() -> None:
    assert boolean_light(False, False).light is Light.GREEN
    assert boolean_light(True, False).light is Light.RED


def test_time_indicator() -> None:
    deadline = date(2023, 6, 30)
    # deadline passed and not done → red
    assert time_light(deadline, date(2023, 7, 31), done=False).light is Light.RED
    # not yet due → green
    assert time_light(deadline, date(2023, 5, 31), done=False).light is Light.GREEN
    # done on time / late
    assert time_light(deadline, date(2023, 7, 31), True, date(2023, 6, 20)).light is Light.GREEN
    assert time_light(deadline, date(2023, 7, 31), True, date(2023, 7, 2)).light is Light.RED


def test_worst_ignores_none_and_follows_the_profile_order() -> None:
    sev = NATIONAL.severity
    assert worst([Light.GREEN, Light.BLUE, Light.NONE], sev) is Light.BLUE
    assert worst([Light.GREEN, Light.YELLOW, Light.BLUE], sev) is Light.YELLOW
    assert worst([Light.RED, Light.YELLOW], sev) is Light.RED
    assert worst([Light.NONE], sev) is Light.NONE


# --- profile checks -------------------------------------------------------------------------


def test_thresholds_come_from_the_profile(tmp_path: Path) -> None:
    f = tmp_path / "strict.toml"
    f.write_text(
        'extends = "national"\nname = "strict"\n'
        "[monitor.spending_light.ratio]\nred_below = 70\nyellow_below = 90\n",
        encoding="utf-8",
    )
    rules = rules_from_profile(str(f))
    # 64.29 is yellow nationally, red with red_below = 70
    assert spending_light(Fraction(375, 1000), JULY, 7, rules).light is Light.RED
    assert spending_light(Fraction(375, 1000), JULY, 7, NATIONAL).light is Light.YELLOW


def test_bad_profile_value_says_which_key(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(
        'extends = "national"\n[monitor.time_progress]\nmethod = "week"\n', encoding="utf-8"
    )
    with pytest.raises(ProfileError, match=r"time_progress\.method"):
        rules_from_profile(str(f))
    g = tmp_path / "floors.toml"
    g.write_text(
        'extends = "national"\n[monitor.spending_light]\nmethod = "floors"\n', encoding="utf-8"
    )
    with pytest.raises(ProfileError, match="至少给出一个下限"):
        rules_from_profile(str(g))

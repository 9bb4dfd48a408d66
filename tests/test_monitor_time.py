"""时序进度 (both variants) and 计划进度 (step and linear), worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from jixiao.domain.model import Checkpoint
from jixiao.monitor.timeprogress import (
    months_counted,
    percent,
    plan_checks,
    plan_progress,
    planned_percent,
    time_progress,
)

SEED_PLAN = [
    Checkpoint("3月底", 3, Decimal(10)),
    Checkpoint("6月底", 6, Decimal(50)),
    Checkpoint("10月底", 10, Decimal(80)),
    Checkpoint("12月底", 12, Decimal(100)),
]


# --- month variant ------------------------------------------------------------------------


def test_month_variant_end_of_july_is_7_of_12() -> None:
    tp = time_progress(date(2023, 7, 31), "month", "completed")
    # 7 / 12 = 0.58333… → 58.33%
    assert tp.months == 7
    assert tp.fraction == Fraction(7, 12)
    assert percent(tp.fraction, 2) == Decimal("58.33")
    assert tp.months_elapsed == 7


def test_month_variant_mid_month_counts_only_completed_months() -> None:
    # 2023-07-15: July has not ended, so m = 6 → 6/12 = 50%
    tp = time_progress(date(2023, 7, 15), "month", "completed")
    assert tp.months == 6 and tp.fraction == Fraction(1, 2)
    # "current" rule: the as-of month counts → 7/12
    tp2 = time_progress(date(2023, 7, 15), "month", "current")
    assert tp2.months == 7 and tp2.fraction == Fraction(7, 12)


def test_month_variant_early_january_is_zero() -> None:
    tp = time_progress(date(2023, 1, 10), "month", "completed")
    assert tp.months == 0 and tp.fraction == 0


def test_months_counted_on_last_day_of_february_in_leap_and_common_years() -> None:
    assert months_counted(date(2024, 2, 29), "completed") == 2
    assert months_counted(date(2024, 2, 28), "completed") == 1  # 29 Feb still to come
    assert months_counted(date(2023, 2, 28), "completed") == 2


# --- day variant --------------------------------------------------------------------------


def test_day_variant_common_year() -> None:
    # 1 Jan … 31 Jul 2023 inclusive: 31+28+31+30+31+30+31 = 212 days of 365
    tp = time_progress(date(2023, 7, 31), "day", "completed")
    assert tp.days_elapsed == 212 and tp.days_in_year == 365
    assert tp.fraction == Fraction(212, 365)
    # 212/365 = 0.580821… → 58.08%
    assert percent(tp.fraction, 2) == Decimal("58.08")
    # months elapsed for the spending plan: 12 × 212/365 = 6.9699 months
    assert tp.months_elapsed == Fraction(12 * 212, 365)


def test_day_variant_leap_year() -> None:
    # 2024 is a leap year: 31+29+31+30+31+30+31 = 213 days of 366
    tp = time_progress(date(2024, 7, 31), "day", "completed")
    assert tp.days_elapsed == 213 and tp.days_in_year == 366
    # 213/366 = 0.581967… → 58.20%
    assert percent(tp.fraction, 2) == Decimal("58.20")
    # 29 Feb 2024 is day 31 + 29 = 60 of 366
    assert time_progress(date(2024, 2, 29), "day", "completed").fraction == Fraction(60, 366)
    # 31 Dec of a leap year is the whole year
    assert time_progress(date(2024, 12, 31), "day", "completed").fraction == 1


def test_unknown_time_method_is_an_error() -> None:
    with pytest.raises(ValueError, match="时序进度方法无效"):
        time_progress(date(2023, 7, 31), "week", "completed")


# --- planned progress ---------------------------------------------------------------------


def test_linear_between_checkpoints() -> None:
    # 7 months: between 6月底 50% and 10月底 80%: 50 + (7 − 6)/(10 − 6) × 30 = 57.5
    assert planned_percent(SEED_PLAN, Fraction(7), "linear") == Fraction(115, 2)
    # exactly on a checkpoint
    assert planned_percent(SEED_PLAN, Fraction(6), "linear") == 50
    assert planned_percent(SEED_PLAN, Fraction(12), "linear") == 100


def test_linear_before_first_checkpoint_starts_from_zero_on_1_january() -> None:
    # 2 months, first checkpoint 3月底 10%: 10 × 2/3 = 6.666…%
    assert planned_percent(SEED_PLAN, Fraction(2), "linear") == Fraction(20, 3)
    assert planned_percent(SEED_PLAN, Fraction(0), "linear") == 0


def test_linear_with_day_variant_fraction_of_a_month() -> None:
    # day variant, 2023-07-31: t = 12 × 212/365 = 2544/365 months
    # 50 + (2544/365 − 6) × 30/4 = 50 + (354/365) × 7.5 = 50 + 7.2740 = 57.2740…
    t = Fraction(12 * 212, 365)
    got = planned_percent(SEED_PLAN, t, "linear")
    assert got == 50 + (t - 6) * Fraction(30, 4)
    assert percent(got / 100 if got else None, 4) == Decimal("57.2740")


def test_step_holds_the_last_checkpoint_reached() -> None:
    assert planned_percent(SEED_PLAN, Fraction(7), "step") == 50
    assert planned_percent(SEED_PLAN, Fraction(2), "step") == 0  # before the first
    assert planned_percent(SEED_PLAN, Fraction(3), "step") == 10
    assert planned_percent(SEED_PLAN, Fraction(11), "step") == 80


def test_plan_not_ending_at_100_is_used_as_it_stands_and_flagged() -> None:
    plan = [Checkpoint("6月底", 6, Decimal(40)), Checkpoint("10月底", 10, Decimal(80))]
    # after the last checkpoint the plan stays at 80
    assert planned_percent(plan, Fraction(12), "linear") == 80
    # 8 months: 40 + (8 − 6)/4 × 40 = 60
    assert planned_percent(plan, Fraction(8), "linear") == 60
    pp = plan_progress(plan, Fraction(8), "linear", Decimal(100))
    assert pp.end_percent == 80
    assert any("未达到 100%" in n for n in pp.notes)


def test_plan_checks_flag_decreasing_and_out_of_range() -> None:
    plan = [
        Checkpoint("3月底", 3, Decimal(60)),
        Checkpoint("6月底", 6, Decimal(40)),
        Checkpoint("12月底", 12, Decimal(120)),
    ]
    notes = plan_checks(plan, Decimal(100))
    assert any("不是逐月不减" in n for n in notes)
    assert any("超出 0–100%" in n for n in notes)


def test_no_plan() -> None:
    assert planned_percent([], Fraction(7), "linear") is None
    pp = plan_progress([], Fraction(7), "linear", Decimal(100))
    assert pp.percent is None and pp.end_percent is None
    assert pp.notes == ("无资金支出计划, 计划进度无法计算",)

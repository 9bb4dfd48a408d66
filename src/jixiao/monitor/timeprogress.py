"""时序进度 and 计划进度: how far through the year, and how far the spending plan expected to be.

Ratios are exact :class:`fractions.Fraction` values (7/12, 212/365), so that a threshold such
as "r < 60" is decided exactly; they are turned into Decimal percentages only for display.

Time progress (DOMAIN.md §4), per ``[monitor.time_progress]``:

* ``method = "month"``: f = m / 12, with m the months counted on the as-of date. With
  ``month_rule = "completed"`` a month counts once it has ended: 2023-07-31 → m = 7,
  2023-07-15 → m = 6, 2023-01-10 → m = 0. With ``"current"`` the as-of month counts
  (2023-07-15 → 7).
* ``method = "day"``: f = d / D, d = days from 1 January to the as-of date inclusive
  (2023-07-31 → 212), D = 365 or 366 (2024-07-31 → 213/366).

Planned progress reads the project's own spending plan (资金支出计划: cumulative % at the end
of checkpoint months) at t months into the year (t = m for the month method, 12·f for the
day method). ``linear`` interpolates between checkpoints, starting from 0% on 1 January;
``step`` holds the last checkpoint reached (0% before the first). After the last checkpoint
the plan stays at its last percent; a plan that does not end at the expected percent (100)
is used as it stands and flagged.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from jixiao.domain.model import Checkpoint
from jixiao.domain.money import round_to

MONTHS = 12


def to_decimal(value: Fraction, places: int | None = None) -> Decimal:
    """An exact fraction as Decimal (28 significant digits), optionally rounded to ``places``."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    if places is not None:
        d = round_to(d, places)
    return d


def percent(value: Fraction | None, places: int | None = None) -> Decimal | None:
    """A fraction (0.5833…) as a percentage Decimal (58.33…)."""
    return None if value is None else to_decimal(value * 100, places)


def months_counted(as_of: date, month_rule: str) -> int:
    """Months that count on ``as_of`` (see the module doc for the two rules)."""
    if month_rule == "current":
        return as_of.month
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.month if as_of.day == last_day else as_of.month - 1


@dataclass(frozen=True, slots=True)
class TimeProgress:
    """时序进度 on a date: the fraction of the year, how it was counted, and t in months."""

    as_of: date
    method: str
    month_rule: str
    months: int  # months counted (month rule), also used by month floors and series
    days_elapsed: int
    days_in_year: int
    fraction: Fraction  # 0..1
    months_elapsed: Fraction  # t for the spending plan: m, or 12·f for the day method

    @property
    def explanation(self) -> str:
        """How the figure was formed, in Chinese, e.g. ``7/12 (按月, 截至月末才计当月)``."""
        if self.method == "day":
            return f"{self.days_elapsed}/{self.days_in_year} (按天)"
        rule = "截至月末才计当月" if self.month_rule == "completed" else "当月计入"
        return f"{self.months}/{MONTHS} (按月, {rule})"


def time_progress(as_of: date, method: str, month_rule: str) -> TimeProgress:
    """时序进度 of ``as_of`` by the ``month`` or ``day`` method."""
    m = months_counted(as_of, month_rule)
    d = as_of.timetuple().tm_yday
    days_in_year = 366 if calendar.isleap(as_of.year) else 365
    if method == "day":
        frac = Fraction(d, days_in_year)
        elapsed = frac * MONTHS
    elif method == "month":
        frac = Fraction(m, MONTHS)
        elapsed = Fraction(m)
    else:
        raise ValueError(f"时序进度方法无效: {method!r} (应为 month / day)")
    return TimeProgress(as_of, method, month_rule, m, d, days_in_year, frac, elapsed)


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """计划进度: the cumulative percent the spending plan expects at t months (None: no plan)."""

    percent: Fraction | None
    end_percent: Fraction | None  # the plan's last checkpoint
    method: str
    notes: tuple[str, ...] = field(default_factory=tuple)


def plan_checks(plan: Sequence[Checkpoint], expected_end: Decimal) -> tuple[str, ...]:
    """Flags about a spending plan that monitoring uses as it stands (每条用中文说明)."""
    notes: list[str] = []
    if not plan:
        return ("无资金支出计划, 计划进度无法计算",)
    pts = sorted(plan, key=lambda c: c.month)
    months = [c.month for c in pts]
    if len(set(months)) != len(months):
        notes.append("资金支出计划有重复月份, 取同月最后一个")
    for c in pts:
        if not 1 <= c.month <= MONTHS:
            notes.append(f"资金支出计划月份超出 1–12: {c.label}")
        if not 0 <= c.percent <= 100:
            notes.append(f"资金支出计划比例超出 0–100%: {c.label} {c.percent}%")
    pcts = [c.percent for c in pts]
    if any(b < a for a, b in itertools.pairwise(pcts)):
        notes.append("资金支出计划累计比例不是逐月不减")
    if pts[-1].percent != expected_end:
        notes.append(
            f"资金支出计划最终为 {pts[-1].label} {pts[-1].percent}%, 未达到 {expected_end}%"
        )
    return tuple(notes)


def _points(plan: Sequence[Checkpoint]) -> list[tuple[int, Fraction]]:
    by_month: dict[int, Fraction] = {}
    for c in sorted(plan, key=lambda c: c.month):
        if 1 <= c.month <= MONTHS:
            by_month[c.month] = Fraction(c.percent)
    return sorted(by_month.items())


def planned_percent(plan: Sequence[Checkpoint], t: Fraction, method: str) -> Fraction | None:
    """The plan's cumulative percent at t months into the year (0 ≤ t ≤ 12)."""
    pts = _points(plan)
    if not pts:
        return None
    if method == "step":
        reached = [p for m, p in pts if m <= t]
        return reached[-1] if reached else Fraction(0)
    if method != "linear":
        raise ValueError(f"计划进度方法无效: {method!r} (应为 linear / step)")
    prev_m, prev_p = Fraction(0), Fraction(0)
    for m, p in pts:
        if t <= m:
            span = m - prev_m
            return prev_p + (p - prev_p) * (t - prev_m) / span if span else p
        prev_m, prev_p = Fraction(m), p
    return prev_p


def plan_progress(
    plan: Sequence[Checkpoint], t: Fraction, method: str, expected_end: Decimal
) -> PlanProgress:
    """计划进度 at t months, with the plan's end percent and flags."""
    pts = _points(plan)
    return PlanProgress(
        percent=planned_percent(plan, t, method),
        end_percent=pts[-1][1] if pts else None,
        method=method,
        notes=plan_checks(plan, expected_end),
    )

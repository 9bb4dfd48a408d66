"""Year-end forecasts (全年预计): spending from the plan's shape and the pace so far, and
each quantitative indicator from the unit's own forecast or its pace.

Spending, with S = spending to date, B = adjusted budget, P = planned progress now (%),
P_end = the plan's last checkpoint (%, normally 100), f = time progress (0..1); the method is
``[monitor.forecast] spending_method``:

* ``plan_pace`` (default): F = S × P_end / P. The project is assumed to keep the same
  proportion to its own plan for the rest of the year: a project at 37.5% against a plan of
  57.5% ends at 37.5/57.5 × 100% = 65.2% of its budget. When P is 0 (or there is no plan)
  it falls back to ``linear``.
* ``linear``: F = S / f (the pace so far, evenly over the year).
* ``plan_remaining``: F = S + B × (P_end − P) / 100 (the rest is spent as planned).

With ``cap_at_budget`` the forecast never exceeds B (the cap is reported). Time progress 0
and no usable plan: no forecast. Money is rounded to 0.01 元.

Indicators: the unit's forecast (全年预计完成值) when given; else ``actual / f`` for amounts
that accumulate through the year, and the actual value itself for level units (%).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from jixiao.monitor.rules import MonitorRules
from jixiao.monitor.timeprogress import to_decimal


@dataclass(frozen=True, slots=True)
class SpendingForecast:
    """Year-end spending forecast (元), how it was formed, and whether it was capped."""

    yuan: Decimal | None
    method: str  # the method actually used ("plan_pace", "linear", "plan_remaining", "none")
    capped: bool
    explanation: str


def forecast_spending(
    spent_yuan: Decimal,
    budget_yuan: Decimal | None,
    planned_percent: Fraction | None,
    plan_end_percent: Fraction | None,
    time_fraction: Fraction,
    rules: MonitorRules,
) -> SpendingForecast:
    """Forecast year-end spending by the profile's method (see the module doc)."""
    s = Fraction(spent_yuan)
    method = rules.forecast_spending_method
    value: Fraction | None = None
    why = ""
    if method == "plan_remaining":
        if budget_yuan is not None and planned_percent is not None and plan_end_percent is not None:
            value = s + Fraction(budget_yuan) * (plan_end_percent - planned_percent) / 100
            why = "S + B × (P_end − P) / 100"
        else:
            method = "linear"
    elif method == "plan_pace":
        if planned_percent and plan_end_percent is not None:
            value = s * plan_end_percent / planned_percent
            why = "S × P_end / P"
        else:
            method = "linear"
    if value is None and method == "linear":
        if time_fraction > 0:
            value = s / time_fraction
            why = "S / 时序进度"
        else:
            return SpendingForecast(None, "none", False, "时序进度为 0 且无可用计划, 无法预计")
    assert value is not None
    capped = False
    if rules.forecast_cap_at_budget and budget_yuan is not None and value > Fraction(budget_yuan):
        value = Fraction(budget_yuan)
        capped = True
        why += ", 超过预算按预算封顶"
    return SpendingForecast(to_decimal(value, 2), method, capped, why)


def forecast_indicator(
    actual: Fraction, *, level: bool, time_fraction: Fraction
) -> Fraction | None:
    """Pace forecast of a quantitative indicator: actual / f, or actual for level units."""
    if level:
        return actual
    if time_fraction <= 0:
        return None
    return actual / time_fraction

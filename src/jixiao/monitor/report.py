"""The monitoring report (运行监控结果, "双监控"): spending and indicator progress of a plan.

:func:`monitor_plan` combines a :class:`~jixiao.domain.model.Plan`, the aggregated payments
ledger, the reported indicator progress and budget adjustments into a
:class:`MonitorReport`: per project and for the department the spending to date, 执行率,
时序进度, 计划进度, the gaps, the spending light, each indicator's light, the project light
(worst), year-end forecasts, a monthly series for charts, and the rows that still need a
written deviation reason. :func:`report_to_dict` gives the JSON form.

Department figures are money-weighted: 执行率 = Σ spending / Σ adjusted budget, 计划进度 =
Σ (budget × planned %) / Σ budget over projects with a plan, never an average of rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError
from jixiao.domain.model import Indicator, Plan, Project, SourceRef
from jixiao.domain.money import MoneyUnit, clean_decimal
from jixiao.domain.profile import RuleProfile
from jixiao.domain.target import Comparator, Target, TargetKind
from jixiao.domain.text import normalize
from jixiao.monitor.adjustments import AdjustmentData, read_adjustments
from jixiao.monitor.forecast import SpendingForecast, forecast_indicator, forecast_spending
from jixiao.monitor.ledger import LedgerResult, ProjectSpending, read_ledger
from jixiao.monitor.lights import (
    Light,
    LightResult,
    boolean_light,
    fmt,
    ge_light,
    le_light,
    qualitative_light,
    spending_light,
    time_light,
    worst,
)
from jixiao.monitor.progress import (
    ProgressData,
    ProgressEntry,
    ProgressIssue,
    Reading,
    read_progress,
    read_value,
    target_amount,
)
from jixiao.monitor.rules import MonitorRules, rules_from_profile
from jixiao.monitor.timeprogress import (
    MONTHS,
    TimeProgress,
    plan_progress,
    planned_percent,
    time_progress,
    to_decimal,
)

FORMAT = "jixiao.monitor"
FORMAT_VERSION = 1
_WAN = MoneyUnit.WAN.factor


@dataclass(frozen=True, slots=True)
class MonthPoint:
    """One month of the chart series: cumulative spending vs plan vs time progress."""

    month: int
    spent_yuan: Decimal | None  # cumulative to the end of the month (to the as-of date)
    partial: bool  # the as-of month, when the as-of date is not its last day
    plan_percent: Fraction | None  # 0..100
    time_percent: Fraction  # 0..100
    budget_yuan: Decimal | None

    @property
    def spent_rate(self) -> Fraction | None:
        if self.spent_yuan is None or not self.budget_yuan:
            return None
        return Fraction(self.spent_yuan) / Fraction(self.budget_yuan)

    @property
    def plan_yuan(self) -> Decimal | None:
        if self.plan_percent is None or self.budget_yuan is None:
            return None
        return to_decimal(Fraction(self.budget_yuan) * self.plan_percent / 100, 2)


@dataclass(slots=True)
class SpendingStatus:
    """支出进度: money, rates (fractions 0..1), gaps (percentage points), light, forecast."""

    budget_yuan: Decimal | None  # 年度预算数
    adjusted_yuan: Decimal | None  # 调整后预算数
    spent_yuan: Decimal
    rate: Fraction | None  # 执行率
    time: Fraction  # 时序进度
    planned: Fraction | None  # 计划进度
    light: LightResult
    forecast: SpendingForecast
    refunds: int = 0
    refunds_yuan: Decimal = Decimal(0)
    by_source: dict[str, Decimal] = field(default_factory=dict)
    entry: ProgressEntry | None = None  # reasons for the spending (预算执行 row)
    needs_reason: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def gap_time(self) -> Fraction | None:
        """执行率 − 时序进度, in percentage points (negative = behind)."""
        return None if self.rate is None else (self.rate - self.time) * 100

    @property
    def gap_plan(self) -> Fraction | None:
        """执行率 − 计划进度, in percentage points."""
        if self.rate is None or self.planned is None:
            return None
        return (self.rate - self.planned) * 100

    @property
    def forecast_rate(self) -> Fraction | None:
        if self.forecast.yuan is None or not self.adjusted_yuan:
            return None
        return Fraction(self.forecast.yuan) / Fraction(self.adjusted_yuan)


@dataclass(slots=True)
class IndicatorStatus:
    """One indicator row of the 监控表: target, progress, forecast, light, reasons."""

    index: int  # 0-based position in the project's indicator table
    indicator: Indicator
    entry: ProgressEntry | None
    reading: Reading | None
    light: LightResult
    level: bool  # a level (%), not an amount that accumulates
    forecast: Fraction | None  # in the target's unit as written
    forecast_source: str | None  # "unit" | "pace"
    forecast_text: str | None
    needs_reason: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def target(self) -> Target:
        return self.indicator.target

    @property
    def actual(self) -> Fraction | None:
        return self.reading.number if self.reading is not None else None

    @property
    def forecast_percent(self) -> Fraction | None:
        """全年预计完成值 / 年度指标值 × 100 (quantitative only)."""
        t_value, _ = target_amount(self.target)
        if self.forecast is None or not t_value:
            return None
        return self.forecast / Fraction(t_value) * 100


@dataclass(slots=True)
class ProjectStatus:
    """A project's monitoring result."""

    project: Project
    spending: SpendingStatus
    indicators: list[IndicatorStatus]
    light: Light
    series: list[MonthPoint]
    plan_notes: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.project.code or ""


@dataclass(slots=True)
class DepartmentStatus:
    """部门合计: money-weighted figures over the projects."""

    spending: SpendingStatus
    series: list[MonthPoint]
    worst_project_light: Light


@dataclass(frozen=True, slots=True)
class ReasonNeeded:
    """A red/yellow row without a written deviation reason (需填写偏差原因)."""

    project_code: str
    row: str  # the indicator name, or 预算执行
    light: Light
    indicator_index: int | None  # None for the spending row


@dataclass(slots=True)
class MonitorReport:
    """Everything ``jixiao monitor`` computed, ready for text, JSON and XLSX."""

    plan: Plan
    as_of: date
    year: int
    rules: MonitorRules
    time: TimeProgress
    projects: list[ProjectStatus]
    department: DepartmentStatus
    ledger: LedgerResult
    progress: ProgressData | None
    adjustments: AdjustmentData | None
    needs_reason: list[ReasonNeeded]
    missing_progress: list[tuple[str, str]]  # (project code, indicator name)

    def project(self, code: str) -> ProjectStatus:
        for p in self.projects:
            if p.code == code:
                return p
        raise KeyError(code)


# --- computation -------------------------------------------------------------------------


def plan_year(plan: Plan, as_of: date) -> int:
    """The monitoring year: the plan's, which the as-of date must fall in."""
    if plan.year is not None and plan.year != as_of.year:
        raise InputError(f"截止日期 {as_of} 不在计划年度 {plan.year} 内")
    return as_of.year


def budget_yuan(project: Project) -> Decimal | None:
    """年度预算数 in 元: the total, else the sum of the fund lines; ``None`` when unknown."""
    money = project.funds.total or project.funds.sources_total()
    return money.to_yuan() if money is not None else None


def _rate(spent: Decimal, budget: Decimal | None) -> Fraction | None:
    if budget is None or budget == 0:
        return None
    return Fraction(spent) / Fraction(budget)


def _spending_status(
    spent: ProjectSpending | None,
    original: Decimal | None,
    adjusted: Decimal | None,
    planned_pct: Fraction | None,
    plan_end: Fraction | None,
    tp: TimeProgress,
    rules: MonitorRules,
    entry: ProgressEntry | None,
) -> SpendingStatus:
    spent_yuan = spent.total_yuan if spent is not None else Decimal(0)
    rate = _rate(spent_yuan, adjusted)
    planned = planned_pct / 100 if planned_pct is not None else None
    if rules.compare_to == "plan":
        light = spending_light(rate, planned, tp.months, rules, progress_name="计划进度")
    else:
        light = spending_light(rate, tp.fraction, tp.months, rules)
    notes: list[str] = []
    if adjusted is None:
        notes.append("无预算数, 执行率无法计算")
    elif adjusted == 0:
        notes.append("调整后预算数为 0, 执行率无法计算")
        if spent_yuan:
            notes.append(f"预算为 0 但有支出 {clean_decimal(spent_yuan / _WAN)} 万元")
    forecast = forecast_spending(spent_yuan, adjusted, planned_pct, plan_end, tp.fraction, rules)
    needs = light.light in rules.reason_required_for and not (
        entry is not None and entry.has_reason
    )
    return SpendingStatus(
        budget_yuan=original,
        adjusted_yuan=adjusted,
        spent_yuan=spent_yuan,
        rate=rate,
        time=tp.fraction,
        planned=planned,
        light=light,
        forecast=forecast,
        refunds=spent.refunds if spent is not None else 0,
        refunds_yuan=spent.refunds_yuan if spent is not None else Decimal(0),
        by_source=dict(spent.by_source) if spent is not None else {},
        entry=entry,
        needs_reason=needs,
        notes=notes,
    )


def _deadline(target: Target, year: int) -> date | None:
    if target.deadline is not None:
        return target.deadline
    if target.deadline_month is not None:
        import calendar

        return date(
            year, target.deadline_month, calendar.monthrange(year, target.deadline_month)[1]
        )
    return None


def _direction(target: Target, rules: MonitorRules) -> tuple[str, str | None]:
    """'ge' or 'le' for a quantitative target, with a note when assumed."""
    c = target.comparator
    if c in (Comparator.GE, Comparator.GT):
        return "ge", None
    if c in (Comparator.LE, Comparator.LT):
        return "le", None
    if c is Comparator.EQ:
        return ("ge" if rules.equal_as == "≥" else "le"), f"“=”指标按“{rules.equal_as}”评灯"
    return "ge", "指标未写明比较方式, 按“≥”评灯"


def _quantitative_light(
    reading: Reading, target: Target, level: bool, tp: TimeProgress, rules: MonitorRules
) -> tuple[LightResult, list[str]]:
    notes: list[str] = []
    actual = reading.number
    assert actual is not None
    t_value, _ = target_amount(target)
    if t_value is None:
        if target.lower is not None or target.upper is not None:
            lo = Fraction(target.lower) if target.lower is not None else None
            hi = Fraction(target.upper) if target.upper is not None else None
            ok = (lo is None or actual >= lo) and (hi is None or actual <= hi)
            return (
                LightResult(
                    Light.GREEN if ok else Light.RED,
                    None,
                    f"完成值 {fmt(actual, 4)} {'在' if ok else '不在'}区间 {fmt(lo)}–{fmt(hi)} 内",
                ),
                notes,
            )
        return LightResult(Light.NONE, None, "指标值无数值, 不评灯"), notes
    direction, note = _direction(target, rules)
    if note:
        notes.append(note)
    if direction == "le":
        return le_light(actual, Fraction(t_value)), notes
    share = Fraction(1) if level else tp.fraction
    if share == 0:
        return LightResult(Light.NONE, None, "时序进度为 0, 不评灯"), notes
    return ge_light(actual, Fraction(t_value), share, rules), notes


def _indicator_status(
    index: int,
    ind: Indicator,
    entry: ProgressEntry | None,
    tp: TimeProgress,
    rules: MonitorRules,
    year: int,
) -> IndicatorStatus:
    target = ind.target
    _, t_unit = target_amount(target)
    level = target.is_quantitative and normalize(t_unit) in rules.level_units
    notes: list[str] = []
    reading: Reading | None = None
    forecast: Fraction | None = None
    forecast_source: str | None = None
    forecast_text = entry.forecast if entry is not None else None

    if target.is_empty:
        light = LightResult(Light.NONE, None, "指标值为空, 不评灯")
    elif entry is None or not entry.value:
        light = LightResult(Light.NONE, None, "未填报截至目前完成值")
    else:
        reading = read_value(entry.value, target, rules, unit=entry.unit, year=year)
        if reading.note:
            notes.append(reading.note)
        if reading.kind == "unreadable":
            light = LightResult(Light.NONE, None, reading.note or "完成值无法识别")
        elif reading.kind == "number":
            light, more = _quantitative_light(reading, target, level, tp, rules)
            notes.extend(more)
        elif reading.kind == "grade":
            light = qualitative_light(reading.text, rules)
        elif reading.kind == "flag":
            assert reading.flag is not None
            if target.flag is None:
                light = LightResult(Light.NONE, None, "指标值不是 是/否, 不评灯")
            else:
                light = boolean_light(reading.flag, target.flag)
        else:  # done / not_done
            deadline = _deadline(target, year)
            if target.is_recurring:  # 每月10日前: each period so far on time, or not
                what = f"周期性期限“{target.raw}”"
                light = (
                    LightResult(Light.GREEN, None, f"{what}: 各期按时完成")
                    if reading.kind == "done"
                    else LightResult(Light.RED, None, f"{what}: 有未按时完成的期次")
                )
            elif deadline is None:
                light = LightResult(Light.NONE, None, "时效指标无期限, 不评灯")
            else:
                light = time_light(deadline, tp.as_of, reading.kind == "done", reading.day)

    if target.is_quantitative:
        if entry is not None and entry.forecast:
            fr = read_value(entry.forecast, target, rules, unit=entry.unit, year=year)
            if fr.number is not None:
                forecast, forecast_source = fr.number, "unit"
            else:
                notes.append(f"全年预计完成值无法识别: {fr.note}")
        if forecast is None and reading is not None and reading.number is not None:
            forecast = forecast_indicator(reading.number, level=level, time_fraction=tp.fraction)
            forecast_source = "pace" if forecast is not None else None
    elif forecast_text:
        forecast_source = "unit"

    needs = light.light in rules.reason_required_for and not (
        entry is not None and entry.has_reason
    )
    return IndicatorStatus(
        index=index,
        indicator=ind,
        entry=entry,
        reading=reading,
        light=light,
        level=level,
        forecast=forecast,
        forecast_source=forecast_source,
        forecast_text=forecast_text,
        needs_reason=needs,
        notes=notes,
    )


def _series(
    spent: ProjectSpending | None,
    budget: Decimal | None,
    plan_pcts: list[Fraction | None],
    as_of: date,
) -> list[MonthPoint]:
    import calendar

    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    points = []
    for m in range(1, MONTHS + 1):
        if m > as_of.month:
            s: Decimal | None = None
        elif spent is None:
            s = Decimal(0)
        else:
            s = spent.cumulative_yuan(m)
        points.append(
            MonthPoint(
                month=m,
                spent_yuan=s,
                partial=m == as_of.month and as_of.day != last_day,
                plan_percent=plan_pcts[m - 1],
                time_percent=Fraction(m * 100, MONTHS),
                budget_yuan=budget,
            )
        )
    return points


def monitor_plan(
    plan: Plan,
    *,
    as_of: date,
    ledger: LedgerResult,
    rules: MonitorRules,
    progress: ProgressData | None = None,
    adjustments: AdjustmentData | None = None,
) -> MonitorReport:
    """Compute the monitoring report of ``plan`` on ``as_of`` (see the module doc)."""
    year = plan_year(plan, as_of)
    tp = time_progress(as_of, rules.time_method, rules.month_rule)
    statuses: list[ProjectStatus] = []
    needs_reason: list[ReasonNeeded] = []
    missing: list[tuple[str, str]] = []
    dep_spent = Decimal(0)
    dep_budget = Decimal(0)
    dep_original = Decimal(0)
    dep_any_budget = False
    weighted_plan = Fraction(0)
    plan_budget = Fraction(0)
    dep_plan_end = Fraction(0)
    dep_forecast = Decimal(0)
    dep_refunds = 0
    dep_refunds_yuan = Decimal(0)
    dep_months: list[Decimal] = [Decimal(0)] * MONTHS
    dep_plan_month = [Fraction(0)] * MONTHS
    dep_sources: dict[str, Decimal] = {}

    for project in plan.projects:
        code = project.code or ""
        spent = ledger.by_project.get(code)
        original = budget_yuan(project)
        adjusted = adjustments.adjusted_yuan(code, original) if adjustments else original
        pp = plan_progress(
            project.spending_plan, tp.months_elapsed, rules.plan_method, rules.plan_end_percent
        )
        entry = progress.spending.get(code) if progress else None
        spending = _spending_status(
            spent, original, adjusted, pp.percent, pp.end_percent, tp, rules, entry
        )
        if spending.needs_reason:
            needs_reason.append(ReasonNeeded(code, "预算执行", spending.light.light, None))
        indicators: list[IndicatorStatus] = []
        for i, ind in enumerate(project.indicators):
            if ind.is_blank:
                continue
            e = progress.entry(code, i) if progress else None
            st = _indicator_status(i, ind, e, tp, rules, year)
            indicators.append(st)
            name = ind.level3 or ind.description or f"第{i + 1}项"
            if st.needs_reason:
                needs_reason.append(ReasonNeeded(code, name, st.light.light, i))
            if not ind.target.is_empty and (e is None or not e.value):
                missing.append((code, name))
        light = worst([spending.light.light, *(s.light.light for s in indicators)], rules.severity)
        plan_pcts = [
            planned_percent(project.spending_plan, Fraction(m), rules.plan_method)
            for m in range(1, MONTHS + 1)
        ]
        statuses.append(
            ProjectStatus(
                project=project,
                spending=spending,
                indicators=indicators,
                light=light,
                series=_series(spent, adjusted, plan_pcts, as_of),
                plan_notes=pp.notes,
            )
        )
        # department sums (money-weighted)
        dep_spent += spending.spent_yuan
        dep_refunds += spending.refunds
        dep_refunds_yuan += spending.refunds_yuan
        for k, v in spending.by_source.items():
            dep_sources[k] = dep_sources.get(k, Decimal(0)) + v
        if spent is not None:
            for m in range(MONTHS):
                dep_months[m] += spent.by_month[m]
        if original is not None:
            dep_original += original
        if adjusted is not None:
            dep_any_budget = True
            dep_budget += adjusted
            if pp.percent is not None and pp.end_percent is not None:
                weighted_plan += Fraction(adjusted) * pp.percent
                dep_plan_end += Fraction(adjusted) * pp.end_percent
                plan_budget += Fraction(adjusted)
                for m in range(MONTHS):
                    dep_plan_month[m] += Fraction(adjusted) * (plan_pcts[m] or 0)
        if spending.forecast.yuan is not None:
            dep_forecast += spending.forecast.yuan

    dep_planned_pct = weighted_plan / plan_budget if plan_budget else None
    dep_plan_end_pct = dep_plan_end / plan_budget if plan_budget else None
    dep_adjusted = dep_budget if dep_any_budget else None
    cumulative = ProjectSpending(
        "部门合计",
        by_month=dep_months,
        by_source=dep_sources,
        refunds=dep_refunds,
        refunds_yuan=dep_refunds_yuan,
    )
    dep_spending = _spending_status(
        cumulative,
        dep_original if dep_any_budget else None,
        dep_adjusted,
        dep_planned_pct,
        dep_plan_end_pct,
        tp,
        rules,
        None,
    )
    dep_spending.forecast = SpendingForecast(
        clean_decimal(dep_forecast), "sum", False, "各项目年末预计之和"
    )
    dep_spending.needs_reason = False
    if plan_budget and plan_budget != Fraction(dep_budget):
        dep_spending.notes.append("部分项目无资金支出计划, 部门计划进度只按有计划的项目加权")
    dep_plan_pcts: list[Fraction | None] = [
        (x / plan_budget if plan_budget else None) for x in dep_plan_month
    ]
    department = DepartmentStatus(
        spending=dep_spending,
        series=_series(cumulative, dep_adjusted, dep_plan_pcts, as_of),
        worst_project_light=worst((p.light for p in statuses), rules.severity),
    )
    return MonitorReport(
        plan=plan,
        as_of=as_of,
        year=year,
        rules=rules,
        time=tp,
        projects=statuses,
        department=department,
        ledger=ledger,
        progress=progress,
        adjustments=adjustments,
        needs_reason=needs_reason,
        missing_progress=missing,
    )


def run_monitor(
    plan: Plan,
    *,
    payments: str | Path,
    as_of: date,
    profile: RuleProfile | str | None = None,
    progress: str | Path | None = None,
    adjustments: str | Path | None = None,
    amount_unit: MoneyUnit | None = None,
) -> MonitorReport:
    """Read the input files and compute the report (what ``jixiao monitor`` does)."""
    rules = rules_from_profile(profile)
    year = plan_year(plan, as_of)
    ledger = read_ledger(
        payments,
        project_codes=[p.code for p in plan.projects if p.code],
        as_of=as_of,
        rules=rules,
        year=year,
        amount_unit=amount_unit,
    )
    prog = read_progress(progress, plan, rules) if progress is not None else None
    adj = read_adjustments(adjustments, plan, as_of, rules) if adjustments is not None else None
    return monitor_plan(
        plan, as_of=as_of, ledger=ledger, rules=rules, progress=prog, adjustments=adj
    )


# --- JSON --------------------------------------------------------------------------------


def wan(yuan: Decimal | None) -> Decimal | None:
    """元 → 万元, exact."""
    return None if yuan is None else clean_decimal(yuan / _WAN)


def _pct(value: Fraction | None, rules: MonitorRules) -> Decimal | None:
    """A fraction 0..1 as a rounded percentage."""
    return None if value is None else to_decimal(value * 100, rules.percent_places)


def _num(value: Fraction | None, places: int) -> Decimal | None:
    return None if value is None else clean_decimal(to_decimal(value, places))


def _light_dict(lr: LightResult, rules: MonitorRules) -> dict[str, Any]:
    return {
        "light": lr.light.value,
        "label": lr.light.label,
        "score": _num(lr.score, rules.percent_places),
        "reason": lr.reason,
    }


def _src(s: SourceRef | None) -> str | None:
    return s.describe() if s is not None else None


def _entry_dict(e: ProgressEntry | None, rules: MonitorRules) -> dict[str, Any]:
    if e is None:
        return {
            "deviation_reasons": {},
            "likelihood": None,
            "rectification": None,
            "remarks": None,
            "source": None,
        }
    return {
        "deviation_reasons": {k: e.reasons[k] for k in rules.deviation_kinds if k in e.reasons},
        "likelihood": (
            {"code": e.likelihood, "label": rules.likelihood_label(e.likelihood)}
            if e.likelihood is not None
            else None
        ),
        "rectification": e.rectification,
        "remarks": e.remarks,
        "source": _src(e.source),
    }


def _spending_dict(s: SpendingStatus, rules: MonitorRules) -> dict[str, Any]:
    return {
        "budget_wan": wan(s.budget_yuan),
        "adjusted_budget_wan": wan(s.adjusted_yuan),
        "spent_yuan": clean_decimal(s.spent_yuan),
        "spent_wan": wan(s.spent_yuan),
        "execution_rate": _pct(s.rate, rules),
        "time_progress": _pct(s.time, rules),
        "planned_progress": _pct(s.planned, rules),
        "gap_time_pp": _num(s.gap_time, rules.percent_places),
        "gap_plan_pp": _num(s.gap_plan, rules.percent_places),
        "spending_light": _light_dict(s.light, rules),
        "forecast": {
            "spent_wan": wan(s.forecast.yuan),
            "execution_rate": _pct(s.forecast_rate, rules),
            "method": s.forecast.method,
            "capped": s.forecast.capped,
            "explanation": s.forecast.explanation,
        },
        "refunds": {"count": s.refunds, "wan": wan(s.refunds_yuan)},
        "by_fund_source_wan": {k: wan(v) for k, v in s.by_source.items()},
        "needs_reason": s.needs_reason,
        "notes": list(s.notes),
    }


def _series_dict(points: list[MonthPoint], rules: MonitorRules) -> list[dict[str, Any]]:
    return [
        {
            "month": p.month,
            "spent_wan": wan(p.spent_yuan),
            "spent_percent": _pct(p.spent_rate, rules),
            "partial": p.partial,
            "plan_wan": wan(p.plan_yuan),
            "plan_percent": _num(p.plan_percent, rules.percent_places),
            "time_percent": _num(p.time_percent, rules.percent_places),
        }
        for p in points
    ]


def _indicator_dict(s: IndicatorStatus, rules: MonitorRules) -> dict[str, Any]:
    ind = s.indicator
    t = ind.target
    t_value, t_unit = target_amount(t)
    return {
        "index": s.index + 1,
        "level1": ind.level1,
        "level2": ind.level2,
        "level3": ind.level3,
        "target": t.raw,
        "target_kind": t.kind.value,
        "comparator": t.comparator.value if t.comparator else None,
        "target_value": t_value if t.kind is TargetKind.QUANTITATIVE else None,
        "unit": t_unit if t.kind is TargetKind.QUANTITATIVE else None,
        "value_to_date": s.entry.value if s.entry else None,
        "actual": _num(s.actual, 6),
        "forecast": _num(s.forecast, 6),
        "forecast_text": s.forecast_text,
        "forecast_source": s.forecast_source,
        "forecast_percent": _num(s.forecast_percent, rules.percent_places),
        "level_unit": s.level,
        **{k: v for k, v in _light_dict(s.light, rules).items()},
        "needs_reason": s.needs_reason,
        **_entry_dict(s.entry, rules),
        "notes": list(s.notes),
    }


def report_to_dict(report: MonitorReport) -> dict[str, Any]:
    """The report as JSON-ready data (Decimals exact; use ``jsonio.dumps``)."""
    rules = report.rules
    tp = report.time
    led = report.ledger
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "as_of": report.as_of,
        "year": report.year,
        "profile": rules.profile_name,
        "amount_unit": "万元",
        "time_progress": {
            "method": tp.method,
            "month_rule": tp.month_rule,
            "months": tp.months,
            "days_elapsed": tp.days_elapsed,
            "days_in_year": tp.days_in_year,
            "percent": _pct(tp.fraction, rules),
            "explanation": tp.explanation,
        },
        "rules": {
            "spending_light": rules.spending_method,
            "compare_to": rules.compare_to,
            "plan_progress": rules.plan_method,
            "forecast": rules.forecast_spending_method,
        },
        "projects": [
            {
                "code": p.code,
                "name": p.project.name,
                "light": p.light.value,
                "light_label": p.light.label,
                **_spending_dict(p.spending, rules),
                "plan_notes": list(p.plan_notes),
                "indicators": [_indicator_dict(s, rules) for s in p.indicators],
                "spending_row": _entry_dict(p.spending.entry, rules),
                "series": _series_dict(p.series, rules),
            }
            for p in report.projects
        ],
        "department": {
            **_spending_dict(report.department.spending, rules),
            "worst_project_light": report.department.worst_project_light.value,
            "series": _series_dict(report.department.series, rules),
        },
        "needs_reason": [
            {
                "project_code": r.project_code,
                "row": r.row,
                "light": r.light.value,
                "indicator_index": r.indicator_index + 1 if r.indicator_index is not None else None,
            }
            for r in report.needs_reason
        ],
        "missing_progress": [
            {"project_code": c, "indicator": n} for c, n in report.missing_progress
        ],
        "ledger": {
            "file": led.file,
            "amount_unit": led.amount_unit.value,
            "unit_source": led.unit_source,
            "header_row": led.header_row,
            "rows_read": led.rows_read,
            "rows_counted": led.rows_counted,
            "rows_excluded": led.rows_excluded,
            "total_wan": wan(led.total_yuan),
            "issue_counts": {k.value: n for k, n in led.issue_counts.items()},
            "excluded_wan": {k.value: wan(v) for k, v in led.excluded_yuan.items()},
            "unknown_codes": [
                {"code": u.code, "rows": u.rows, "wan": wan(u.yuan), "first_row": u.first_row}
                for u in led.unknown_codes.values()
            ],
            "issues": [
                {
                    "row": i.row,
                    "kind": i.kind.value,
                    "label": i.kind.label,
                    "severity": i.kind.severity,
                    "counted": i.counted,
                    "message": i.message,
                    "where": i.source.describe(),
                    "project_code": i.project_code,
                }
                for i in led.issues
            ],
        },
        "progress_issues": _issues(report.progress.issues if report.progress else []),
        "adjustment_issues": _issues(report.adjustments.issues if report.adjustments else []),
    }


def _issues(issues: list[ProgressIssue]) -> list[dict[str, Any]]:
    return [
        {"severity": i.severity, "message": i.message, "where": i.source.describe()} for i in issues
    ]

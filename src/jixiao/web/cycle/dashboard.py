# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Dashboards (看板): the department overview and the project page, as data and chart options.

The figures come from the core through the cached per-plan summaries
(:mod:`jixiao.web.cycle.summaries`) and the stored self-evaluation scores. A department with
several plans (its own and its units') is shown as the sum of its plans: money is added
exactly (Decimal) and the rates are Σ spending / Σ budget, the money-weighted definition the
core uses for a department (DOMAIN.md §4, §6) — never a mean of rates. With one plan every
figure is the core's own.

Charts are ECharts options built here as plain data (no functions), passed to the page with
``json_script`` and drawn by ``static/cycle/charts.js``; every chart has a table with the same
numbers beside it (accessible fallback, also what a screen reader reads).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q

from jixiao.domain.money import Money, MoneyUnit, clean_decimal, quantize_exact
from jixiao.web.accounts.models import Organisation
from jixiao.web.accounts.permissions import Perm, plans_for
from jixiao.web.cycle import monitoring, summaries
from jixiao.web.cycle.models import EvalStatus, MonitoringRound, SelfEvaluation
from jixiao.web.plans.models import Plan, Project, ReviewRecord

LIGHT_COLORS = {
    "red": "#d92d20",
    "yellow": "#f79009",
    "green": "#12b76a",
    "blue": "#2e90fa",
    "none": "#98a2b3",
    "unmonitored": "#d0d5dd",
}
GRADE_COLORS = {"优": "#12b76a", "良": "#66c61c", "中": "#f79009", "差": "#d92d20"}
LIGHT_ORDER = ("red", "yellow", "blue", "green", "none")
_CENT = Decimal("0.01")


def _d(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _pct(num: Decimal, den: Decimal) -> Decimal | None:
    if not den:
        return None
    return quantize_exact(num / den * 100, _CENT, ROUND_HALF_UP)


def _wan(amount: Decimal | None, unit: str) -> Decimal | None:
    if amount is None:
        return None
    return clean_decimal(Money(amount, MoneyUnit(unit)).to(MoneyUnit.WAN).amount)


def _site_profile() -> str:
    from django.conf import settings

    return str(settings.JIXIAO_PROFILE)


def latest_rounds(plans: Iterable[Plan]) -> dict[int, MonitoringRound]:
    """The latest round (by data date) of each plan."""
    out: dict[int, MonitoringRound] = {}
    ids = [p.pk for p in plans]
    for rnd in MonitoringRound.objects.filter(plan_id__in=ids).order_by("plan_id", "-as_of", "-id"):
        out.setdefault(rnd.plan_id, rnd)
    return out


def department_plans(user: Any, department: Organisation, year: int) -> list[Plan]:
    return list(
        plans_for(user, Perm.VIEW_PLAN)
        .filter(year=year)
        .filter(Q(organisation=department) | Q(organisation__parent=department))
        .select_related("organisation")
        .order_by("organisation__kind", "organisation__name")
    )


def grade_names(plans: Sequence[Plan]) -> list[str]:
    from jixiao.web.cycle.evaluation import settings_for

    names: list[str] = []
    for p in plans:
        for band in settings_for(p.profile).grades:
            if band.name not in names:
                names.append(band.name)
    return names or ["优", "良", "中", "差"]


def _combine_series(monitored: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Monthly spending, plan and time progress of the department (money-weighted)."""
    if not monitored:
        return []
    if len(monitored) == 1:
        return [
            {
                "month": m["month"],
                "spent_percent": m["spent_percent"],
                "plan_percent": m["plan_percent"],
                "time_percent": m["time_percent"],
                "spent_wan": m["spent_wan"],
                "plan_wan": m["plan_wan"],
            }
            for m in monitored[0]["department"]["series"]
        ]
    budget = sum(
        (_d(s["department"]["adjusted_budget_wan"]) or Decimal(0) for s in monitored), Decimal(0)
    )
    out = []
    for n in range(12):
        months = [s["department"]["series"][n] for s in monitored]
        spent_parts = [_d(m["spent_wan"]) for m in months]
        plan_parts = [_d(m["plan_wan"]) for m in months]
        spent = (
            None
            if any(x is None for x in spent_parts)
            else sum((x for x in spent_parts if x is not None), Decimal(0))
        )
        planned = (
            None
            if all(x is None for x in plan_parts)
            else sum((x for x in plan_parts if x is not None), Decimal(0))
        )
        out.append(
            {
                "month": n + 1,
                "spent_percent": _pct(spent, budget) if spent is not None else None,
                "plan_percent": _pct(planned, budget) if planned is not None else None,
                "time_percent": months[0]["time_percent"],
                "spent_wan": spent,
                "plan_wan": planned,
            }
        )
    return out


def department_dashboard(user: Any, department: Organisation, year: int) -> dict[str, Any]:
    """Everything the department overview shows (tables and chart options)."""
    plans = department_plans(user, department, year)
    rounds = latest_rounds(plans)
    monitored: list[dict[str, Any]] = []
    by_plan_round: dict[int, dict[str, Any]] = {}
    for plan in plans:
        rnd = rounds.get(plan.pk)
        if rnd is not None:
            s = summaries.round_summary(rnd)
            by_plan_round[plan.pk] = s
            monitored.append(s)
    reviews = {plan.pk: summaries.review_summary(plan) for plan in plans}
    org_of_plan = {p.pk: p.organisation.name for p in plans}
    grades = grade_names(plans)
    light_counts = dict.fromkeys([*LIGHT_ORDER, "unmonitored"], 0)
    review_counts = dict.fromkeys(grades, 0)
    rows: list[dict[str, Any]] = []
    budget_total = Decimal(0)
    for plan in plans:
        rev = reviews[plan.pk]["projects"]
        org = org_of_plan[plan.pk]
        summary = by_plan_round.get(plan.pk)
        if summary is not None:  # the round covers every project of the plan
            source = [
                {
                    "id": p["id"],
                    "code": p["code"],
                    "name": p["name"],
                    "budget_wan": p["adjusted_budget_wan"],
                    "spent_wan": p["spent_wan"],
                    "execution_rate": p["execution_rate"],
                    "light": p["light"],
                    "light_label": p["light_label"],
                }
                for p in summary["projects"]
            ]
        else:
            source = []
            for r in plan.projects.order_by("position", "id").values(
                "pk", "code", "name", "budget_amount", "budget_unit"
            ):
                budget = _wan(r["budget_amount"], r["budget_unit"])
                if budget is not None:
                    budget_total += budget
                source.append(
                    {
                        "id": r["pk"],
                        "code": r["code"],
                        "name": r["name"],
                        "budget_wan": budget,
                        "spent_wan": None,
                        "execution_rate": None,
                        "light": "unmonitored",
                        "light_label": "未监控",
                    }
                )
        for row in source:
            light_counts[row["light"]] = light_counts.get(row["light"], 0) + 1
            grade = rev.get(str(row["id"]), {}).get("grade", "")
            if grade:
                review_counts[grade] = review_counts.get(grade, 0) + 1
            row["org"] = org
            row["review_grade"] = grade
            rows.append(row)
    eval_counts = evaluation_counts(plans, grades, len(rows))
    spent_total = Decimal(0)
    for s in monitored:
        budget_total += _d(s["department"]["adjusted_budget_wan"]) or Decimal(0)
        spent_total += _d(s["department"]["spent_wan"]) or Decimal(0)
    series = _combine_series(monitored)
    latest = max(monitored, key=lambda s: s["as_of"]) if monitored else None
    if len(monitored) == 1:
        rate = _d(monitored[0]["department"]["execution_rate"])
        planned = _d(monitored[0]["department"]["planned_progress"])
    else:
        rate = _pct(spent_total, budget_total) if monitored else None
        planned = _weighted_planned(monitored)
    kpi = {
        "plans": len(plans),
        "projects": len(rows),
        "budget_wan": clean_decimal(budget_total),
        "spent_wan": clean_decimal(spent_total) if monitored else None,
        "execution_rate": rate,
        "time_progress": _d(latest["time_progress"]) if latest else None,
        "planned_progress": planned,
        "as_of": latest["as_of"] if latest else None,
    }
    plan_rows = _plan_rows(plans, rounds, by_plan_round, reviews)
    profile = plans[0].profile if plans else None
    return {
        "department": department,
        "year": year,
        "wan_places": monitoring.rules_for(profile or _site_profile()).wan_places,
        "kpi": kpi,
        "plans": plan_rows,
        "series": series,
        "light_counts": light_counts,
        "review_counts": review_counts,
        "eval_counts": eval_counts,
        "projects": rows,
        "charts": {
            "progress": progress_chart(series, "部门累计支出进度与时序进度、支出计划"),
            "lights": counts_chart(
                "项目预警灯分布",
                [(LIGHT_LABEL[k], light_counts[k], LIGHT_COLORS[k]) for k in light_counts],
            ),
            "review": counts_chart(
                "目标审核建议等级 (项目)",
                [(g, review_counts[g], GRADE_COLORS.get(g, "#98a2b3")) for g in review_counts],
            ),
            "evaluation": counts_chart(
                "绩效自评等级分布",
                [(g, eval_counts[g], GRADE_COLORS.get(g, "#d0d5dd")) for g in eval_counts],
            ),
            "budget": budget_chart(plan_rows),
        },
    }


LIGHT_LABEL = {**summaries.LIGHT_LABELS, "unmonitored": "未监控"}


def _weighted_planned(monitored: Sequence[dict[str, Any]]) -> Decimal | None:
    """计划进度 of several plans: each plan's (the core's) weighted by its adjusted budget."""
    num = den = Decimal(0)
    for s in monitored:
        d = s["department"]
        planned, budget = _d(d["planned_progress"]), _d(d["adjusted_budget_wan"])
        if planned is not None and budget:
            num += planned * budget
            den += budget
    return quantize_exact(num / den, _CENT, ROUND_HALF_UP) if den else None


def evaluation_counts(
    plans: Sequence[Plan], grades: Sequence[str], projects: int
) -> dict[str, int]:
    """Self-evaluation grades of the plans' projects: the confirmed grade where a review gave
    one, else the computed grade; drafts and projects without one count as 未自评."""
    counts = {**dict.fromkeys(grades, 0), "未自评": 0}
    seen = 0
    groups = (
        SelfEvaluation.objects.filter(plan__in=plans)
        .values("status", "computed_grade", "final_grade")
        .annotate(n=Count("id"))
    )
    for g in groups:
        seen += g["n"]
        grade = g["final_grade"] or g["computed_grade"]
        if grade and g["status"] != EvalStatus.DRAFT:
            counts[grade] = counts.get(grade, 0) + g["n"]
        else:
            counts["未自评"] += g["n"]
    counts["未自评"] += projects - seen
    return counts


def attach_evaluations(rows: Sequence[dict[str, Any]]) -> None:
    """Add each row's self-evaluation (grade, score, status) — for the rows shown."""
    status_label = {k: str(v) for k, v in EvalStatus.choices}
    evs = {
        e["project_id"]: e
        for e in SelfEvaluation.objects.filter(project_id__in=[r["id"] for r in rows]).values(
            "project_id", "status", "computed_total", "computed_grade", "final_total", "final_grade"
        )
    }
    for r in rows:
        ev = evs.get(r["id"])
        r["eval_grade"] = (ev["final_grade"] or ev["computed_grade"]) if ev else ""
        total = None
        if ev is not None:
            total = ev["final_total"] if ev["final_total"] is not None else ev["computed_total"]
        r["eval_total"] = total
        r["eval_status"] = status_label[ev["status"]] if ev else "未自评"


def _plan_rows(
    plans: Sequence[Plan],
    rounds: dict[int, MonitoringRound],
    by_plan_round: dict[int, dict[str, Any]],
    reviews: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    last_reviews: dict[tuple[int, str], ReviewRecord] = {}
    for rec in ReviewRecord.objects.filter(plan__in=plans).order_by("at", "id"):
        last_reviews[(rec.plan_id, rec.stage)] = rec
    out = []
    for plan in plans:
        s = by_plan_round.get(plan.pk)
        dept = last_reviews.get((plan.pk, "department"))
        fin = last_reviews.get((plan.pk, "finance"))
        out.append(
            {
                "plan": plan,
                "round": rounds.get(plan.pk),
                "budget_wan": s["department"]["adjusted_budget_wan"] if s else None,
                "spent_wan": s["department"]["spent_wan"] if s else None,
                "execution_rate": s["department"]["execution_rate"] if s else None,
                "counts": s["counts"] if s else None,
                "suggested_grade": reviews[plan.pk]["grade"],
                "dept_grade": dept.grade if dept else "",
                "finance_grade": fin.grade if fin else "",
            }
        )
    return out


# --- chart options (ECharts, data only) ------------------------------------------------------

_FONT = {"fontFamily": "sans-serif"}


def _num(v: Any) -> float | None:
    """A number for drawing only (ECharts needs JS numbers); the tables show the exact text."""
    return None if v is None or v == "" else float(str(v))


def progress_chart(series: Sequence[dict[str, Any]], title: str) -> dict[str, Any]:
    months = [f"{m['month']}月" for m in series]
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14, **_FONT}},
        "tooltip": {"trigger": "axis", "valueFormatter": None},
        "legend": {"bottom": 0, "data": ["累计支出进度", "支出计划进度", "时序进度"]},
        "grid": {"left": 48, "right": 24, "top": 40, "bottom": 48},
        "xAxis": {"type": "category", "name": "月份", "data": months},
        "yAxis": {"type": "value", "name": "进度 (%)", "min": 0, "max": 100},
        "series": [
            {
                "name": "累计支出进度",
                "type": "bar",
                "data": [_num(m["spent_percent"]) for m in series],
                "itemStyle": {"color": "#1d5fa8"},
            },
            {
                "name": "支出计划进度",
                "type": "line",
                "data": [_num(m["plan_percent"]) for m in series],
                "itemStyle": {"color": "#f79009"},
            },
            {
                "name": "时序进度",
                "type": "line",
                "data": [_num(m["time_percent"]) for m in series],
                "lineStyle": {"type": "dashed"},
                "itemStyle": {"color": "#667085"},
            },
        ],
    }


def counts_chart(title: str, items: Sequence[tuple[str, int, str]]) -> dict[str, Any]:
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14, **_FONT}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 48, "right": 16, "top": 40, "bottom": 32},
        "xAxis": {"type": "category", "data": [name for name, _, _ in items]},
        "yAxis": {"type": "value", "name": "项目数", "minInterval": 1},
        "series": [
            {
                "name": "项目数",
                "type": "bar",
                "label": {"show": True, "position": "top"},
                "data": [{"value": n, "itemStyle": {"color": color}} for _, n, color in items],
            }
        ],
    }


def budget_chart(plan_rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    names = [str(r["plan"].organisation) for r in plan_rows]
    return {
        "title": {
            "text": "预算与支出 (万元)",
            "left": "center",
            "textStyle": {"fontSize": 14, **_FONT},
        },
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "data": ["调整后预算数", "截至目前支出"]},
        "grid": {"left": 64, "right": 16, "top": 40, "bottom": 48},
        "xAxis": {"type": "category", "data": names},
        "yAxis": {"type": "value", "name": "万元"},
        "series": [
            {
                "name": "调整后预算数",
                "type": "bar",
                "data": [_num(r["budget_wan"]) for r in plan_rows],
                "itemStyle": {"color": "#98a2b3"},
            },
            {
                "name": "截至目前支出",
                "type": "bar",
                "data": [_num(r["spent_wan"]) for r in plan_rows],
                "itemStyle": {"color": "#1d5fa8"},
            },
        ],
    }


def spending_chart(series: Sequence[dict[str, Any]]) -> dict[str, Any]:
    months = [f"{m['month']}月" for m in series]
    return {
        "title": {
            "text": "累计支出与支出计划 (万元)",
            "left": "center",
            "textStyle": {"fontSize": 14, **_FONT},
        },
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "data": ["累计支出", "计划累计支出"]},
        "grid": {"left": 64, "right": 24, "top": 40, "bottom": 48},
        "xAxis": {"type": "category", "name": "月份", "data": months},
        "yAxis": {"type": "value", "name": "万元"},
        "series": [
            {
                "name": "累计支出",
                "type": "line",
                "areaStyle": {"opacity": 0.15},
                "data": [_num(m["spent_wan"]) for m in series],
                "itemStyle": {"color": "#1d5fa8"},
            },
            {
                "name": "计划累计支出",
                "type": "line",
                "data": [_num(m["plan_wan"]) for m in series],
                "lineStyle": {"type": "dashed"},
                "itemStyle": {"color": "#f79009"},
            },
        ],
    }


def indicator_chart(indicators: Sequence[dict[str, Any]]) -> dict[str, Any]:
    names = [i["level3"] or f"第{i['index']}项" for i in indicators]
    return {
        "title": {
            "text": "指标完成进度 (完成值 / 应完成值, %)",
            "left": "center",
            "textStyle": {"fontSize": 14, **_FONT},
        },
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 140, "right": 32, "top": 40, "bottom": 24},
        "xAxis": {"type": "value", "name": "%"},
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "series": [
            {
                "name": "完成进度",
                "type": "bar",
                "label": {"show": True, "position": "right"},
                "data": [
                    {
                        "value": _num(i["score"]),
                        "itemStyle": {"color": LIGHT_COLORS.get(i["light"], "#98a2b3")},
                    }
                    for i in indicators
                ],
            }
        ],
    }


def project_dashboard(project: Project) -> dict[str, Any]:
    """The project page: cumulative spending against plan, indicator progress, findings."""
    plan = project.plan
    rnd = MonitoringRound.objects.filter(plan=plan).order_by("-as_of", "-id").first()
    monitored = None
    if rnd is not None:
        report = monitoring.project_report(rnd, project)
        data = monitoring.report_dict(report)
        monitored = data["projects"][0] if data["projects"] else None
    findings = summaries.review_findings(plan)["projects"].get(str(project.pk), {})
    evaluation = SelfEvaluation.objects.filter(project=project).first()
    charts: dict[str, Any] = {}
    if monitored is not None:
        charts["spending"] = spending_chart(monitored["series"])
        if monitored["indicators"]:
            charts["indicators"] = indicator_chart(monitored["indicators"])
    return {
        "plan": plan,
        "project": project,
        "wan_places": monitoring.rules_for(plan.profile).wan_places,
        "round": rnd,
        "monitored": monitored,
        "findings": findings.get("rows", []),
        "suggested_grade": findings.get("grade", ""),
        "grade_reason": findings.get("grade_reason", ""),
        "evaluation": evaluation,
        "charts": charts,
    }

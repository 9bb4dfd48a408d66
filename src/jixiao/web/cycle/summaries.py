# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Per-plan summaries of the core's results, cached (see :mod:`jixiao.web.cycle.computed`).

- :func:`round_summary`: a monitoring round — every project's lights, money and rates (from
  :func:`jixiao.monitor.report_to_dict`), the plan's totals and monthly series;
- :func:`review_summary` / :func:`review_findings`: the core's review of the stored plan —
  suggested grades, counts of findings and the findings by project.

No figure here is computed by the web: each value is copied from the core's output.
"""

from __future__ import annotations

from typing import Any

from jixiao.web.cycle import monitoring
from jixiao.web.cycle.computed import NOT_MONITORING, cached, plan_fingerprint, store
from jixiao.web.cycle.models import MonitoringRound
from jixiao.web.plans import convert, core, presenting
from jixiao.web.plans.models import Plan

LIGHTS = ("red", "yellow", "green", "blue", "none")
LIGHT_LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "blue": "蓝灯", "none": "无"}
SPENDING_KEYS = (
    "budget_wan",
    "adjusted_budget_wan",
    "spent_wan",
    "execution_rate",
    "time_progress",
    "planned_progress",
    "gap_time_pp",
    "gap_plan_pp",
)


def round_fingerprint(rnd: MonitoringRound) -> str:
    ledger = monitoring.active_ledger(rnd)
    return (
        f"{plan_fingerprint(rnd.plan, NOT_MONITORING)}|r{rnd.pk}.{rnd.lock_version}.{rnd.as_of}"
        f"|l{ledger.pk if ledger else 0}"
    )


def _summarise_round(rnd: MonitoringRound) -> dict[str, Any]:
    report, projects = monitoring.round_report(rnd)
    data = monitoring.report_dict(report)
    out_projects = []
    counts = dict.fromkeys(LIGHTS, 0)
    for row, p in zip(projects, data["projects"], strict=True):
        ind_counts = dict.fromkeys(LIGHTS, 0)
        for i in p["indicators"]:
            ind_counts[i["light"]] = ind_counts.get(i["light"], 0) + 1
        counts[p["light"]] = counts.get(p["light"], 0) + 1
        out_projects.append(
            {
                "id": row.pk,
                "code": p["code"],
                "name": p["name"],
                "light": p["light"],
                "light_label": p["light_label"],
                **{k: p[k] for k in SPENDING_KEYS},
                "spending_light": p["spending_light"]["light"],
                "spending_label": p["spending_light"]["label"],
                "spending_reason": p["spending_light"]["reason"],
                "forecast_wan": p["forecast"]["spent_wan"],
                "forecast_rate": p["forecast"]["execution_rate"],
                "indicator_lights": ind_counts,
                "needs_reason": sum(1 for i in p["indicators"] if i["needs_reason"])
                + (1 if p["needs_reason"] else 0),
            }
        )
    dep = data["department"]
    missing: dict[str, int] = {}
    for m in data["missing_progress"]:
        missing[m["project_code"]] = missing.get(m["project_code"], 0) + 1
    for p in out_projects:
        p["missing"] = missing.get(p["code"] or "", 0)
    return {
        "round": rnd.pk,
        "as_of": rnd.as_of.isoformat(),
        "time_progress": data["time_progress"]["percent"],
        "time_explanation": data["time_progress"]["explanation"],
        "department": {
            **{k: dep[k] for k in SPENDING_KEYS},
            "light": dep["spending_light"]["light"],
            "light_label": dep["spending_light"]["label"],
            "forecast_wan": dep["forecast"]["spent_wan"],
            "series": dep["series"],
        },
        "counts": counts,
        "projects": out_projects,
        "needs_reason": len(data["needs_reason"]),
        "missing_progress": len(data["missing_progress"]),
        "ledger": {k: v for k, v in data["ledger"].items() if k != "issues"},
    }


def round_summary(rnd: MonitoringRound) -> dict[str, Any]:
    """The core's monitoring of the round, summarised per project (cached)."""
    return cached(
        rnd.plan, f"monitor:{rnd.pk}", round_fingerprint(rnd), lambda: _summarise_round(rnd)
    )


def _review(plan: Plan) -> tuple[dict[str, Any], dict[str, Any]]:
    projects = convert.ordered_projects(plan)
    report = core.review(convert.plan_to_domain(plan, projects=projects), plan.profile)
    ids = [p.pk for p in projects]
    grade = report.plan_grade
    summary: dict[str, Any] = {
        "grade": grade.grade.value,
        "grade_reason": grade.reason,
        "counts": presenting.counts(report),
        "projects": {},
    }
    findings: dict[str, Any] = {"plan": presenting.rows(report.plan_findings), "projects": {}}
    for entry in report.projects:
        pid = ids[entry.index - 1]
        fs = report.project_findings(entry.index)
        pg = report.project_grade(entry.index)
        summary["projects"][str(pid)] = {
            "grade": pg.grade.value,
            "counts": presenting.counts(report, fs),
        }
        findings["projects"][str(pid)] = {
            "grade": pg.grade.value,
            "grade_reason": pg.reason,
            "rows": presenting.rows(fs, ids),
        }
    return summary, findings


def review_summary(plan: Plan) -> dict[str, Any]:
    """Suggested grades and counts of findings: the plan's and each project's (cached)."""
    fp = plan_fingerprint(plan)

    def compute() -> dict[str, Any]:
        summary, findings = _review(plan)
        store(plan, "review-findings", fp, findings)
        return summary

    return cached(plan, "review", fp, compute)


def review_findings(plan: Plan) -> dict[str, Any]:
    """The findings by project id (cached beside :func:`review_summary`)."""
    fp = plan_fingerprint(plan)

    def compute() -> dict[str, Any]:
        summary, findings = _review(plan)
        store(plan, "review", fp, summary)
        return findings

    return cached(plan, "review-findings", fp, compute)

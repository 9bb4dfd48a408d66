"""The department report (部门预算绩效报告) as standalone HTML and as PDF.

:func:`report_context` turns the core results into plain, already formatted values; the
Jinja2 template ``templates/report.html.j2`` (autoescaped) lays them out; :func:`render_html`
gives one self-contained HTML page (embedded CSS, inline SVG charts, no external file) and
:func:`write_pdf` prints the same HTML with WeasyPrint: A4, page numbers, a table of contents
with page references, the CJK font embedded.

Sections, each present only when its data is given:

1. 概况 — overview figures, the overall goal, sub-goals and measures;
2. 项目绩效目标 — every project's funds, spending plan, goal and indicator table;
3. 目标审核 — the review report (suggested grade, findings per project);
4. 运行监控 — spending vs plan vs time (chart), lights, indicator rows needing attention;
5. 绩效自评 — department score and grade, project scores (chart), indicator scores.

Nothing here decides a rule: lights, scores, grades and plan progress come from the review,
monitor and evaluate modules; this module only formats them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao import __version__
from jixiao.domain.model import Indicator, Plan, Project
from jixiao.domain.money import Money, MoneyUnit, clean_decimal, round_to
from jixiao.domain.profile import RuleProfile
from jixiao.export import figures as fig
from jixiao.export.system import CJK_FAMILIES

if TYPE_CHECKING:
    from jixiao.evaluate.results import Evaluation, ProjectEvaluation
    from jixiao.monitor.report import MonitorReport
    from jixiao.review.report import Report

TEMPLATE = "report.html.j2"
LIGHT_ORDER = ("red", "yellow", "green", "blue", "none")


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How the report looks: title, charts on or off, date printed on the cover."""

    title: str | None = None
    charts: bool = True
    generated: date | None = None
    percent_places: int = 2


# --- formatting --------------------------------------------------------------------------


def _dec(value: Fraction | Decimal | int) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def num(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """A number for display: rounded to ``places``, no trailing zeros (``58.33``, ``100``)."""
    if value is None:
        return "—"
    d = round_to(_dec(value), places)
    return f"{clean_decimal(d):f}"


def pct(value: Fraction | Decimal | None, places: int = 2, *, fraction: bool = True) -> str:
    """A percentage: ``fraction=True`` reads 0.5833 as 58.33%; ``False`` reads 58.33 as is."""
    if value is None:
        return "—"
    d = _dec(value) * (100 if fraction else 1)
    return num(d, places) + "%"


def wan(m: Money | None) -> str:
    return fig.wan_text(m)


def wan_yuan(yuan: Decimal | None) -> str:
    """An amount given in 元 shown in 万元."""
    if yuan is None:
        return "—"
    return fig.wan_text(Money(yuan, MoneyUnit.YUAN))


# --- plan --------------------------------------------------------------------------------


def _indicator_rows(indicators: Sequence[Indicator]) -> list[dict[str, Any]]:
    """Rows with rowspans: ``l1_span``/``l2_span`` > 0 on the first row of a run, else 0."""
    from jixiao.domain.text import normalize

    rows: list[dict[str, Any]] = []
    for i, ind in enumerate(indicators):
        rows.append(
            {
                "no": i + 1,
                "level1": ind.level1 or "",
                "level2": ind.level2 or "",
                "level3": ind.level3 or "",
                "description": ind.description or "",
                "target": fig.target_text(ind.target),
                "empty": ind.target.is_empty,
                "basis": ind.basis or (ind.basis_code.value if ind.basis_code else ""),
                "weight": num(ind.weight) if ind.weight is not None else "",
                "l1_span": 1,
                "l2_span": 1,
            }
        )

    def spans(key: str, parent: str | None, name: str) -> None:
        start = 0
        for k in range(1, len(rows) + 1):
            same = (
                k < len(rows)
                and rows[k][key]
                and normalize(rows[k][key]) == normalize(rows[start][key])
                and (parent is None or normalize(rows[k][parent]) == normalize(rows[start][parent]))
            )
            if not same:
                span = k - start
                rows[start][name] = span
                for j in range(start + 1, k):
                    rows[j][name] = 0
                start = k

    spans("level1", None, "l1_span")
    spans("level2", "level1", "l2_span")  # a level-2 run never crosses a level-1 boundary
    return rows


def _project_context(p: Project, k: int) -> dict[str, Any]:
    rows = fig.fund_rows(p)
    return {
        "anchor": f"project-{k}",
        "index": k,
        "label": p.label,
        "code": p.code or "",
        "name": p.name or "",
        "department": p.department or "",
        "unit": p.unit or "",
        "funds": [
            {"label": label, "amount": wan(m)}
            for label, m in rows
            if m is not None or label in (fig.TOTAL_LABEL, fig.FISCAL_LABEL)
        ],
        "budget": wan(fig.project_budget(p)),
        "purpose": p.purpose or "",
        "plan": [{"label": c.label, "percent": num(c.percent) + "%"} for c in p.spending_plan],
        "goal": p.goal or "",
        "long_term_goal": p.long_term_goal or "",
        "indicators": _indicator_rows(p.indicators),
        "has_weights": any(i.weight is not None for i in p.indicators),
        "indicator_count": len(p.indicators),
        "empty_targets": sum(1 for i in p.indicators if i.target.is_empty),
    }


def _plan_context(plan: Plan) -> dict[str, Any]:
    budget = fig.department_budget(plan)
    sub_goals = []
    for k, g in enumerate(plan.sub_goals, 1):
        names = [i.level3 or i.description or "" for i in g.targets] or list(g.indicators)
        sub_goals.append({"no": k, "title": g.title, "goal": g.goal or "",
                          "indicators": "；".join(n for n in names if n),
                          "projects": "、".join(g.project_codes)})
    return {
        "year": plan.year,
        "department": plan.department or plan.unit or "",
        "overall_goal": plan.overall_goal or "",
        "sub_goals": sub_goals,
        "measures": [{"no": k, "title": m.title, "text": m.text or ""}
                     for k, m in enumerate(plan.measures, 1)],
        "measures_text": any(m.text for m in plan.measures),
        "budget": {"total": wan(budget.total), "fiscal": wan(budget.fiscal),
                   "other": wan(budget.other)},
        "project_count": len(plan.projects),
        "indicator_count": sum(len(p.indicators) for p in plan.projects),
        "empty_targets": sum(1 for _, i in plan.indicators if i.target.is_empty),
        "projects": [_project_context(p, k) for k, p in enumerate(plan.projects, 1)],
    }


def _plan_chart(plan: Plan, method: str) -> str | None:
    """The department's spending plan (money-weighted over projects), without actuals.

    Each project's plan is read month by month the monitoring way (``method``: linear or
    step between checkpoints, :func:`jixiao.monitor.timeprogress.planned_percent`), so
    projects with different checkpoints add up correctly.
    """
    from jixiao.export import charts
    from jixiao.monitor.timeprogress import planned_percent

    weighted = [Fraction(0)] * 13
    money = Fraction(0)
    for p in plan.projects:
        budget = fig.project_budget(p)
        if budget is None or not p.spending_plan:
            continue
        y = Fraction(budget.to_yuan())
        money += y
        for m in range(1, 13):
            weighted[m] += y * (planned_percent(p.spending_plan, Fraction(m), method) or 0)
    if money == 0:
        return None
    pts = [(m, _dec(weighted[m] / money)) for m in range(0, 13)]
    return charts.spending_chart(pts, title="部门资金支出计划 (按预算加权)", time_progress=True,
                                 plan_step=method == "step", salt="plan")


# --- review ------------------------------------------------------------------------------


def _review_context(review: Report) -> dict[str, Any]:
    from jixiao.review.findings import Severity

    def finding(f: Any) -> dict[str, Any]:
        return {
            "severity": f.severity.value,
            "severity_label": f.severity.label,
            "title": f.title,
            "criterion": f.criterion.value,
            "where": f.location.describe(),
            "path": f.location.level_path,
            "quoted": f.quoted or "",
            "message": f.message,
            "suggestion": f.suggestion,
        }

    grade = review.plan_grade
    counts = review.counts()
    projects = []
    for p in review.projects:
        fs = review.project_findings(p.index)
        g = review.project_grade(p.index)
        c = review.counts(fs)
        projects.append({
            "label": p.label,
            "grade": g.grade.value,
            "reason": g.reason,
            "errors": c[Severity.ERROR],
            "warnings": c[Severity.WARNING],
            "infos": c[Severity.INFO],
            "findings": [finding(f) for f in fs],
        })
    return {
        "grade": grade.grade.value,
        "reason": grade.reason,
        "profile": review.profile,
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
        "total": len(review.findings),
        "plan_findings": [finding(f) for f in review.plan_findings],
        "projects": projects,
    }


# --- monitoring --------------------------------------------------------------------------


def _series_points(series: Sequence[Any]) -> tuple[list[tuple[int, Decimal]],
                                                      list[tuple[int, Decimal]]]:
    plan_pts = [(p.month, _dec(p.plan_percent)) for p in series if p.plan_percent is not None]
    actual = [(p.month, _dec(p.spent_rate) * 100) for p in series
              if p.spent_yuan is not None and p.spent_rate is not None]
    return plan_pts, actual


def _months_elapsed(report: MonitorReport) -> Decimal:
    return _dec(report.time.months_elapsed)


def _spending_row(label: str, s: Any, light: str, light_label: str, places: int
                  ) -> dict[str, Any]:
    return {
        "label": label,
        "budget": wan_yuan(s.adjusted_yuan if s.adjusted_yuan is not None else s.budget_yuan),
        "spent": wan_yuan(s.spent_yuan),
        "rate": pct(s.rate, places),
        "time": pct(s.time, places),
        "planned": pct(s.planned, places),
        "gap": num(s.gap_time, places) if s.gap_time is not None else "—",
        "spending_light": s.light.light.value,
        "spending_light_label": s.light.light.label,
        "spending_reason": s.light.reason,
        "light": light,
        "light_label": light_label,
        "forecast": wan_yuan(s.forecast.yuan),
        "forecast_rate": pct(s.forecast_rate, places),
    }


def _indicator_status(s: Any, report: MonitorReport) -> dict[str, Any]:
    entry = s.entry
    reasons = "；".join(f"{k}: {v}" for k, v in (entry.reasons.items() if entry else ()) if v)
    likelihood = ""
    if entry is not None and entry.likelihood is not None:
        likelihood = f"{entry.likelihood} {report.rules.likelihood_label(entry.likelihood) or ''}"
    ind = s.indicator
    return {
        "no": s.index + 1,
        "name": ind.level3 or ind.description or "",
        "path": " › ".join(x for x in (ind.level1, ind.level2) if x),
        "target": fig.target_text(ind.target),
        "value": (entry.value if entry is not None and entry.value else "—"),
        "forecast": s.forecast_text or "—",
        "light": s.light.light.value,
        "light_label": s.light.light.label,
        "reason": s.light.reason,
        "deviation": reasons,
        "likelihood": likelihood.strip(),
        "needs_reason": s.needs_reason,
    }


def _monitoring_context(report: MonitorReport, options: ReportOptions) -> dict[str, Any]:
    from jixiao.export import charts

    places = report.rules.percent_places
    dept = report.department
    plan_pts, actual = _series_points(dept.series)
    chart = None
    if options.charts:
        chart = charts.spending_chart(
            plan_pts, actual, title="部门资金支出进度", as_of_month=_months_elapsed(report),
            plan_step=report.rules.plan_method == "step", salt="dept-spending",
        )
    projects = []
    counts: dict[str, int] = dict.fromkeys(LIGHT_ORDER, 0)
    for k, p in enumerate(report.projects, 1):
        statuses = [_indicator_status(s, report) for s in p.indicators]
        for s in p.indicators:
            counts[s.light.light.value] = counts.get(s.light.light.value, 0) + 1
        p_chart = None
        if options.charts:
            pp, pa = _series_points(p.series)
            p_chart = charts.spending_chart(
                pp, pa, title=f"{p.project.label} 资金支出进度",
                as_of_month=_months_elapsed(report),
                plan_step=report.rules.plan_method == "step", salt=f"spending-{k}",
            )
        projects.append({
            **_spending_row(p.project.label, p.spending, p.light.value, p.light.label, places),
            "anchor": f"monitor-{k}",
            "chart": p_chart,
            "indicators": statuses,
            "attention": [s for s in statuses if s["light"] in ("red", "yellow", "blue")],
            "plan_notes": list(p.plan_notes),
            "notes": list(p.spending.notes),
        })
    lights = {k: v for k, v in counts.items() if v or k != "none"}
    return {
        "as_of": report.as_of.isoformat(),
        "time": pct(report.time.fraction, places),
        "time_explanation": report.time.explanation,
        "department": _spending_row("部门合计", dept.spending, dept.worst_project_light.value,
                                    dept.worst_project_light.label, places),
        "chart": chart,
        "lights_chart": charts.lights_chart(lights, title="指标预警灯分布") if options.charts
        else None,
        "light_counts": [{"key": k, "label": charts.LIGHT_LABELS[k], "count": v}
                         for k, v in lights.items()],
        "projects": projects,
        "needs_reason": len(report.needs_reason),
        "ledger_rows": report.ledger.rows_counted,
        "ledger_file": report.ledger.file or "",
    }


# --- evaluation --------------------------------------------------------------------------


def _score(value: Decimal, evaluation: Evaluation) -> str:
    from jixiao.evaluate.grades import round_score

    return num(round_score(value, evaluation.settings.rounding), 4)


def _evaluation_project(pe: ProjectEvaluation, k: int, evaluation: Evaluation
                        ) -> dict[str, Any]:
    rows = []
    for s in pe.indicators:
        ind = s.indicator
        rows.append({
            "no": s.index,
            "level1": ind.level1 or "",
            "name": ind.level3 or ind.description or "",
            "target": fig.target_text(ind.target),
            "actual": s.actual_text or "—",
            "weight": _score(s.weight, evaluation) if s.scored else "—",
            "score": _score(s.score, evaluation) if s.scored else "—",
            "achieved": s.achieved,
            "scored": s.scored,
            "explanation": s.explanation or "",
        })
    return {
        "anchor": f"evaluation-{k}",
        "label": pe.label,
        "total": _score(pe.total, evaluation),
        "grade": pe.grade,
        "grade_rule": pe.grade_rule,
        "execution_rate": pct(pe.execution_rate),
        "execution_points": _score(pe.execution_points, evaluation),
        "execution_score": _score(pe.execution.score, evaluation),
        "budget": wan(pe.total_funds.adjusted),
        "spent": wan(pe.total_funds.spent),
        "groups": [{"name": g.name, "points": _score(g.points, evaluation),
                    "score": _score(g.score, evaluation)} for g in pe.groups],
        "indicators": rows,
        "missing": [f"{e.subject}: {e.kind_text} ({e.reason})" for e in pe.explanations_missing],
        "outcome": pe.outcome or "",
        "execution_reason": pe.execution_reason or "",
    }


def _evaluation_context(evaluation: Evaluation, options: ReportOptions) -> dict[str, Any]:
    from jixiao.export import charts

    d = evaluation.department
    projects = [_evaluation_project(pe, k, evaluation)
                for k, pe in enumerate(evaluation.projects, 1)]
    chart = None
    if options.charts and evaluation.projects:
        bands = sorted(evaluation.settings.grades, key=lambda g: g.min, reverse=True)
        chart = charts.score_chart(
            [(pe.label, pe.total, evaluation.settings.total_points)
             for pe in evaluation.projects],
            title="项目自评得分",
            grade_lines=[(g.name, g.min) for g in bands if g.min > 0],
            salt="scores",
        )
    return {
        "profile": evaluation.profile_title,
        "score": _score(d.score, evaluation),
        "grade": d.grade,
        "grade_rule": d.grade_rule,
        "method": d.method,
        "execution_rate": pct(d.execution_rate),
        "adjusted": wan(d.adjusted),
        "spent": wan(d.spent),
        "distribution": [{"grade": g, "count": n} for g, n in d.distribution.items()],
        "chart": chart,
        "projects": projects,
        "issues": [i.describe() for i in evaluation.all_issues()],
        "note": evaluation.actuals_note or "",
    }


# --- assembly ----------------------------------------------------------------------------


def report_context(
    plan: Plan,
    *,
    review: Report | None = None,
    monitoring: MonitorReport | None = None,
    evaluation: Evaluation | None = None,
    options: ReportOptions | None = None,
    profile: RuleProfile | None = None,
) -> dict[str, Any]:
    """Everything the template shows, formatted; sections are ``None`` when not given.

    ``profile`` (default national) decides how the spending plan is read between
    checkpoints for the plan-only chart; monitoring results carry their own rules.
    """
    from jixiao.monitor.rules import rules_from_profile

    opts = options or ReportOptions()
    plan_ctx = _plan_context(plan)
    year = f"{plan.year}年度" if plan.year else ""
    title = opts.title or f"{plan_ctx['department'] or ''}{year}预算绩效报告"
    sections = [("overview", "概况"), ("targets", "项目绩效目标")]
    if review is not None:
        sections.append(("review", "目标审核"))
    if monitoring is not None:
        sections.append(("monitoring", "运行监控"))
    if evaluation is not None:
        sections.append(("evaluation", "绩效自评"))
    numerals = "一二三四五六七八九十"
    return {
        "title": title,
        "generated": (opts.generated or date.today()).isoformat(),
        "version": __version__,
        "sections": [
            {"id": sid, "title": f"{numerals[k]}、{name}"} for k, (sid, name) in enumerate(sections)
        ],
        "plan": plan_ctx,
        "plan_chart": (
            _plan_chart(plan, rules_from_profile(profile).plan_method)
            if opts.charts and monitoring is None else None
        ),
        "review": _review_context(review) if review is not None else None,
        "monitoring": _monitoring_context(monitoring, opts) if monitoring is not None else None,
        "evaluation": _evaluation_context(evaluation, opts) if evaluation is not None else None,
    }


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("jixiao.export", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_context(context: Mapping[str, Any]) -> str:
    """Render the report template with a context from :func:`report_context`."""
    from markupsafe import Markup

    ctx = dict(context)
    # the CSS font list is a constant of this module (quotes must not become &#34; in <style>)
    ctx["fonts"] = Markup(", ".join(f'"{f}"' for f in CJK_FAMILIES))
    # charts are SVG made here by matplotlib, not user text: mark them safe explicitly
    for key in ("plan_chart",):
        if ctx.get(key):
            ctx[key] = Markup(ctx[key])
    for section in ("monitoring", "evaluation"):
        data = ctx.get(section)
        if not data:
            continue
        data = dict(data)
        for key in ("chart", "lights_chart"):
            if data.get(key):
                data[key] = Markup(data[key])
        if "projects" in data:
            data["projects"] = [
                {**p, "chart": Markup(p["chart"])} if p.get("chart") else p
                for p in data["projects"]
            ]
        ctx[section] = data
    return str(_environment().get_template(TEMPLATE).render(**ctx))


def render_html(
    plan: Plan,
    *,
    review: Report | None = None,
    monitoring: MonitorReport | None = None,
    evaluation: Evaluation | None = None,
    options: ReportOptions | None = None,
    profile: RuleProfile | None = None,
) -> str:
    """The report as one standalone HTML page."""
    return render_context(report_context(plan, review=review, monitoring=monitoring,
                                         evaluation=evaluation, options=options,
                                         profile=profile))


def write_html(path: str | Path, plan: Plan, **kwargs: Any) -> Path:
    """Write the standalone HTML report; returns the path."""
    out = Path(path)
    out.write_text(render_html(plan, **kwargs), encoding="utf-8")
    return out


def html_to_pdf(html: str) -> bytes:
    """Print report HTML to PDF bytes with WeasyPrint (after the system package check)."""
    from jixiao.export.system import load_weasyprint

    weasyprint: Any = load_weasyprint()
    document = weasyprint.HTML(string=html, base_url=None)
    pdf: bytes = document.write_pdf(
        pdf_identifier=b"jixiao-report", uncompressed_pdf=False, custom_metadata=False
    )
    return pdf


def write_pdf(path: str | Path, plan: Plan, **kwargs: Any) -> Path:
    """Write the PDF report; returns the path."""
    out = Path(path)
    out.write_bytes(html_to_pdf(render_html(plan, **kwargs)))
    return out

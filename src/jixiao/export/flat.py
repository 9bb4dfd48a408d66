"""Flat tables (扁平数据表) as CSV or JSON, with the integrated budget system's field names.

Tables (each a list of dicts with a fixed column order):

* ``projects`` — one row per project: funds, goal, spending plan;
* ``indicators`` — one row per level-3 indicator of every project;
* ``findings`` — review findings (when a review report is given);
* ``monitoring_projects`` / ``monitoring`` — spending per project and indicator progress
  (when a monitoring report is given);
* ``evaluation_projects`` / ``evaluation`` — self-evaluation money, scores and grade per
  project and per indicator (when an evaluation is given).

Field names follow 预算管理一体化 systems where they have one (``pro_code``, ``fiscal_year``,
``kpi_val``, ``lv1_perf_ind_name``, ``perf_comp``, ``eval_score``, ``reply_amt`` …; see
``docs/export.md`` for the full mapping); the others are named in the same style. Money
(``*_amt``) is in 元, exact; rates (``*_rate``) are percentages (98.4 means 98.4%).
CSV files are UTF-8 with a byte-order mark, so that Excel and WPS open the Chinese text
correctly; the JSON file holds every table plus the lossless Plan JSON.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.domain import jsonio
from jixiao.domain.model import Plan
from jixiao.domain.money import Money, clean_decimal, round_to
from jixiao.export import figures as fig

if TYPE_CHECKING:
    from jixiao.evaluate.results import Evaluation
    from jixiao.monitor.report import MonitorReport
    from jixiao.review.report import Report

FORMAT = "jixiao.tables"
FORMAT_VERSION = 1

PROJECT_FIELDS: tuple[str, ...] = (
    "fiscal_year", "agency_code", "agency_name", "dept_name", "pro_code", "pro_name",
    "reply_amt", "fiscal_amt", "other_amt", "pro_purpose", "kpi_target", "long_term_target",
    "spend_plan", "ind_count", "source",
)
INDICATOR_FIELDS: tuple[str, ...] = (
    "fiscal_year", "agency_code", "pro_code", "pro_name", "ind_no",
    "lv1_perf_ind_name", "lv2_perf_ind_name", "lv3_perf_ind_name", "perf_ind_desc",
    "kpi_val", "kpi_kind", "kpi_ope", "kpi_num", "kpi_unit", "kpi_std_num", "kpi_std_unit",
    "kpi_deadline", "val_basis", "val_basis_code", "ind_weight", "source",
)
FINDING_FIELDS: tuple[str, ...] = (
    "fiscal_year", "pro_code", "pro_name", "ind_no", "lv1_perf_ind_name", "lv2_perf_ind_name",
    "lv3_perf_ind_name", "sub_goal", "check_id", "check_name", "severity", "severity_name",
    "criterion", "field", "quoted", "message", "suggestion", "source",
)
MONITORING_PROJECT_FIELDS: tuple[str, ...] = (
    "fiscal_year", "as_of", "pro_code", "pro_name", "reply_amt", "cur_amt", "year_exe_amt",
    "exe_amt_rate", "time_progress", "plan_progress", "spend_light", "spend_light_reason",
    "pro_light", "est_exe_amt", "est_exe_rate",
)
MONITORING_FIELDS: tuple[str, ...] = (
    "fiscal_year", "as_of", "pro_code", "pro_name", "ind_no", "lv1_perf_ind_name",
    "lv2_perf_ind_name", "lv3_perf_ind_name", "kpi_val", "perf_comp", "est_perf_annual",
    "ana_dev_reasons", "complete_rate", "is_rectify", "remark", "light", "light_reason",
)
EVALUATION_PROJECT_FIELDS: tuple[str, ...] = (
    "fiscal_year", "pro_code", "pro_name", "reply_amt", "cur_amt", "year_exe_amt",
    "exe_amt_rate", "exe_weight", "exe_score", "total_score", "grade", "outcome",
    "exe_dev_reasons",
)
EVALUATION_FIELDS: tuple[str, ...] = (
    "fiscal_year", "pro_code", "pro_name", "ind_no", "lv1_perf_ind_name", "lv2_perf_ind_name",
    "lv3_perf_ind_name", "kpi_val", "ind_comp", "ind_weight", "eval_score", "is_achieved",
    "score_rule", "ana_dev_reasons",
)

FIELDS: dict[str, tuple[str, ...]] = {
    "projects": PROJECT_FIELDS,
    "indicators": INDICATOR_FIELDS,
    "findings": FINDING_FIELDS,
    "monitoring_projects": MONITORING_PROJECT_FIELDS,
    "monitoring": MONITORING_FIELDS,
    "evaluation_projects": EVALUATION_PROJECT_FIELDS,
    "evaluation": EVALUATION_FIELDS,
}

Row = dict[str, Any]


def _yuan(m: Money | None) -> Decimal | None:
    return None if m is None else clean_decimal(m.to_yuan())


def _percent(value: Fraction | Decimal | None, places: int = 2) -> Decimal | None:
    if value is None:
        return None
    d = (Decimal(value.numerator) / Decimal(value.denominator)
         if isinstance(value, Fraction) else value) * 100
    return clean_decimal(round_to(d, places))


def _src(s: Any) -> str | None:
    return s.describe() if s is not None else None


def project_rows(plan: Plan) -> list[Row]:
    """One row per project (项目)."""
    out: list[Row] = []
    for p in plan.projects:
        rows = fig.fund_rows(p)
        out.append({
            "fiscal_year": plan.year,
            "agency_code": None,
            "agency_name": p.unit or plan.unit,
            "dept_name": p.department or plan.department,
            "pro_code": p.code,
            "pro_name": p.name,
            "reply_amt": _yuan(fig.project_budget(p)),
            "fiscal_amt": _yuan(rows[1][1]),
            "other_amt": _yuan(fig.project_other(p)),
            "pro_purpose": p.purpose,
            "kpi_target": p.goal,
            "long_term_target": p.long_term_goal,
            "spend_plan": ";".join(f"{c.label}:{clean_decimal(c.percent)}"
                                   for c in p.spending_plan) or None,
            "ind_count": len(p.indicators),
            "source": _src(p.source),
        })
    return out


def indicator_rows(plan: Plan) -> list[Row]:
    """One row per level-3 indicator (绩效指标)."""
    out: list[Row] = []
    for p in plan.projects:
        for k, ind in enumerate(p.indicators, 1):
            t = ind.target
            deadline = t.deadline.isoformat() if t.deadline else None
            out.append({
                "fiscal_year": plan.year,
                "agency_code": None,
                "pro_code": p.code,
                "pro_name": p.name,
                "ind_no": k,
                "lv1_perf_ind_name": ind.level1,
                "lv2_perf_ind_name": ind.level2,
                "lv3_perf_ind_name": ind.level3,
                "perf_ind_desc": ind.description,
                "kpi_val": t.raw or None,
                "kpi_kind": t.kind.value,
                "kpi_ope": t.comparator.value if t.comparator else None,
                "kpi_num": fig.number(t.value),
                "kpi_unit": t.unit,
                "kpi_std_num": fig.number(t.normalized_value),
                "kpi_std_unit": t.normalized_unit,
                "kpi_deadline": deadline,
                "val_basis": ind.basis,
                "val_basis_code": ind.basis_code.value if ind.basis_code else None,
                "ind_weight": fig.number(ind.weight),
                "source": _src(ind.source),
            })
    return out


def finding_rows(review: Report, year: int | None = None) -> list[Row]:
    """One row per review finding (审核发现)."""
    out: list[Row] = []
    for r in review.rows():
        out.append({
            "fiscal_year": year if year is not None else review.year,
            "pro_code": r["project_code"],
            "pro_name": r["project_name"],
            "ind_no": r["row"],
            "lv1_perf_ind_name": r["level1"],
            "lv2_perf_ind_name": r["level2"],
            "lv3_perf_ind_name": r["level3"],
            "sub_goal": r["sub_goal"],
            "check_id": r["check"],
            "check_name": r["title"],
            "severity": r["severity"],
            "severity_name": r["severity_label"],
            "criterion": r["criterion"],
            "field": r["field"],
            "quoted": r["quoted"],
            "message": r["message"],
            "suggestion": r["suggestion"],
            "source": r["source"],
        })
    return out


def _money_yuan(yuan: Decimal | None) -> Decimal | None:
    return None if yuan is None else clean_decimal(yuan)


def monitoring_project_rows(report: MonitorReport) -> list[Row]:
    """One row per project: money to date, rates and lights (双监控 — 支出进度)."""
    places = report.rules.percent_places
    out: list[Row] = []
    for p in report.projects:
        s = p.spending
        out.append({
            "fiscal_year": report.year,
            "as_of": report.as_of.isoformat(),
            "pro_code": p.project.code,
            "pro_name": p.project.name,
            "reply_amt": _money_yuan(s.budget_yuan),
            "cur_amt": _money_yuan(s.adjusted_yuan),
            "year_exe_amt": _money_yuan(s.spent_yuan),
            "exe_amt_rate": _percent(s.rate, places),
            "time_progress": _percent(s.time, places),
            "plan_progress": _percent(s.planned, places),
            "spend_light": s.light.light.value,
            "spend_light_reason": s.light.reason,
            "pro_light": p.light.value,
            "est_exe_amt": _money_yuan(s.forecast.yuan),
            "est_exe_rate": _percent(s.forecast_rate, places),
        })
    return out


def monitoring_rows(report: MonitorReport) -> list[Row]:
    """One row per indicator: value to date, forecast, reasons, likelihood, light."""
    out: list[Row] = []
    for p in report.projects:
        for s in p.indicators:
            ind = s.indicator
            e = s.entry
            reasons = ";".join(f"{k}:{v}" for k, v in e.reasons.items() if v) if e else ""
            out.append({
                "fiscal_year": report.year,
                "as_of": report.as_of.isoformat(),
                "pro_code": p.project.code,
                "pro_name": p.project.name,
                "ind_no": s.index + 1,
                "lv1_perf_ind_name": ind.level1,
                "lv2_perf_ind_name": ind.level2,
                "lv3_perf_ind_name": ind.level3,
                "kpi_val": ind.target.raw or None,
                "perf_comp": e.value if e else None,
                "est_perf_annual": s.forecast_text,
                "ana_dev_reasons": reasons or None,
                "complete_rate": e.likelihood if e else None,
                "is_rectify": e.rectification if e else None,
                "remark": e.remarks if e else None,
                "light": s.light.light.value,
                "light_reason": s.light.reason,
            })
    return out


def evaluation_project_rows(evaluation: Evaluation) -> list[Row]:
    """One row per project: 年初预算数, 全年预算数, 全年执行数, 执行率, scores, grade."""
    out: list[Row] = []
    for pe in evaluation.projects:
        f = pe.total_funds
        out.append({
            "fiscal_year": evaluation.plan.year,
            "pro_code": pe.project.code,
            "pro_name": pe.project.name,
            "reply_amt": _yuan(f.initial),
            "cur_amt": _yuan(f.adjusted),
            "year_exe_amt": _yuan(f.spent),
            "exe_amt_rate": _percent(pe.execution_rate),
            "exe_weight": clean_decimal(pe.execution_points),
            "exe_score": clean_decimal(pe.execution.score),
            "total_score": clean_decimal(pe.total),
            "grade": pe.grade,
            "outcome": pe.outcome,
            "exe_dev_reasons": pe.execution_reason,
        })
    return out


def evaluation_rows(evaluation: Evaluation) -> list[Row]:
    """One row per indicator of the 自评表: 实际完成值, 分值, 得分."""
    out: list[Row] = []
    for pe in evaluation.projects:
        for s in pe.indicators:
            ind = s.indicator
            out.append({
                "fiscal_year": evaluation.plan.year,
                "pro_code": pe.project.code,
                "pro_name": pe.project.name,
                "ind_no": s.index,
                "lv1_perf_ind_name": ind.level1,
                "lv2_perf_ind_name": ind.level2,
                "lv3_perf_ind_name": ind.level3,
                "kpi_val": ind.target.raw or None,
                "ind_comp": s.actual_text,
                "ind_weight": clean_decimal(s.weight),
                "eval_score": clean_decimal(s.score),
                "is_achieved": s.achieved,
                "score_rule": s.rule,
                "ana_dev_reasons": s.explanation,
            })
    return out


def tables(
    plan: Plan,
    *,
    review: Report | None = None,
    monitoring: MonitorReport | None = None,
    evaluation: Evaluation | None = None,
) -> dict[str, list[Row]]:
    """Every flat table for what is given (projects and indicators always)."""
    out: dict[str, list[Row]] = {
        "projects": project_rows(plan),
        "indicators": indicator_rows(plan),
    }
    if review is not None:
        out["findings"] = finding_rows(review, plan.year)
    if monitoring is not None:
        out["monitoring_projects"] = monitoring_project_rows(monitoring)
        out["monitoring"] = monitoring_rows(monitoring)
    if evaluation is not None:
        out["evaluation_projects"] = evaluation_project_rows(evaluation)
        out["evaluation"] = evaluation_rows(evaluation)
    return out


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        return f"{v:f}"
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def to_csv(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> str:
    """CSV text of one table (header row of field names; empty cells for ``None``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(fields)
    for r in rows:
        w.writerow([_cell(r.get(f)) for f in fields])
    return buf.getvalue()


def write_csv(out_dir: str | Path, plan: Plan, **results: Any) -> list[Path]:
    """Write ``TABLE.csv`` per table (UTF-8 with BOM) and ``plan.json`` into ``out_dir``."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, rows in tables(plan, **results).items():
        path = folder / f"{name}.csv"
        path.write_text(to_csv(rows, FIELDS[name]), encoding="utf-8-sig", newline="")
        written.append(path)
    plan_path = folder / "plan.json"
    plan_path.write_text(jsonio.plan_to_json(plan), encoding="utf-8")
    written.append(plan_path)
    return written


def to_json(plan: Plan, **results: Any) -> str:
    """One JSON document: the lossless Plan plus every flat table (Decimals exact)."""
    return jsonio.dumps({
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "money_unit": "元",
        "rate_unit": "%",
        "plan": jsonio.plan_to_dict(plan),
        "tables": tables(plan, **results),
    })


def write_json(path: str | Path, plan: Plan, **results: Any) -> Path:
    """Write :func:`to_json` to ``path``; returns the path."""
    out = Path(path)
    out.write_text(to_json(plan, **results), encoding="utf-8")
    return out

"""A parsed and reviewed document → rows of the dataset tables (展开为数据行).

Pure functions: a :class:`~jixiao.domain.model.Plan`, its review
:class:`~jixiao.review.report.Report` and the rule profile in, one list of rows per table
out (see :mod:`jixiao.batch.schema`). Values stay typed (``Decimal``, ``date``); every row
starts with the document's hash and path and ends with the place it came from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.domain.model import Plan, Project, SourceRef
from jixiao.domain.money import Money
from jixiao.domain.profile import RuleProfile
from jixiao.domain.target import Target
from jixiao.domain.text import normalize
from jixiao.domain.values import format_target

if TYPE_CHECKING:
    from jixiao.review.report import Report

__all__ = ["Row", "level_names", "place", "plan_rows"]

Row = dict[str, Any]

_FISCAL = "财政拨款"


def place(source: SourceRef | None) -> Row:
    """The location columns of a row (all ``None`` when the place is unknown)."""
    if source is None:
        return {
            "line": None, "line_end": None, "page": None, "table": None, "sheet": None,
            "cell": None, "row": None, "column": None, "location": None,
        }
    return {
        "line": source.line,
        "line_end": source.line_end,
        "page": source.page,
        "table": source.table,
        "sheet": source.sheet,
        "cell": source.cell,
        "row": source.row,
        "column": source.column,
        "location": source.describe(),
    }


def level_names(
    profile: RuleProfile, level1: str | None, level2: str | None
) -> tuple[str | None, str | None]:
    """The profile's standard names for a row's level 1 and level 2 (``None`` if unknown).

    A level 2 written without a recognisable level 1 still gives its parent's name.
    """
    cats = profile.categories
    l2 = cats.find_level2(level2, level1)
    l1 = cats.find_level1(level1)
    if l1 is None and l2 is not None:
        l1 = cats.parent_of(level2)
    return (l1.name if l1 else None, l2.name if l2 else None)


def _yuan(m: Money | None) -> Decimal | None:
    return m.to_yuan() if m is not None else None


def _funds(p: Project) -> Row:
    total = p.funds.total
    fiscal: Decimal | None = None
    other: Decimal | None = None
    for line in p.funds.lines:
        amount = line.amount.to_yuan()
        if normalize(line.source) == _FISCAL:
            fiscal = (fiscal or Decimal(0)) + amount
        else:
            other = (other or Decimal(0)) + amount
    return {
        "total_amount": total.amount if total else None,
        "total_unit": total.unit.value if total else None,
        "total_yuan": _yuan(total),
        "fiscal_yuan": fiscal,
        "other_yuan": other,
        "fund_sources": "; ".join(f"{ln.source} {ln.amount}" for ln in p.funds.lines) or None,
    }


def plan_rows(
    plan: Plan,
    report: Report | None,
    profile: RuleProfile,
    *,
    doc_hash: str,
    path: str,
) -> dict[str, list[Row]]:
    """Rows of ``projects``, ``indicators``, ``findings`` and ``leftovers`` for one plan."""
    base = {"doc_hash": doc_hash, "path": path}
    projects: list[Row] = []
    indicators: list[Row] = []
    for pi, p in enumerate(plan.projects, 1):
        grade = report.project_grade(pi).grade.value if report is not None else None
        projects.append(
            {
                **base,
                "project_index": pi,
                "code": p.code,
                "name": p.name,
                "department": p.department or plan.department,
                "unit": p.unit or plan.unit,
                "year": plan.year,
                **_funds(p),
                "purpose": p.purpose,
                "spending_plan": "; ".join(f"{c.label} {c.percent}%" for c in p.spending_plan)
                or None,
                "goal": p.goal,
                "long_term_goal": p.long_term_goal,
                "n_indicators": len(p.indicators),
                "grade": grade,
                **place(p.source),
            }
        )
        for ii, ind in enumerate(p.indicators, 1):
            t = ind.target
            l1_std, l2_std = level_names(profile, ind.level1, ind.level2)
            indicators.append(
                {
                    **base,
                    "project_index": pi,
                    "project_code": p.code,
                    "project_name": p.name,
                    "year": plan.year,
                    "indicator_index": ii,
                    "level1": ind.level1,
                    "level2": ind.level2,
                    "level3": ind.level3,
                    "level1_std": l1_std,
                    "level2_std": l2_std,
                    "level3_key": normalize(ind.level3) or None,
                    "description": ind.description,
                    "target_raw": t.raw,
                    "target_text": _target_text(t),
                    "kind": t.kind.value,
                    "comparator": t.comparator.value if t.comparator else None,
                    "comparator_source": t.comparator_source.value if t.comparator_source else None,
                    "value": t.value,
                    "unit": t.unit,
                    "normalized_value": t.normalized_value,
                    "normalized_unit": t.normalized_unit,
                    "lower": t.lower,
                    "upper": t.upper,
                    "deadline": t.deadline,
                    "deadline_month": t.deadline_month,
                    "start": t.start,
                    "flag": t.flag,
                    "grade": t.grade,
                    "target_notes": "; ".join(t.notes) or None,
                    "basis": ind.basis,
                    "basis_code": ind.basis_code.value if ind.basis_code else None,
                    "weight": ind.weight,
                    **place(ind.source),
                }
            )
    findings: list[Row] = []
    if report is not None:
        for fi, f in enumerate(report.findings, 1):
            loc = f.location
            findings.append(
                {
                    **base,
                    "finding_index": fi,
                    "check": f.check,
                    "title": f.title,
                    "severity": f.severity.value,
                    "criterion": f.criterion.value,
                    "project_index": loc.project_index,
                    "project_code": loc.project_code,
                    "project_name": loc.project_name,
                    "sub_goal": loc.sub_goal_title,
                    "indicator_index": loc.indicator_index,
                    "level1": loc.level1,
                    "level2": loc.level2,
                    "level3": loc.level3,
                    "field": loc.field,
                    "quoted": f.quoted,
                    "message": f.message,
                    "suggestion": f.suggestion,
                    **place(loc.source),
                }
            )
    leftovers = [
        {**base, "leftover_index": k, "text": lo.text, "reason": lo.reason or None,
         **place(lo.source)}
        for k, lo in enumerate(plan.leftovers, 1)
    ]
    return {
        "projects": projects,
        "indicators": indicators,
        "findings": findings,
        "leftovers": leftovers,
    }


def _target_text(t: Target) -> str | None:
    if t.is_empty:
        return None
    return format_target(t) or None

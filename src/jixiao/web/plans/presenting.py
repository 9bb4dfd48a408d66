"""Findings of the core review, shaped for pages and JSON (no rule is computed here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jixiao.review import Finding, Report

SEVERITY_CSS = {"error": "sev-error", "warning": "sev-warning", "info": "sev-info"}


def finding_row(f: Finding, project_ids: Sequence[int] = ()) -> dict[str, Any]:
    loc = f.location
    project_id = None
    if loc.project_index is not None and 0 < loc.project_index <= len(project_ids):
        project_id = project_ids[loc.project_index - 1]
    return {
        "check": f.check,
        "title": f.title,
        "severity": f.severity.value,
        "severity_label": f.severity.label,
        "css": SEVERITY_CSS.get(f.severity.value, ""),
        "criterion": f.criterion.value,
        "message": f.message,
        "suggestion": f.suggestion,
        "quoted": f.quoted,
        "where": loc.describe(),
        "where_in_project": loc.describe(with_project=False),
        "project_index": loc.project_index,
        "project_code": loc.project_code,
        "project_id": project_id,
        "row": loc.indicator_index,
        "sub_goal_index": loc.sub_goal_index,
    }


def rows(findings: Iterable[Finding], project_ids: Sequence[int] = ()) -> list[dict[str, Any]]:
    return [finding_row(f, project_ids) for f in findings]


def counts(report: Report, findings: Iterable[Finding] | None = None) -> dict[str, int]:
    return {s.value: n for s, n in report.counts(findings).items()}


def overview(report: Report, project_ids: Sequence[int] = ()) -> dict[str, Any]:
    """Everything a findings page shows: counts, suggested grade, findings by project."""
    grade = report.plan_grade
    groups: list[dict[str, Any]] = []
    plan_level = report.plan_findings
    if plan_level:
        groups.append({"label": "部门整体", "project_id": None, "rows": rows(plan_level)})
    for p in report.projects:
        fs = report.project_findings(p.index)
        if not fs:
            continue
        pg = report.project_grade(p.index)
        groups.append(
            {
                "label": p.label,
                "project_id": project_ids[p.index - 1] if p.index <= len(project_ids) else None,
                "grade": pg.grade.value,
                "grade_reason": pg.reason,
                "counts": counts(report, fs),
                "rows": rows(fs, project_ids),
            }
        )
    return {
        "counts": counts(report),
        "total": len(report.findings),
        "grade": grade.grade.value,
        "grade_reason": grade.reason,
        "groups": groups,
    }

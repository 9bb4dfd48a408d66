"""Review of targets (目标审核): explainable checks → typed findings → a graded report.

``review_plan(plan, profile)`` runs every check the rule profile enables and returns a
:class:`Report`; ``jixiao review FILE`` is the same from the command line. The checks are
listed, with examples, in ``docs/checks.md`` (generated from the catalogue).
"""

from jixiao.review.catalogue import Check, ReviewContext, catalogue, check_class
from jixiao.review.engine import ReviewConfig, review_plan
from jixiao.review.findings import Criterion, Finding, Location, Scope, Severity
from jixiao.review.report import Grade, GradeResult, GradeRule, Report

__all__ = [
    "Check",
    "Criterion",
    "Finding",
    "Grade",
    "GradeResult",
    "GradeRule",
    "Location",
    "Report",
    "ReviewConfig",
    "ReviewContext",
    "Scope",
    "Severity",
    "catalogue",
    "check_class",
    "review_plan",
]

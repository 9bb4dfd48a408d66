"""Year-end self-evaluation (绩效自评): scores, grade, deviations, department roll-up.

``evaluate_plan(plan, actuals, profile)`` scores every project of a plan against the unit's
year-end actuals under a rule profile and returns an :class:`Evaluation`. The rules are small
pure functions in :mod:`jixiao.evaluate.scoring` (each returns the score and the rule's id),
their numbers come from the profile's ``evaluate.toml``
(:class:`~jixiao.evaluate.settings.EvaluateSettings`).
"""

from jixiao.evaluate.actuals import (
    Actuals,
    FundActual,
    IndicatorActual,
    ProjectActuals,
    actuals_from_mapping,
    read_actuals,
)
from jixiao.evaluate.engine import department_rollup, evaluate_plan, evaluate_project
from jixiao.evaluate.results import (
    DepartmentRollup,
    Evaluation,
    Explanation,
    ExplanationKind,
    FundRow,
    GroupScore,
    IndicatorScore,
    Issue,
    ProjectEvaluation,
    Severity,
)
from jixiao.evaluate.scoring import RULE_TEXT, RuleScore
from jixiao.evaluate.settings import EvaluateSettings

__all__ = [
    "RULE_TEXT",
    "Actuals",
    "DepartmentRollup",
    "EvaluateSettings",
    "Evaluation",
    "Explanation",
    "ExplanationKind",
    "FundActual",
    "FundRow",
    "GroupScore",
    "IndicatorActual",
    "IndicatorScore",
    "Issue",
    "ProjectActuals",
    "ProjectEvaluation",
    "RuleScore",
    "Severity",
    "actuals_from_mapping",
    "department_rollup",
    "evaluate_plan",
    "evaluate_project",
    "read_actuals",
]

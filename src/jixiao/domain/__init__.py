"""Pure data and rules: Plan, Project, Indicator, Target, money, categories, rule profiles.

No I/O beyond reading bundled profile data, no Django, no database.
"""

from jixiao.domain.errors import InputError, JixiaoError
from jixiao.domain.model import (
    BasisCode,
    Checkpoint,
    FundLine,
    Funds,
    Indicator,
    Leftover,
    Measure,
    Plan,
    Project,
    SourceRef,
    SubGoal,
)
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.domain.target import Comparator, ComparatorSource, Target, TargetKind

__all__ = [
    "BasisCode",
    "Checkpoint",
    "Comparator",
    "ComparatorSource",
    "FundLine",
    "Funds",
    "Indicator",
    "InputError",
    "JixiaoError",
    "Leftover",
    "Measure",
    "Money",
    "MoneyUnit",
    "Plan",
    "Project",
    "RuleProfile",
    "SourceRef",
    "SubGoal",
    "Target",
    "TargetKind",
    "load_profile",
]

"""运行监控 ("双监控"): spending progress and target progress of a plan during the year.

Readers: :func:`read_ledger` (支付台账), :func:`read_progress` (指标完成情况),
:func:`read_adjustments` (预算调整). Rules: :func:`rules_from_profile` reads the profile's
``monitor.toml``. The computation is :func:`monitor_plan` (or :func:`run_monitor`, which
also reads the files); :func:`report_to_dict` gives the JSON form. See ``docs/monitor.md``.
"""

from jixiao.monitor.adjustments import AdjustmentData, read_adjustments
from jixiao.monitor.ledger import IssueKind, LedgerIssue, LedgerResult, read_ledger
from jixiao.monitor.lights import Light, LightResult
from jixiao.monitor.progress import ProgressData, ProgressEntry, ProgressIssue, read_progress
from jixiao.monitor.report import (
    DepartmentStatus,
    IndicatorStatus,
    MonitorReport,
    ProjectStatus,
    SpendingStatus,
    monitor_plan,
    report_to_dict,
    run_monitor,
)
from jixiao.monitor.rules import MonitorRules, rules_from_profile
from jixiao.monitor.timeprogress import TimeProgress, planned_percent, time_progress

__all__ = [
    "AdjustmentData",
    "DepartmentStatus",
    "IndicatorStatus",
    "IssueKind",
    "LedgerIssue",
    "LedgerResult",
    "Light",
    "LightResult",
    "MonitorReport",
    "MonitorRules",
    "ProgressData",
    "ProgressEntry",
    "ProgressIssue",
    "ProjectStatus",
    "SpendingStatus",
    "TimeProgress",
    "monitor_plan",
    "planned_percent",
    "read_adjustments",
    "read_ledger",
    "read_progress",
    "report_to_dict",
    "rules_from_profile",
    "run_monitor",
    "time_progress",
]

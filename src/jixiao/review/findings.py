"""Typed review findings (审核发现): what a check reports, where, and why.

A :class:`Finding` is a value: the check that produced it, its severity and review criterion,
a Chinese message and suggestion, the place it is about (:class:`Location`: plan, sub-goal,
project, indicator row with its level path and source line/cell) and the text it quotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from jixiao.domain.model import SourceRef


class Severity(StrEnum):
    """How serious a finding is. ``error`` must be fixed, ``warning`` should be looked at,
    ``info`` is a hint for the reviewer."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word shown to users (错误 / 警告 / 提示)."""
        return _SEVERITY_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info: for sorting, most serious first."""
        return _SEVERITY_ORDER.index(self)


_SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class Criterion(StrEnum):
    """The review criterion a check serves (审核内容, DOMAIN.md §3)."""

    COMPLETENESS = "完整性"  # all parts present
    RELEVANCE = "相关性"  # indicators fit the goal and the department's duties
    APPROPRIATENESS = "适当性"  # targets proportionate to the money
    FEASIBILITY = "可行性"  # achievable
    CONFORMITY = "规范性"  # 指向明确, 细化量化, 相互匹配：value, unit and comparator accurate


CRITERIA_ORDER: tuple[Criterion, ...] = tuple(Criterion)


class Scope(StrEnum):
    """What a finding is about."""

    PLAN = "plan"  # the plan as a whole (部门整体)
    SUB_GOAL = "sub_goal"  # a department sub-goal (分项绩效目标)
    PROJECT = "project"  # a project (项目)
    INDICATOR = "indicator"  # one indicator row of a project (三级指标)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: plan / sub-goal / project / indicator row, plus the source.

    Indices are 1-based as users count them: ``project_index`` is the project's place in the
    plan, ``indicator_index`` the row's place in the project's indicator table, and
    ``sub_goal_index`` the sub-goal's number. ``level1``/``level2``/``level3`` are the row's
    names as written. ``field`` names the part of the row or project concerned (指标值,
    资金来源 …). ``source`` is the line or cell in the input document when known.
    """

    scope: Scope
    plan: str | None = None
    project_index: int | None = None
    project_code: str | None = None
    project_name: str | None = None
    indicator_index: int | None = None
    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    sub_goal_index: int | None = None
    sub_goal_title: str | None = None
    field: str | None = None
    source: SourceRef | None = None

    @property
    def project_label(self) -> str | None:
        """``103001001 招商费用`` or ``None`` for plan-level findings."""
        if self.project_index is None:
            return None
        name = " ".join(p for p in (self.project_code, self.project_name) if p)
        return name or f"项目{self.project_index}"

    @property
    def level_path(self) -> str:
        """``产出指标 › 成本指标 › 预算资金完成率`` (empty levels shown as ``(空)``)."""
        if self.indicator_index is None:
            return ""
        return " › ".join(x or "(空)" for x in (self.level1, self.level2, self.level3))

    def describe(self, *, with_project: bool = True) -> str:
        """A Chinese description of the place, e.g. ``项目 103001001 招商费用 第5条指标 …``.

        ``with_project=False`` leaves the project out (for a listing already under it).
        """
        parts: list[str] = []
        if self.sub_goal_index is not None:
            parts.append(f"分项目标{self.sub_goal_index}“{self.sub_goal_title or ''}”")
        if self.project_index is not None and with_project:
            parts.append(f"项目 {self.project_label}")
        if self.indicator_index is not None:
            parts.append(f"第{self.indicator_index}条指标 ({self.level_path})")
        if self.field:
            parts.append(self.field)
        if not parts:
            parts.append("部门整体" if self.scope is Scope.PLAN else "项目")
        if self.source is not None:
            parts.append(f"[{self.source.describe()}]")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Finding:
    """One review finding (审核发现) produced by one check.

    ``message`` is the check's Chinese template filled with ``data`` (the names and numbers
    it shows); ``quoted`` is the text of the input the finding is about, as written.
    """

    check: str
    title: str
    severity: Severity
    criterion: Criterion
    message: str
    suggestion: str
    location: Location
    quoted: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def project_index(self) -> int | None:
        return self.location.project_index

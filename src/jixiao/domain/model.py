"""The plan: department goals, projects, funds, spending plan and the indicator tree.

绩效目标的结构化表示。纯数据，无 I/O：由 ingest 产生，由 review / monitor / evaluate 读取，
由 export / web 展示。文字一律按原样保存（匹配时才做规范化）。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.domain.money import Money
from jixiao.domain.target import Target


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a piece of data came from (来源位置): enough to point a user at it.

    Text documents use ``line``/``line_end`` (1-based); PDFs add ``page`` and ``table``;
    spreadsheets use ``sheet`` and ``cell`` (``"B7"``); tables use ``row``/``column`` (1-based).
    """

    file: str | None = None
    page: int | None = None
    table: int | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: int | None = None
    line: int | None = None
    line_end: int | None = None

    def describe(self) -> str:
        """A short Chinese location, e.g. ``seed.txt 第120行`` or ``表.xlsx 项目1!C7``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表{self.table}")
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        elif self.cell:
            parts.append(self.cell)
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column is not None:
            parts.append(f"第{self.column}列")
        if self.line is not None:
            if self.line_end is not None and self.line_end != self.line:
                parts.append(f"第{self.line}–{self.line_end}行")
            else:
                parts.append(f"第{self.line}行")
        return " ".join(parts) if parts else "(位置未知)"


class BasisCode(StrEnum):
    """指标值确定依据 as a code; the text as written is kept beside it."""

    PLAN = "计划标准"
    INDUSTRY = "行业标准"
    HISTORY = "历史标准"
    BUDGET = "预算支出标准"
    OTHER = "其他"


@dataclass(slots=True)
class Indicator:
    """One level-3 indicator row (三级指标) with its place in the tree.

    ``level1``/``level2`` are stored as written (``效果指标``, ``可持续性影响``); their
    canonical category comes from the rule profile's catalogue.
    """

    level1: str | None
    level2: str | None
    level3: str | None
    description: str | None = None
    target: Target = field(default_factory=Target.empty)
    basis: str | None = None
    basis_code: BasisCode | None = None
    weight: Decimal | None = None
    long_term_target: Target | None = None
    id: str | None = None
    source: SourceRef | None = None

    @property
    def is_blank(self) -> bool:
        """No name, no description and no value: an empty row of the form (空行)."""
        return not self.level3 and not self.description and self.target.is_empty


@dataclass(frozen=True, slots=True)
class FundLine:
    """One fund source (资金来源): 财政拨款, 其他资金, 上级补助 …"""

    source: str
    amount: Money


@dataclass(slots=True)
class Funds:
    """The project's money: the total (预算数) and its split by source."""

    total: Money | None = None
    lines: list[FundLine] = field(default_factory=list)

    def sources_total(self) -> Money | None:
        """The sum of the fund lines, in the unit of the first line; ``None`` without lines."""
        if not self.lines:
            return None
        acc = self.lines[0].amount
        for line in self.lines[1:]:
            acc = acc + line.amount
        return acc


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """One point of the spending plan (资金支出计划): cumulative percent by the end of a month."""

    label: str  # as written: "3月底"
    month: int  # 1..12
    percent: Decimal  # cumulative, 0..100


@dataclass(slots=True)
class Project:
    """项目支出绩效目标表: one project with its funds, plan, goal and indicators."""

    code: str | None
    name: str | None
    department: str | None = None
    unit: str | None = None
    funds: Funds = field(default_factory=Funds)
    purpose: str | None = None
    spending_plan: list[Checkpoint] = field(default_factory=list)
    goal: str | None = None
    long_term_goal: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    source: SourceRef | None = None

    @property
    def label(self) -> str:
        """How to name the project to a user: ``103001001 招商费用``."""
        return " ".join(p for p in (self.code, self.name) if p) or "(未命名项目)"


@dataclass(slots=True)
class SubGoal:
    """分项绩效目标: a department sub-goal with the indicators it names (text as written)."""

    title: str
    goal: str | None = None
    indicators: list[str] = field(default_factory=list)
    targets: list[Indicator] = field(default_factory=list)
    project_codes: list[str] = field(default_factory=list)
    source: SourceRef | None = None


@dataclass(slots=True)
class Measure:
    """目标规划及保障措施: one management measure (制度建设, 支出管理 …)."""

    title: str
    text: str | None = None
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Leftover:
    """A piece of input that could not be placed in the plan (未能识别的内容). Never dropped."""

    text: str
    source: SourceRef | None = None
    reason: str = ""


@dataclass(slots=True)
class Plan:
    """A department's (or unit's) performance plan for one year (部门/单位年度绩效目标)."""

    year: int | None = None
    department: str | None = None
    unit: str | None = None
    overall_goal: str | None = None
    sub_goals: list[SubGoal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    source_file: str | None = None

    def project(self, code: str) -> Project:
        """The project with this code; ``KeyError`` with the code otherwise."""
        for p in self.projects:
            if p.code == code:
                return p
        raise KeyError(code)

    @property
    def indicators(self) -> list[tuple[Project, Indicator]]:
        """Every indicator row with its project, in document order."""
        return [(p, i) for p in self.projects for i in p.indicators]

"""What a self-evaluation produces (自评结果): scores, grade, explanations, issues.

Scores are kept exact (``Decimal``) in ``score``; reports round them the profile's way. The
total (总分) is rounded once from the exact sum, and the grade is read from that rounded total.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from jixiao.domain.model import Indicator, Plan, Project, SourceRef
from jixiao.domain.money import Money, quantize_exact
from jixiao.domain.target import Target
from jixiao.evaluate.scoring import RuleScore
from jixiao.evaluate.settings import EvaluateSettings


class Severity(StrEnum):
    """How serious an issue is: an ``error`` makes a score unreliable, a ``warning`` is a note."""

    ERROR = "error"
    WARNING = "warning"


_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
_SEVERITY_TEXT = {Severity.ERROR: "错误", Severity.WARNING: "提示"}


@dataclass(frozen=True, slots=True)
class Issue:
    """A validation issue (校验问题) with where it is: project, indicator row, input location."""

    code: str
    severity: Severity
    message: str
    project: str | None = None
    row: int | None = None
    source: SourceRef | None = None

    def describe(self) -> str:
        """One Chinese line: ``[错误] 103001001 招商费用 第7个指标 (actuals.yaml 第40行): …``."""
        parts = [f"[{_SEVERITY_TEXT[self.severity]}]"]
        if self.project:
            parts.append(self.project)
        if self.row is not None:
            parts.append(f"第{self.row}个指标")
        if self.source is not None:
            parts.append(f"({self.source.describe()})")
        return " ".join(parts) + f": {self.message}"


class ExplanationKind(StrEnum):
    """Why a written explanation is required."""

    DEVIATION = "deviation"  # 未完全达成
    OVER_ACHIEVEMENT = "over_achievement"  # 超额完成 (≥ 130%)
    EXECUTION = "execution"  # 执行率 < 90%


_KIND_TEXT = {
    ExplanationKind.DEVIATION: "未完全达成年度指标",
    ExplanationKind.OVER_ACHIEVEMENT: "超额完成",
    ExplanationKind.EXECUTION: "预算执行率偏低",
}


@dataclass(slots=True)
class Explanation:
    """A required explanation (需说明的偏差) and the text given, if any.

    ``score``/``weight`` (deviation), ``percent``/``threshold`` (over-achievement, execution)
    are the figures behind it; :attr:`reason` says it in Chinese.
    """

    kind: ExplanationKind
    project: str
    subject: str
    row: int | None = None
    text: str | None = None
    score: Decimal | None = None
    weight: Decimal | None = None
    percent: Decimal | None = None
    threshold: Decimal | None = None

    @property
    def missing(self) -> bool:
        return not (self.text and self.text.strip())

    @property
    def kind_text(self) -> str:
        return _KIND_TEXT[self.kind]

    @property
    def reason(self) -> str:
        """Why the explanation is required, e.g. ``得分 9.25 / 分值 10, 未完全达成``."""
        if self.kind is ExplanationKind.DEVIATION:
            return f"得分 {fmt(self.score)} / 分值 {fmt(self.weight)}, 未完全达成"
        if self.kind is ExplanationKind.OVER_ACHIEVEMENT:
            return (
                f"完成率 {fmt(self.percent)}% ≥ {fmt(self.threshold)}%, "
                "需分析是否年初指标值设定偏低"
            )
        return f"执行率 {fmt(self.percent)}% 低于 {fmt(self.threshold)}%"


def fmt(d: Decimal | None) -> str:
    """A number for messages: two decimals half up, trailing zeros dropped (``9.25``, ``10``)."""
    if d is None:
        return "—"
    text = f"{quantize_exact(d, _CENT, ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(slots=True)
class IndicatorScore:
    """One indicator row of the 自评表: target, actual, 分值, 得分 and the rule applied.

    ``index`` is the 1-based position among the project's indicator rows (第n个指标).
    ``scored`` is ``False`` for rows that take no points (blank rows, excluded empty targets,
    rows outside every group); their ``weight`` is 0.
    """

    index: int
    indicator: Indicator
    group: str | None
    weight: Decimal
    result: RuleScore
    actual_text: str | None = None
    actual: Target | None = None
    completion_percent: Decimal | None = None
    over_achieved: bool = False
    explanation: str | None = None
    claimed_score: Decimal | None = None
    scored: bool = True
    source: SourceRef | None = None

    @property
    def score(self) -> Decimal:
        return self.result.score

    @property
    def rule(self) -> str:
        return self.result.rule

    @property
    def achieved(self) -> bool:
        return self.result.achieved


@dataclass(slots=True)
class FundRow:
    """One row of the money block: 年初预算数, 全年预算数, 全年执行数 (in the profile's unit)."""

    source: str
    initial: Money | None = None
    adjusted: Money | None = None
    spent: Money | None = None

    @property
    def rate(self) -> Decimal | None:
        """执行率 as a fraction (全年执行数 / 全年预算数)."""
        if self.adjusted is None or self.spent is None:
            return None
        budget = self.adjusted.to_yuan()
        if budget <= 0:
            return None
        return self.spent.to_yuan() / budget


@dataclass(slots=True)
class GroupScore:
    """A level-1 group (产出/效益/满意度) with its points and the score of its rows."""

    name: str
    points: Decimal
    score: Decimal


@dataclass(slots=True)
class ProjectEvaluation:
    """The self-evaluation of one project (项目支出绩效自评表)."""

    project: Project
    funds: list[FundRow]
    total_funds: FundRow
    execution_rate: Decimal | None
    execution_points: Decimal
    execution: RuleScore
    indicators: list[IndicatorScore]
    groups: list[GroupScore]
    total_exact: Decimal
    total: Decimal
    grade: str
    grade_rule: str
    issues: list[Issue] = field(default_factory=list)
    outcome: str | None = None
    execution_reason: str | None = None
    explain_deviations: bool = True
    over_achievement_percent: Decimal | None = None
    execution_threshold: Decimal | None = None
    execution_needs_reason: bool = False

    @property
    def label(self) -> str:
        return self.project.label

    @property
    def explanations(self) -> list[Explanation]:
        """Every required explanation (需说明的偏差), derived from the rows.

        预算执行率 below the threshold first; then, row by row, rows not fully achieved and
        over-achieved rows (when the profile asks for deviation explanations).
        """
        label = self.label
        out: list[Explanation] = []
        if self.execution_needs_reason:
            out.append(
                Explanation(
                    ExplanationKind.EXECUTION,
                    label,
                    "预算执行率",
                    None,
                    self.execution_reason,
                    percent=self.execution_rate * _HUNDRED
                    if self.execution_rate is not None
                    else None,
                    threshold=self.execution_threshold,
                )
            )
        if not self.explain_deviations:
            return out
        for r in self.indicators:
            if not r.scored:
                continue
            subject = r.indicator.level3 or f"第{r.index}个指标"
            if not r.result.achieved:
                out.append(
                    Explanation(
                        ExplanationKind.DEVIATION,
                        label,
                        subject,
                        r.index,
                        r.explanation,
                        score=r.result.score,
                        weight=r.weight,
                    )
                )
            if r.over_achieved:
                out.append(
                    Explanation(
                        ExplanationKind.OVER_ACHIEVEMENT,
                        label,
                        subject,
                        r.index,
                        r.explanation,
                        percent=r.completion_percent,
                        threshold=self.over_achievement_percent,
                    )
                )
        return out

    @property
    def explanations_missing(self) -> list[Explanation]:
        """The required explanations not written yet (还需填写的偏差说明)."""
        return [e for e in self.explanations if e.missing]

    @property
    def indicator_points(self) -> Decimal:
        return sum((i.weight for i in self.indicators), Decimal(0))


@dataclass(slots=True)
class DepartmentRollup:
    """部门汇总: money-weighted execution, department score and the spread of grades."""

    adjusted: Money
    spent: Money
    execution_rate: Decimal | None
    execution: RuleScore
    score: Decimal
    grade: str
    grade_rule: str
    distribution: dict[str, int]
    method: str


@dataclass(slots=True)
class Evaluation:
    """A plan's self-evaluation under one rule profile."""

    plan: Plan
    profile_name: str
    profile_title: str
    settings: EvaluateSettings
    projects: list[ProjectEvaluation]
    department: DepartmentRollup
    issues: list[Issue] = field(default_factory=list)
    actuals_file: str | None = None
    actuals_note: str | None = None

    def all_issues(self) -> Iterator[Issue]:
        yield from self.issues
        for p in self.projects:
            yield from p.issues

    def project(self, code: str) -> ProjectEvaluation:
        for p in self.projects:
            if p.project.code == code:
                return p
        raise KeyError(code)

"""The review report (审核报告): findings grouped, counted and graded.

A :class:`Report` holds every finding of one review in a stable order (plan-level findings
first, then each project in plan order, rows in table order, checks in catalogue order). It
groups them by project and by criterion, counts them by severity, flattens them into rows,
and suggests a grade 优/良/中/差 per project and for the plan by the profile's grade rule
(:class:`GradeRule`). The reviewer decides; the system only suggests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jixiao.domain import jsonio
from jixiao.domain.model import Plan
from jixiao.domain.profile import ProfileError, RuleProfile
from jixiao.review.findings import CRITERIA_ORDER, Criterion, Finding, Location, Severity

REPORT_FORMAT_VERSION = 1


class Grade(StrEnum):
    """审核结果：优 goes on; 良 fixed after consultation; 中 revise and resubmit; 差 rejected."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"

    @property
    def rank(self) -> int:
        """0 for 优 … 3 for 差：larger is worse."""
        return list(Grade).index(self)


@dataclass(frozen=True, slots=True)
class GradeCondition:
    """One rule of the grade rule: the grade it gives and when it applies.

    The rule applies when every condition it states holds: at least ``min_errors`` errors,
    at least ``min_warnings`` warnings, and (if ``any_of`` is given) a finding of one of those
    checks. A rule with no condition is a profile error.
    """

    grade: Grade
    min_errors: int | None = None
    min_warnings: int | None = None
    any_of: tuple[str, ...] = ()

    def matches(self, counts: Mapping[Severity, int], checks: set[str]) -> bool:
        if self.min_errors is not None and counts[Severity.ERROR] < self.min_errors:
            return False
        if self.min_warnings is not None and counts[Severity.WARNING] < self.min_warnings:
            return False
        return not (self.any_of and not (checks & set(self.any_of)))

    def describe(self) -> str:
        parts = []
        if self.any_of:
            parts.append("出现 " + "/".join(self.any_of))
        if self.min_errors is not None:
            parts.append(f"错误 ≥ {self.min_errors}")
        if self.min_warnings is not None:
            parts.append(f"警告 ≥ {self.min_warnings}")
        return " 且 ".join(parts) + f" → {self.grade.value}"


@dataclass(frozen=True, slots=True)
class GradeResult:
    """A suggested grade and the rule that gave it (in Chinese, for the reader)."""

    grade: Grade
    reason: str


@dataclass(frozen=True, slots=True)
class GradeRule:
    """The profile's grade rule (``[review.grade]``): ordered conditions, first match wins.

    ``plan`` says how the plan's grade is formed: ``"worst"`` — the worst of the projects'
    grades and of the grade of the plan-level findings; ``"pooled"`` — the rule applied to
    all findings of the plan together.
    """

    rules: tuple[GradeCondition, ...]
    default: Grade
    plan: str

    @classmethod
    def from_profile(cls, profile: RuleProfile) -> GradeRule:
        section = profile.section("review").get("grade")
        where = f"规则配置 {profile.name}: [review.grade]"
        if not isinstance(section, Mapping):
            raise ProfileError(f"{where} 缺失：需要审核等级规则")
        try:
            default = Grade(section["default"])
            rules = []
            for r in section.get("rules", []):
                cond = GradeCondition(
                    grade=Grade(r["grade"]),
                    min_errors=int(r["min_errors"]) if "min_errors" in r else None,
                    min_warnings=int(r["min_warnings"]) if "min_warnings" in r else None,
                    any_of=tuple(r.get("any_of", ())),
                )
                if cond.min_errors is None and cond.min_warnings is None and not cond.any_of:
                    raise ProfileError(f"{where} 的规则 {r!r} 没有任何条件")
                rules.append(cond)
        except KeyError as exc:
            raise ProfileError(f"{where} 缺少 {exc.args[0]!r}") from exc
        except ValueError as exc:
            if isinstance(exc, ProfileError):
                raise
            raise ProfileError(f"{where} 有误：等级应为 优/良/中/差 ({exc})") from exc
        plan = str(section.get("plan", ""))
        if plan not in ("worst", "pooled"):
            raise ProfileError(f'{where} plan 应为 "worst" 或 "pooled", 而不是 {plan!r}')
        return cls(tuple(rules), default, plan)

    def grade(self, findings: Iterable[Finding]) -> GradeResult:
        fs = list(findings)
        counts = count_by_severity(fs)
        checks = {f.check for f in fs}
        seen = "，".join(f"{s.label} {counts[s]}" for s in Severity)
        for cond in self.rules:
            if cond.matches(counts, checks):
                return GradeResult(cond.grade, f"{seen}；规则：{cond.describe()}")
        return GradeResult(self.default, f"{seen}；无适用规则 → {self.default.value}")


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings of each severity (every severity present, possibly 0)."""
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


def group_by_criterion(findings: Iterable[Finding]) -> dict[Criterion, list[Finding]]:
    """Findings by review criterion, criteria in their fixed order, empty ones left out."""
    groups: dict[Criterion, list[Finding]] = {c: [] for c in CRITERIA_ORDER}
    for f in findings:
        groups[f.criterion].append(f)
    return {c: fs for c, fs in groups.items() if fs}


@dataclass(frozen=True, slots=True)
class ProjectEntry:
    """A project as the report names it."""

    index: int
    code: str | None
    name: str | None
    label: str


@dataclass
class Report:
    """The findings of one review of one plan, with groupings, counts and grades."""

    plan_label: str
    year: int | None
    source_file: str | None
    profile: str
    projects: list[ProjectEntry]
    findings: list[Finding]
    grade_rule: GradeRule
    checks: list[str] = field(default_factory=list)
    _index: dict[int | None, list[Finding]] | None = field(default=None, repr=False, compare=False)
    _indexed: int = field(default=-1, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        plan: Plan,
        profile: RuleProfile,
        findings: Sequence[Finding],
        checks: Sequence[str],
        grade_rule: GradeRule | None = None,
    ) -> Report:
        label = plan.department or plan.unit or plan.source_file or "计划"
        order = {c: n for n, c in enumerate(checks)}
        ordered = sorted(
            enumerate(findings),
            key=lambda nf: (*_place_key(nf[1].location), order.get(nf[1].check, len(order)), nf[0]),
        )
        return cls(
            plan_label=label,
            year=plan.year,
            source_file=plan.source_file,
            profile=profile.name,
            projects=[
                ProjectEntry(n, p.code, p.name, p.label) for n, p in enumerate(plan.projects, 1)
            ],
            findings=[f for _, f in ordered],
            grade_rule=grade_rule or GradeRule.from_profile(profile),
            checks=list(checks),
        )

    # --- selections --------------------------------------------------------------------

    @property
    def plan_findings(self) -> list[Finding]:
        """Findings about the plan as a whole and its sub-goals (部门整体)."""
        return list(self._by_index().get(None, []))

    def project_findings(self, index: int) -> list[Finding]:
        """Findings about project ``index`` (1-based) and its indicator rows."""
        return list(self._by_index().get(index, []))

    def _by_index(self) -> dict[int | None, list[Finding]]:
        if self._index is None or self._indexed != len(self.findings):
            index: dict[int | None, list[Finding]] = {}
            for f in self.findings:
                index.setdefault(f.location.project_index, []).append(f)
            self._index, self._indexed = index, len(self.findings)
        return self._index

    def by_project(self) -> dict[int | None, list[Finding]]:
        """``None`` → plan-level findings, then each project index → its findings."""
        out: dict[int | None, list[Finding]] = {None: self.plan_findings}
        for p in self.projects:
            out[p.index] = self.project_findings(p.index)
        return out

    def by_criterion(
        self, findings: Iterable[Finding] | None = None
    ) -> dict[Criterion, list[Finding]]:
        return group_by_criterion(self.findings if findings is None else findings)

    def counts(self, findings: Iterable[Finding] | None = None) -> dict[Severity, int]:
        return count_by_severity(self.findings if findings is None else findings)

    def of_check(self, check_id: str) -> list[Finding]:
        return [f for f in self.findings if f.check == check_id]

    # --- grades ------------------------------------------------------------------------

    def project_grade(self, index: int) -> GradeResult:
        return self.grade_rule.grade(self.project_findings(index))

    @property
    def plan_grade(self) -> GradeResult:
        if self.grade_rule.plan == "pooled":
            return self.grade_rule.grade(self.findings)
        results = [self.grade_rule.grade(self.plan_findings)]
        results += [self.project_grade(p.index) for p in self.projects]
        worst = max(results, key=lambda r: r.grade.rank)
        if worst is results[0]:
            return GradeResult(worst.grade, f"部门整体：{worst.reason}")
        which = next(p for p, r in zip(self.projects, results[1:], strict=True) if r is worst)
        return GradeResult(worst.grade, f"各项目中最低：项目 {which.label} {worst.reason}")

    # --- flat forms --------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per finding (for tables, CSV, spreadsheets)."""
        out = []
        for f in self.findings:
            loc = f.location
            out.append(
                {
                    "check": f.check,
                    "title": f.title,
                    "severity": f.severity.value,
                    "severity_label": f.severity.label,
                    "criterion": f.criterion.value,
                    "project_index": loc.project_index,
                    "project_code": loc.project_code,
                    "project_name": loc.project_name,
                    "sub_goal": loc.sub_goal_title,
                    "row": loc.indicator_index,
                    "level1": loc.level1,
                    "level2": loc.level2,
                    "level3": loc.level3,
                    "field": loc.field,
                    "source": loc.source.describe() if loc.source else None,
                    "quoted": f.quoted,
                    "message": f.message,
                    "suggestion": f.suggestion,
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (the JSON format of ``jixiao review --format json``)."""
        plan_grade = self.plan_grade
        return {
            "format": "jixiao.review",
            "version": REPORT_FORMAT_VERSION,
            "profile": self.profile,
            "plan": {"label": self.plan_label, "year": self.year, "source_file": self.source_file},
            "summary": {
                "grade": plan_grade.grade.value,
                "grade_reason": plan_grade.reason,
                "counts": _counts_dict(self.counts()),
                "criteria": _criteria_dict(self.findings),
            },
            "checks": list(self.checks),
            "plan_findings": [finding_to_dict(f) for f in self.plan_findings],
            "projects": [
                {
                    "index": p.index,
                    "code": p.code,
                    "name": p.name,
                    "grade": (g := self.project_grade(p.index)).grade.value,
                    "grade_reason": g.reason,
                    "counts": _counts_dict(self.counts(fs := self.project_findings(p.index))),
                    "criteria": _criteria_dict(fs),
                    "findings": [finding_to_dict(f) for f in fs],
                }
                for p in self.projects
            ],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return jsonio.dumps(self.to_dict(), indent=indent)


def _place_key(loc: Location) -> tuple[int, int, int]:
    return (loc.project_index or 0, loc.sub_goal_index or 0, loc.indicator_index or 0)


def _counts_dict(counts: Mapping[Severity, int]) -> dict[str, int]:
    return {s.value: counts[s] for s in Severity}


def _criteria_dict(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    return {
        c.value: _counts_dict(count_by_severity(fs))
        for c, fs in group_by_criterion(findings).items()
    }


def location_to_dict(loc: Location) -> dict[str, Any]:
    return {
        "scope": loc.scope.value,
        "project_index": loc.project_index,
        "project_code": loc.project_code,
        "project_name": loc.project_name,
        "sub_goal_index": loc.sub_goal_index,
        "sub_goal_title": loc.sub_goal_title,
        "row": loc.indicator_index,
        "level1": loc.level1,
        "level2": loc.level2,
        "level3": loc.level3,
        "field": loc.field,
        "source": jsonio.source_to_dict(loc.source),
        "text": loc.describe(),
    }


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "check": f.check,
        "title": f.title,
        "severity": f.severity.value,
        "criterion": f.criterion.value,
        "message": f.message,
        "suggestion": f.suggestion,
        "quoted": f.quoted,
        "location": location_to_dict(f.location),
        "data": {k: _plain(v) for k, v in f.data.items()},
    }


def _plain(v: Any) -> Any:
    if isinstance(v, str | int | bool | Decimal) or v is None:
        return v
    return str(v)

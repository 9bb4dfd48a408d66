"""Running the review: pick the checks the profile enables, run them, build the report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jixiao.domain.model import Plan
from jixiao.domain.profile import ProfileError, RuleProfile, load_profile
from jixiao.review.catalogue import Check, ReviewContext, catalogue
from jixiao.review.findings import Finding
from jixiao.review.report import GradeRule, Report


@dataclass(frozen=True)
class ReviewConfig:
    """The checks a profile enables (with their settings) and its grade rule."""

    checks: tuple[Check, ...]
    grade_rule: GradeRule

    @classmethod
    def from_profile(cls, profile: RuleProfile, only: Iterable[str] | None = None) -> ReviewConfig:
        section = profile.section("review")
        table = section.get("checks", {})
        if not isinstance(table, Mapping):
            raise ProfileError(f"规则配置 {profile.name}: [review.checks] 应为表")
        known = {c.id for c in catalogue()}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ProfileError(
                f"规则配置 {profile.name}: [review.checks] 中有未知的审核规则 {', '.join(unknown)};"
                f" 可用的规则见 docs/checks.md"
            )
        wanted = set(only) if only is not None else None
        if wanted is not None and wanted - known:
            raise ProfileError(f"未知的审核规则：{', '.join(sorted(wanted - known))}")
        checks: list[Check] = []
        for cls_ in catalogue():
            settings = _settings(table.get(cls_.id, {}), profile, cls_.id)
            if not settings.get("enabled", True):
                continue
            if wanted is not None and cls_.id not in wanted:
                continue
            checks.append(cls_(settings, profile))
        return cls(tuple(checks), GradeRule.from_profile(profile))


def _settings(value: Any, profile: RuleProfile, check_id: str) -> Mapping[str, Any]:
    if isinstance(value, bool):
        return {"enabled": value}
    if not isinstance(value, Mapping):
        raise ProfileError(
            f"规则配置 {profile.name}: [review.checks.{check_id}] 应为表或 true/false"
        )
    return value


def _drop_superseded(checks: Iterable[Check], findings: list[Finding]) -> list[Finding]:
    """Drop findings of checks whose ``superseded_by`` checks report the same place."""
    rules = {c.id: set(c.superseded_by) for c in checks if c.superseded_by}
    if not rules:
        return findings

    def place(f: Finding) -> tuple[int | None, int | None, int | None]:
        loc = f.location
        return (loc.project_index, loc.sub_goal_index, loc.indicator_index)

    at: dict[tuple[int | None, int | None, int | None], set[str]] = {}
    for f in findings:
        at.setdefault(place(f), set()).add(f.check)
    return [f for f in findings if not (rules.get(f.check, set()) & at[place(f)])]


def review_plan(
    plan: Plan, profile: RuleProfile | None = None, *, checks: Iterable[str] | None = None
) -> Report:
    """Review a plan's targets (目标审核) and return the report.

    ``profile`` defaults to the national profile; ``checks`` limits the run to these check
    ids (all the profile enables by default).
    """
    profile = profile or load_profile()
    config = ReviewConfig.from_profile(profile, checks)
    ctx = ReviewContext(plan, profile)
    findings: list[Finding] = []
    for check in config.checks:
        findings.extend(check.run(ctx))
    findings = _drop_superseded(config.checks, findings)
    return Report.build(plan, profile, findings, [c.id for c in config.checks], config.grade_rule)

"""Department-level checks (部门整体): sub-goals with measurable targets, projects linked."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.domain.model import SubGoal
from jixiao.domain.text import normalize
from jixiao.review.catalogue import Check, ReviewContext, register
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "部门整体"


def _unvalued(goal: SubGoal) -> list[str]:
    """Names of the sub-goal's indicators that carry no target value, as written."""
    valued = {normalize(t.level3 or t.description) for t in goal.targets if not t.target.is_empty}
    out: list[str] = []
    seen: set[str] = set()
    for t in goal.targets:
        name = t.level3 or t.description or "(未命名指标)"
        if t.target.is_empty and normalize(name) not in seen:
            out.append(name)
            seen.add(normalize(name))
    for name in goal.indicators:
        key = normalize(name)
        if key not in valued and key not in seen:
            out.append(name)
            seen.add(key)
    return out


@register
class SubGoalWithoutIndicators(Check):
    """部门分项绩效目标没有任何绩效指标。"""

    id = "subgoal-without-indicators"
    title = "分项目标没有绩效指标"
    severity = Severity.WARNING
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "分项目标“{title}”没有绩效指标"
    suggestion = "为分项目标设置可衡量的绩效指标和指标值"

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        for index, goal in enumerate(ctx.plan.sub_goals, 1):
            if not goal.indicators and not goal.targets:
                yield self.finding(
                    ctx.sub_goal_location(index, goal, "绩效指标"), goal.title, title=goal.title
                )


@register
class SubGoalWithoutTargets(Check):
    """部门分项绩效目标列出了指标名称，但指标没有指标值。"""

    id = "subgoal-without-targets"
    title = "分项目标的指标没有指标值"
    severity = Severity.WARNING
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "分项目标“{title}”的绩效指标没有指标值：{names}"
    suggestion = "为每个指标写明指标值（数量、比例、金额或时限），如“组织参展参会企业 ≥30家”"

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        for index, goal in enumerate(ctx.plan.sub_goals, 1):
            names = _unvalued(goal)
            if names:
                joined = "、".join(names)
                yield self.finding(
                    ctx.sub_goal_location(index, goal, "绩效指标"),
                    joined,
                    title=goal.title,
                    names=joined,
                    count=len(names),
                )


@register
class ProjectNotLinked(Check):
    """已有分项目标标明所支撑的项目时，没有被任何分项目标引用的项目。"""

    id = "project-not-linked"
    title = "项目未对应分项目标"
    severity = Severity.WARNING
    criterion = Criterion.RELEVANCE
    theme = THEME
    message = "项目没有对应任何分项绩效目标（其他项目已标明所支撑的分项目标）"
    suggestion = "标明该项目支撑哪个分项目标；不支撑任何部门目标的项目应说明理由"

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        linked = {normalize(c) for g in ctx.plan.sub_goals for c in g.project_codes}
        if not linked:
            return
        for index, project in enumerate(ctx.plan.projects, 1):
            if normalize(project.code) not in linked:
                yield self.finding(ctx.project_location(index, project, "分项目标"), project.label)

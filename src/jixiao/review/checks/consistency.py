"""Consistency checks (相互匹配): spending plan, fund sources, budget in the purpose text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import ClassVar

from jixiao.domain.model import Project
from jixiao.domain.money import Money, MoneyUnit, clean_decimal
from jixiao.domain.profile import ProfileError
from jixiao.domain.text import fold_punctuation
from jixiao.review.catalogue import ProjectCheck, ReviewContext, register
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "一致性"


def _plan_text(project: Project) -> str:
    return "，".join(f"{c.label} {clean_decimal(c.percent)}%" for c in project.spending_plan)


@register
class SpendingPlanDecreasing(ProjectCheck):
    """资金支出计划是累计比例，后一时点不应低于前一时点。"""

    id = "spending-plan-decreasing"
    title = "支出计划累计进度下降"
    severity = Severity.ERROR
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "资金支出计划是累计进度，但{later} {later_pct}% 低于{earlier} {earlier_pct}%"
    suggestion = "按累计比例填写支出计划，后一时点不低于前一时点"

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        points = sorted(project.spending_plan, key=lambda c: c.month)
        for earlier, later in pairwise(points):
            if later.percent < earlier.percent:
                yield self.finding(
                    ctx.project_location(index, project, "资金支出计划"),
                    _plan_text(project),
                    earlier=earlier.label,
                    earlier_pct=clean_decimal(earlier.percent),
                    later=later.label,
                    later_pct=clean_decimal(later.percent),
                )


@register
class SpendingPlanOutOfRange(ProjectCheck):
    """资金支出计划的比例应在 min_percent–max_percent 之间。"""

    id = "spending-plan-out-of-range"
    title = "支出计划比例超出范围"
    severity = Severity.ERROR
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "资金支出计划 {label} 为 {pct}%，不在 {low}%–{high}% 之间"
    suggestion = "支出计划填写累计支出占预算的比例"
    settings_doc: ClassVar[dict[str, str]] = {
        "min_percent": "累计比例下限",
        "max_percent": "累计比例上限",
    }

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        low, high = self.number("min_percent"), self.number("max_percent")
        for c in project.spending_plan:
            if c.percent < low or c.percent > high:
                yield self.finding(
                    ctx.project_location(index, project, "资金支出计划"),
                    _plan_text(project),
                    label=c.label,
                    pct=clean_decimal(c.percent),
                    low=clean_decimal(low),
                    high=clean_decimal(high),
                )


@register
class SpendingPlanIncomplete(ProjectCheck):
    """资金支出计划最后一个时点的累计比例应为 final_percent（100%）。"""

    id = "spending-plan-incomplete"
    title = "支出计划未到100%"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "资金支出计划最后一个时点 {label} 为 {pct}%，应为 {final}%"
    suggestion = "年末累计支出计划应达到 {final}%（全部预算当年支出）"
    settings_doc: ClassVar[dict[str, str]] = {"final_percent": "最后一个时点应达到的累计比例"}

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        if not project.spending_plan:
            return
        final = self.number("final_percent")
        last = max(project.spending_plan, key=lambda c: c.month)
        if last.percent != final:
            yield self.finding(
                ctx.project_location(index, project, "资金支出计划"),
                _plan_text(project),
                label=last.label,
                pct=clean_decimal(last.percent),
                final=clean_decimal(final),
            )


@register
class FundSourcesMismatch(ProjectCheck):
    """各资金来源（财政拨款、其他资金 …）之和应等于预算数（允许差额 tolerance_yuan 元）。"""

    id = "fund-sources-mismatch"
    title = "资金来源合计与预算数不符"
    severity = Severity.ERROR
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "各资金来源合计 {sources}，与预算数 {total} 不符（相差 {diff}）"
    suggestion = "核对预算数和财政拨款、其他资金等各来源金额"
    settings_doc: ClassVar[dict[str, str]] = {"tolerance_yuan": "允许的差额（元）"}

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        total = project.funds.total
        sources = project.funds.sources_total()
        if total is None or sources is None:
            return
        diff_yuan = abs(sources.to_yuan() - total.to_yuan())
        if diff_yuan > self.number("tolerance_yuan"):
            quoted = "，".join(f"{f.source} {f.amount}" for f in project.funds.lines)
            yield self.finding(
                ctx.project_location(index, project, "资金来源"),
                f"预算数 {total}；{quoted}",
                sources=str(sources.to(total.unit)),
                total=str(total),
                diff=str(Money(diff_yuan, MoneyUnit.YUAN).to(total.unit)),
            )


@register
class PurposeBudgetMismatch(ProjectCheck):
    """资金用途说明中写的预算数（如“预算数 150 万元。…”，按设置 patterns 查找）应与预算数栏一致。"""

    id = "purpose-budget-mismatch"
    title = "用途说明中的预算数与表内不符"
    severity = Severity.ERROR
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "资金用途说明写的预算数 {stated}，与表内预算数 {total} 不符"
    suggestion = "统一用途说明和预算数栏中的金额"
    settings_doc: ClassVar[dict[str, str]] = {
        "patterns": "在用途说明中找预算金额的正则表达式（命名组 amount 与 unit）",
        "tolerance_yuan": "允许的差额（元）",
    }

    def _patterns(self) -> list[re.Pattern[str]]:
        out = []
        for p in self.names("patterns"):
            try:
                pattern = re.compile(p)
            except re.error as exc:
                raise ProfileError(
                    f"规则配置 {self.profile.name}: [review.checks.{self.id}]"
                    f" 正则表达式 {p!r} 有误：{exc}"
                ) from exc
            if not {"amount", "unit"} <= set(pattern.groupindex):
                raise ProfileError(
                    f"规则配置 {self.profile.name}: [review.checks.{self.id}] 正则表达式 {p!r}"
                    " 需要命名组 amount 和 unit"
                )
            out.append(pattern)
        return out

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        total = project.funds.total
        if total is None or not project.purpose:
            return
        text = fold_punctuation(project.purpose)
        for pattern in self._patterns():
            m = pattern.search(text)
            if m is None:
                continue
            try:
                amount = Decimal(m.group("amount").replace(",", ""))
                unit = MoneyUnit.parse(m.group("unit"))
            except (InvalidOperation, ValueError):
                continue
            stated = Money(amount, unit)
            if abs(stated.to_yuan() - total.to_yuan()) > self.number("tolerance_yuan"):
                yield self.finding(
                    ctx.project_location(index, project, "项目资金主要用途"),
                    m.group(0),
                    stated=str(stated),
                    total=str(total),
                )
            return

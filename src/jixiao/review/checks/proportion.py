"""Proportion checks (适当性): money targets in proportion to the project's budget."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from jixiao.domain.model import Indicator, Project
from jixiao.review.catalogue import IndicatorCheck, ReviewContext, register
from jixiao.review.checks._common import is_total_money, money_in_yuan, shown
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "比例"


@register
class MoneyTargetRatio(IndicatorCheck):
    """产出指标中以金额计的指标值（不含“元/人”等单位成本）与项目预算之比: 成本指标超过
    max_cost_ratio 倍、其他产出指标超过 max_output_ratio 倍即报告，并列出两个金额和倍数。
    """

    id = "money-target-ratio"
    title = "金额指标与预算不相称"
    severity = Severity.WARNING
    criterion = Criterion.APPROPRIATENESS
    theme = THEME
    message = (
        "指标“{name}”的金额 {value}（{amount_yuan} 元）是项目预算 {budget}（{budget_yuan} 元）的 "
        "{ratio} 倍，超过{kind}的上限 {limit} 倍"
    )
    suggestion = "核对金额和单位；若是全区总量而非本项目的产出，改为本项目资金直接带来的产出"
    settings_doc: ClassVar[dict[str, str]] = {
        "level1": "检查哪个一级指标下的金额（产出指标）",
        "cost_categories": "成本类二级指标：金额超过预算的 max_cost_ratio 倍即报告",
        "max_cost_ratio": "成本指标金额 / 项目预算 的上限",
        "max_output_ratio": "其他产出指标金额 / 项目预算 的上限",
    }

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        budget = project.funds.total
        if budget is None or budget.amount <= 0 or not is_total_money(ind.target):
            return
        cats = ctx.profile.categories
        level1 = cats.find_level1(str(self.setting("level1")))
        if level1 is None or ctx.level1_of(ind) is not level1:
            return
        amount = money_in_yuan(ind.target)
        if amount is None:
            return
        cost = {
            (l2.name if (l2 := cats.find_level2(n, level1.name)) else n)
            for n in self.names("cost_categories")
        }
        is_cost = ctx.level2_name(ind) in cost
        limit = self.number("max_cost_ratio" if is_cost else "max_output_ratio")
        ratio = amount / budget.to_yuan()
        if ratio > limit:
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值"),
                f"{self.name_of(ind)} {ind.target.raw}",
                name=self.name_of(ind),
                value=ind.target.raw,
                amount_yuan=shown(amount),
                budget=str(budget),
                budget_yuan=shown(budget.to_yuan()),
                ratio=shown(ratio),
                kind="成本指标" if is_cost else "产出指标",
                limit=shown(limit),
            )

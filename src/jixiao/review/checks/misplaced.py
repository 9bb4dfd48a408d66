"""Misplaced indicators (错位指标): budget execution is not a performance indicator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from jixiao.domain.model import Indicator, Project
from jixiao.review.catalogue import IndicatorCheck, ReviewContext, contains_any, register, row_text
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "错位指标"


@register
class MisplacedExecutionRate(IndicatorCheck):
    """预算执行率、预算资金完成率、资金支付率等（设置 words）被用作绩效指标，尤其是用作成本指标。执
    行率在自评中单独计分（DOMAIN.md §5），不应作为指标。
    """

    id = "misplaced-execution-rate"
    title = "预算执行率被用作绩效指标"
    severity = Severity.ERROR
    criterion = Criterion.RELEVANCE
    theme = THEME
    message = (
        "“{name}”是预算执行类指标，却被用作{category}；预算执行率在自评中单独计分，不应作为绩效指标"
    )
    suggestion = "删除该行；{category_hint}"
    settings_doc: ClassVar[dict[str, str]] = {
        "words": "表示预算执行的指标名称（预算执行率、预算资金完成率、资金支付率 …）",
        "cost_categories": "成本类二级指标：在这些指标下时建议改为真实的成本指标",
    }

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        word = contains_any(row_text(ind), self.words("words"))
        if word is None:
            return
        level2 = ctx.level2_name(ind) or ind.level2 or "绩效指标"
        cost = {
            (l2.name if (l2 := ctx.profile.categories.find_level2(n, ctx.level1_name(ind))) else n)
            for n in self.names("cost_categories")
        }
        if level2 in cost:
            hint = f"“{level2}”应填写以金额表示的成本（如 单位成本、项目总成本 ≤ x 万元）"
        else:
            hint = "改为衡量产出或效益的指标"
        yield self.finding(
            ctx.indicator_location(index, project, row, ind),
            f"{self.name_of(ind)} {ind.target.raw}".strip(),
            name=self.name_of(ind),
            category=level2,
            category_hint=hint,
            word=word,
        )

"""Form checks (规范性): categories from the catalogue, weights that add up."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

from jixiao.domain.model import Indicator, Project
from jixiao.domain.money import clean_decimal
from jixiao.review.catalogue import IndicatorCheck, ProjectCheck, ReviewContext, register
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "规范性"


@register
class UnknownCategory(IndicatorCheck):
    """一级、二级指标不在规则配置的指标体系中，或二级指标不属于所填的一级指标。"""

    id = "unknown-category"
    title = "指标分类不符合指标体系"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "指标“{name}”的分类“{path}”不符合指标体系：{reason}"
    suggestion = (
        "按规则配置 {profile} 的指标体系填写一级、二级指标（可用 jixiao profile show 查看）"
    )

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        cats = ctx.profile.categories
        l1 = cats.find_level1(ind.level1) if ind.level1 else None
        reason = None
        if not ind.level1 and not ind.level2:
            reason = "没有一级、二级指标"
        elif ind.level1 and l1 is None:
            reason = f"一级指标“{ind.level1}”无法识别"
        elif not ind.level2:
            reason = "没有二级指标"
        else:
            l2 = cats.find_level2(ind.level2, ind.level1)
            if l2 is None:
                reason = f"二级指标“{ind.level2}”无法识别"
            elif l1 is not None and l2 not in l1.level2:
                reason = f"“{ind.level2}”不属于“{l1.name}”"
        if reason is None:
            return
        path = " › ".join(x for x in (ind.level1, ind.level2) if x) or "(无)"
        yield self.finding(
            ctx.indicator_location(index, project, row, ind, "指标分类"),
            path,
            name=self.name_of(ind),
            path=path,
            reason=reason,
            profile=ctx.profile.name,
        )


@register
class WeightsSum(ProjectCheck):
    """填了权重时，全部指标都应有权重，且合计等于设置 totals 之一（100，或执行率另计 10 分时的 90）
    。
    """

    id = "weights-sum"
    title = "指标权重合计不对"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "指标权重合计 {total}（{weighted} 条有权重，{missing} 条没有），应为 {expected}"
    suggestion = "为每条指标填写权重（分值），使合计等于 {expected}"
    settings_doc: ClassVar[dict[str, str]] = {
        "totals": "可接受的权重合计（如 100；执行率另计 10 分时为 90）"
    }

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        rows = [i for i in project.indicators if not i.is_blank]
        weights = [i.weight for i in rows if i.weight is not None]
        if not weights:
            return
        total = sum(weights, Decimal(0))
        totals = [Decimal(str(t)) for t in self.setting("totals")]
        missing = len(rows) - len(weights)
        if missing == 0 and total in totals:
            return
        expected = " 或 ".join(str(clean_decimal(t)) for t in totals)
        yield self.finding(
            ctx.project_location(index, project, "权重"),
            "、".join(
                f"{i.level3 or '?'} {clean_decimal(i.weight)}" for i in rows if i.weight is not None
            ),
            total=clean_decimal(total),
            weighted=len(weights),
            missing=missing,
            expected=expected,
        )

"""Type-fit checks (指标值与指标含义相符): the kind of value fits what the row measures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from jixiao.domain.model import Indicator, Project
from jixiao.domain.target import TargetKind
from jixiao.review.catalogue import IndicatorCheck, ReviewContext, contains_any, register, row_text
from jixiao.review.checks._common import is_money, is_percent
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "类型匹配"


@register
class PercentForStatement(IndicatorCheck):
    """指标名称是一句陈述（如“开发区经济稳步发展”）而不是比率，却填了百分比。名称中含设置
    rate_words 中的词（率、比例、满意度 …）时视为比率。
    """

    id = "percent-for-statement"
    title = "陈述性指标填了百分比"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "“{name}”是一句陈述，不是比率，却填了百分比“{value}”"
    suggestion = (
        "把指标改成可计算比率的名称（如“xx增长率”“xx完成率”），或改填与陈述相符的定量/定性值"
    )
    settings_doc: ClassVar[dict[str, str]] = {
        "rate_words": "表明指标是比率、可以用百分比衡量的词（率、比例、满意度 …）"
    }

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        if not is_percent(ind.target):
            return
        if contains_any(row_text(ind), self.words("rate_words")) is None:
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值"),
                f"{self.name_of(ind)} {ind.target.raw}",
                name=self.name_of(ind),
                value=ind.target.raw,
            )


@register
class DateForQuantity(IndicatorCheck):
    """应为定量的二级指标（数量、质量、成本）填了日期或期限。"""

    id = "date-for-quantity"
    title = "定量指标填了日期"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "“{level2}”应为数量或比例，但“{name}”填的是时间“{value}”"
    suggestion = "时间要求放到时效指标下；这里填写数量、比例或金额"

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        l2 = ctx.level2_of(ind)
        if (
            l2 is not None
            and l2.expected_kind == "quantitative"
            and ind.target.kind is TargetKind.TIME
        ):
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值"),
                ind.target.raw,
                level2=l2.name,
                name=self.name_of(ind),
                value=ind.target.raw,
            )


@register
class CostNotMoney(IndicatorCheck):
    """成本指标（设置 categories）的指标值不是金额（元/万元/亿元，含“元/人”等单位成本）。已由
    misplaced-execution-rate 报告的行不重复报告。
    """

    id = "cost-not-money"
    title = "成本指标不是金额"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "成本指标“{name}”的指标值“{value}”不是金额"
    suggestion = "成本指标应以金额表示，如“单位培训成本 ≤500元/人”“设备采购成本 ≤30万元”"
    settings_doc: ClassVar[dict[str, str]] = {"categories": "要求以金额表示的二级指标"}
    superseded_by = ("misplaced-execution-rate",)

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        if ctx.level2_name(ind) not in self._categories(ctx, ind):
            return
        t = ind.target
        if t.is_empty or is_money(t):
            return
        yield self.finding(
            ctx.indicator_location(index, project, row, ind, "指标值"),
            t.raw,
            name=self.name_of(ind),
            value=t.raw,
        )

    def _categories(self, ctx: ReviewContext, ind: Indicator) -> set[str]:
        cats = ctx.profile.categories
        out = set()
        for name in self.names("categories"):
            l2 = cats.find_level2(name, ctx.level1_name(ind))
            out.add(l2.name if l2 else name)
        return out


@register
class TimelinessWithoutTime(IndicatorCheck):
    """时效指标的指标值不是时间或期限；名称含设置 rate_words（及时率、按时 …）且填百分比的视为合格
    。
    """

    id = "timeliness-without-time"
    title = "时效指标没有时间"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "时效指标“{name}”的指标值“{value}”不是时间或期限"
    suggestion = "填写完成时限，如“2023年底前”“6月底前”，或“xx及时率 ≥95%”"
    settings_doc: ClassVar[dict[str, str]] = {
        "rate_words": "以百分比衡量时效时可接受的指标名称用词（及时率、按时 …）"
    }

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        l2 = ctx.level2_of(ind)
        t = ind.target
        if l2 is None or l2.expected_kind != "time" or t.is_empty or t.kind is TargetKind.TIME:
            return
        if is_percent(t) and contains_any(row_text(ind), self.words("rate_words")) is not None:
            return
        yield self.finding(
            ctx.indicator_location(index, project, row, ind, "指标值"),
            t.raw,
            name=self.name_of(ind),
            value=t.raw,
        )


@register
class DeadlineOutsideYear(IndicatorCheck):
    """时效指标的期限不在预算年度内（允许晚于年度的年数见设置 years_after）。需要计划的年度。"""

    id = "deadline-outside-year"
    title = "时限超出预算年度"
    severity = Severity.WARNING
    criterion = Criterion.FEASIBILITY
    theme = THEME
    message = "指标“{name}”的时限“{value}”（{deadline}）不在 {year} 年度内"
    suggestion = "年度绩效目标的时限应在预算年度之内；跨年度任务写明本年度应完成的阶段"
    settings_doc: ClassVar[dict[str, str]] = {
        "years_after": "允许时限晚于预算年度的年数（0 = 必须在当年）"
    }

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        year = ctx.plan.year
        t = ind.target
        if year is None or t.kind is not TargetKind.TIME or t.deadline is None:
            return
        allowed = int(self.number("years_after"))
        if t.deadline.year < year or t.deadline.year > year + allowed:
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值"),
                t.raw,
                name=self.name_of(ind),
                value=t.raw,
                deadline=t.deadline.isoformat(),
                year=year,
            )

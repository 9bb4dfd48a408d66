"""Measurability checks (细化量化): a value that can be checked at year end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from jixiao.domain.model import Indicator, Project
from jixiao.domain.target import ComparatorSource, TargetKind
from jixiao.review.catalogue import IndicatorCheck, ReviewContext, contains_any, register, row_text
from jixiao.review.checks._common import has_measure
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "可衡量性"


@register
class QualitativeInQuantitative(IndicatorCheck):
    """应为定量的二级指标（指标体系中 expected_kind = quantitative: 数量、质量、成本、满意度）填了
    定性表述。
    """

    id = "qualitative-in-quantitative"
    title = "定量指标填了定性值"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "“{level2}”应为定量指标，但“{name}”的指标值“{value}”是定性表述"
    suggestion = "改为可计量的指标值：比较符号 + 数值 + 计量单位（如 ≥50个、≥95%、≤30万元）"

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        l2 = ctx.level2_of(ind)
        if l2 is None or l2.expected_kind != "quantitative":
            return
        if ind.target.kind is TargetKind.QUALITATIVE:
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值"),
                ind.target.raw,
                level2=l2.name,
                name=self.name_of(ind),
                value=ind.target.raw,
            )


@register
class UnitlessValue(IndicatorCheck):
    """指标值只有数字、没有计量单位（如“15”而不是“15个”）。"""

    id = "unitless-value"
    title = "指标值缺少计量单位"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "指标“{name}”的指标值“{value}”只有数字，没有计量单位"
    suggestion = "写明计量单位（个、人、次、%、万元、天 …）"

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        t = ind.target
        if t.is_quantitative and not (t.unit or "").strip():
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "度量单位"),
                t.raw,
                name=self.name_of(ind),
                value=t.raw,
            )


@register
class VagueWording(IndicatorCheck):
    """指标名称或描述用了笼统词语（设置 words: 促进、提升、稳步发展 …），而指标值不可衡量: 未填、或
    是没有分级的定性表述。
    """

    id = "vague-wording"
    title = "笼统表述无衡量"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "指标“{name}”用了笼统的“{word}”，却没有可衡量的指标值（{value}）"
    suggestion = "把“{word}”具体化为可衡量的结果：写明衡量什么、增加多少、达到什么水平"
    settings_doc: ClassVar[dict[str, str]] = {"words": "笼统词语（如 促进、提升、稳步发展）"}

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        if has_measure(ind.target):
            return
        word = contains_any(row_text(ind), self.words("words"))
        if word is not None:
            name = self.name_of(ind)
            yield self.finding(
                ctx.indicator_location(index, project, row, ind),
                name,
                name=name,
                word=word,
                value=f"指标值“{ind.target.raw}”" if ind.target.raw else "指标值未填",
            )


@register
class UngradedQualitative(IndicatorCheck):
    """定性指标值没有可识别的分级表述（显著/明显/达成 …，见 values.toml 的 grades），年终无法评分。
    已由 qualitative-in-quantitative 或 vague-wording 报告的行不重复报告。
    """

    id = "ungraded-qualitative"
    title = "定性指标没有分级"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "定性指标“{name}”的指标值“{value}”没有分级表述，年终无法判断达成程度"
    suggestion = (
        "改用分级表述（如 达成年度指标 / 部分达成 / 未达成，或 显著提升 / 有所提升），或改为定量"
    )
    superseded_by = ("qualitative-in-quantitative", "vague-wording")

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        t = ind.target
        if t.kind is TargetKind.QUALITATIVE and t.grade is None:
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值"),
                t.raw,
                name=self.name_of(ind),
                value=t.raw,
            )


@register
class SuspectedComparator(IndicatorCheck):
    """值语法怀疑指标值在提取或录入时受损（如“290%”可能是“≥90%”）。"""

    id = "suspected-comparator"
    title = "指标值疑似录入错误"
    severity = Severity.WARNING
    criterion = Criterion.CONFORMITY
    theme = THEME
    message = "指标“{name}”的指标值“{value}”疑似有误：{notes}"
    suggestion = "核对原表中的比较符号和数值（如“290%”可能是“≥90%”）"

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        t = ind.target
        if t.comparator_source is ComparatorSource.SUSPECTED:
            notes = "；".join(t.notes) or "比较符号可能在提取时丢失"
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值"),
                t.raw,
                name=self.name_of(ind),
                value=t.raw,
                notes=notes,
            )

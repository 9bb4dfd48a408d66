"""Completeness checks (完整性): every part of the target table is there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import ClassVar

from jixiao.domain.model import Indicator, Project
from jixiao.review.catalogue import (
    Check,
    IndicatorCheck,
    ProjectCheck,
    ReviewContext,
    register,
)
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "完整性"


def _present_level1(ctx: ReviewContext, project: Project) -> set[str]:
    return {n for i in project.indicators if not i.is_blank and (n := ctx.level1_name(i))}


def _canonical_level1(ctx: ReviewContext, name: str) -> str:
    found = ctx.profile.categories.find_level1(name)
    return found.name if found else name


@register
class MissingLevel1(ProjectCheck):
    """每个项目都应有产出指标和效益指标（名单见设置 required）；按指标体系识别别名（效果指标 = 效益
    指标）。空行不算。
    """

    id = "missing-level1"
    title = "缺少一级指标"
    severity = Severity.ERROR
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "项目没有“{level1}”：绩效指标表缺少这一类一级指标"
    suggestion = "补充“{level1}”下的二级、三级指标及指标值"
    settings_doc: ClassVar[dict[str, str]] = {"required": "每个项目必须有的一级指标"}

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        present = _present_level1(ctx, project)
        for name in self.names("required"):
            if _canonical_level1(ctx, name) not in present:
                yield self.finding(
                    ctx.project_location(index, project, "绩效指标表"), project.label, level1=name
                )


@register
class MissingSatisfaction(ProjectCheck):
    """有服务对象的项目应设满意度指标。系统无法判断项目有没有服务对象，所以是警告，由审核人决定。"""

    id = "missing-satisfaction"
    title = "缺少满意度指标"
    severity = Severity.WARNING
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "项目没有“{level1}”；有服务对象的项目应设满意度指标"
    suggestion = (
        "如项目有服务对象，补充服务对象满意度指标（如“xx满意度 ≥90%”）；没有服务对象时说明理由"
    )
    settings_doc: ClassVar[dict[str, str]] = {"level1": "满意度一级指标的名称"}

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        name = str(self.setting("level1"))
        if _canonical_level1(ctx, name) not in _present_level1(ctx, project):
            yield self.finding(
                ctx.project_location(index, project, "绩效指标表"), project.label, level1=name
            )


@register
class MissingOutputLevel2(ProjectCheck):
    """产出指标下应有数量、质量、时效、成本四类二级指标。整个产出指标都没有时由 missing-level1 报告
    。
    """

    id = "missing-output-level2"
    title = "产出指标缺少二级指标"
    severity = Severity.WARNING
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "“{level1}”下没有“{level2}”"
    suggestion = "在“{level1}”下补充“{level2}”及其三级指标和指标值"
    settings_doc: ClassVar[dict[str, str]] = {
        "level1": "要检查的一级指标（产出指标）",
        "required": "该一级指标下必须有的二级指标",
        "equivalents": "可以代替某个二级指标的其他名称（如 成本指标 ← 经济成本指标）",
        "accept_level1": "同名的一级指标（101号文的“成本指标”）也算已填",
    }

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        level1 = _canonical_level1(ctx, str(self.setting("level1")))
        rows = [i for i in project.indicators if not i.is_blank]
        if not any(ctx.level1_name(i) == level1 for i in rows):
            return  # the whole group is missing: reported by missing-level1
        present_l2 = {n for i in rows if (n := ctx.level2_name(i))}
        present_l1 = {n for i in rows if (n := ctx.level1_name(i))}
        equivalents = self.setting("equivalents")
        accept_level1 = bool(self.setting("accept_level1"))
        for required in self.names("required"):
            names = {required, *equivalents.get(required, [])}
            canon = {
                (l2.name if (l2 := ctx.profile.categories.find_level2(n, level1)) else n)
                for n in names
            }
            if canon & present_l2:
                continue
            if accept_level1 and any(_canonical_level1(ctx, n) in present_l1 for n in names):
                continue
            yield self.finding(
                ctx.project_location(index, project, "绩效指标表"),
                project.label,
                level1=level1,
                level2=required,
            )


@register
class EmptyIndicatorRow(IndicatorCheck):
    """只有一级、二级分类而没有三级指标名称、描述和指标值的行（表格中留空的行）。"""

    id = "empty-indicator-row"
    title = "空指标行"
    severity = Severity.ERROR
    criterion = Criterion.COMPLETENESS
    theme = THEME
    include_blank = True
    message = "第{row}条指标是空行：只有分类“{path}”，没有指标名称、描述和指标值"
    suggestion = "填写该二级指标下的三级指标、指标值和确定依据；确无相应内容时删除该行"

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        if ind.is_blank:
            path = " › ".join(x for x in (ind.level1, ind.level2) if x) or "(无分类)"
            yield self.finding(
                ctx.indicator_location(index, project, row, ind), path, row=row, path=path
            )


@register
class MissingIndicatorName(IndicatorCheck):
    """填了指标值或描述却没有三级指标名称的行。"""

    id = "missing-indicator-name"
    title = "缺少三级指标名称"
    severity = Severity.ERROR
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "第{row}条指标没有三级指标名称（指标值“{value}”）"
    suggestion = "填写三级指标名称，说明这个指标值衡量的是什么"

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        if not (ind.level3 or "").strip():
            value = ind.target.raw or "(空)"
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "三级指标"),
                ind.description or ind.target.raw,
                row=row,
                value=value,
            )


@register
class EmptyTarget(IndicatorCheck):
    """有指标名称但指标值为空的行。空值是缺陷，从不默默略过。"""

    id = "empty-target"
    title = "指标值未填"
    severity = Severity.ERROR
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "指标“{name}”没有填写指标值"
    suggestion = "填写可衡量的指标值（数量、比例、金额、时限，或“是/否”）"

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        if ind.target.is_empty:
            name = self.name_of(ind)
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值"), name, name=name
            )


@register
class MissingBasis(IndicatorCheck):
    """指标值确定依据（计划标准、行业标准、历史标准、预算支出标准、其他）为空。"""

    id = "missing-basis"
    title = "缺少指标值确定依据"
    severity = Severity.WARNING
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "指标“{name}”没有填写指标值确定依据"
    suggestion = "注明依据：计划标准、行业标准、历史标准、预算支出标准或其他（写明出处）"

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        if not (ind.basis or "").strip():
            name = self.name_of(ind)
            yield self.finding(
                ctx.indicator_location(index, project, row, ind, "指标值确定依据"), name, name=name
            )


@register
class MissingGoal(ProjectCheck):
    """项目的年度绩效目标为空。"""

    id = "missing-goal"
    title = "缺少年度绩效目标"
    severity = Severity.ERROR
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "项目没有填写年度绩效目标"
    suggestion = "用一两句话写明本年度用这笔资金要完成什么、达到什么效果"

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        if not (project.goal or "").strip():
            yield self.finding(ctx.project_location(index, project, "年度绩效目标"), project.label)


@register
class MissingBudget(ProjectCheck):
    """项目的预算数为空或为 0。"""

    id = "missing-budget"
    title = "缺少预算数"
    severity = Severity.ERROR
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "项目没有预算数（{detail}）"
    suggestion = "填写项目预算数及按资金来源的构成（财政拨款、其他资金）"

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        total = project.funds.total
        if total is None:
            detail = "未填写"
        elif total.amount == 0:
            detail = f"填写为 {total}"
        else:
            return
        yield self.finding(
            ctx.project_location(index, project, "预算数"), project.label, detail=detail
        )


@register
class MissingPurpose(ProjectCheck):
    """项目资金主要用途为空。"""

    id = "missing-purpose"
    title = "缺少资金主要用途"
    severity = Severity.WARNING
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "项目没有填写资金主要用途"
    suggestion = "写明资金用于哪些工作、支出内容"

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        if not (project.purpose or "").strip():
            yield self.finding(
                ctx.project_location(index, project, "项目资金主要用途"), project.label
            )


@register
class MissingSpendingPlan(ProjectCheck):
    """项目没有资金支出计划（各时点的累计支出比例）。"""

    id = "missing-spending-plan"
    title = "缺少资金支出计划"
    severity = Severity.WARNING
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "项目没有填写资金支出计划（各时点累计支出进度）"
    suggestion = "按时点填写累计支出比例，如 3月底 10%、6月底 50%、10月底 80%、12月底 100%"

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        if not project.spending_plan:
            yield self.finding(ctx.project_location(index, project, "资金支出计划"), project.label)


@register
class LeftoverContent(Check):
    """解析文档时未能归入计划的内容（解析器保留的“剩余内容”），提示审核人核对。"""

    id = "leftover-content"
    title = "未能识别的内容"
    severity = Severity.INFO
    criterion = Criterion.COMPLETENESS
    theme = THEME
    message = "文档中有一段内容未能归入计划（{reason}）"
    suggestion = "人工核对这段内容是否属于某个项目或指标"

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        for leftover in ctx.plan.leftovers:
            loc = replace(ctx.plan_location("未识别内容"), source=leftover.source)
            yield self.finding(loc, leftover.text, reason=leftover.reason or "原因未说明")

"""Copy-paste checks (雷同): indicator sets copied between projects, boilerplate targets."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, ClassVar

from jixiao.domain.model import Indicator, Project
from jixiao.domain.profile import RuleProfile
from jixiao.domain.text import normalize
from jixiao.review.catalogue import Check, IndicatorCheck, ReviewContext, register
from jixiao.review.checks._common import shown
from jixiao.review.findings import Criterion, Finding, Severity

THEME = "雷同"


def _name(ind: Indicator) -> str:
    return normalize(ind.level3 or ind.description)


def _row_key(ind: Indicator) -> tuple[str, str]:
    return (_name(ind), normalize(ind.target.raw))


def _named_rows(project: Project) -> list[Indicator]:
    return [i for i in project.indicators if not i.is_blank and _name(i)]


@register
class CopiedIndicatorSet(Check):
    """同一计划中两个项目的三级指标名称集合高度相同（Jaccard 相似度 = 同名指标数 / 两项目不同指标名
    称总数，达到设置 similarity 即报告），报告在后一个项目上，并给出同名和指标值也相同的指标数。
    """

    id = "copied-indicator-set"
    title = "项目间指标雷同"
    severity = Severity.WARNING
    criterion = Criterion.RELEVANCE
    theme = THEME
    message = (
        "与项目 {other} 的三级指标雷同：{shared} 个同名指标（其中 {identical} 个指标值也相同），"
        "相似度 {similarity}（阈值 {threshold}）{also}"
    )
    suggestion = "按本项目的资金用途和产出设置指标，不同项目不应套用同一套指标和指标值"
    settings_doc: ClassVar[dict[str, str]] = {
        "similarity": "两个项目三级指标名称集合的 Jaccard 相似度（交集/并集）达到此值即报告",
        "min_rows": "指标少于此数的项目不比较",
    }

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        threshold = self.number("similarity")
        min_rows = int(self.number("min_rows"))
        projects = ctx.plan.projects
        names = [{_name(i) for i in _named_rows(p)} for p in projects]
        rows = [{_row_key(i) for i in _named_rows(p)} for p in projects]
        for b in range(len(projects)):
            if len(names[b]) < min_rows:
                continue
            similar: list[tuple[Decimal, int]] = []
            for a in range(b):
                if len(names[a]) < min_rows:
                    continue
                union = names[a] | names[b]
                similarity = Decimal(len(names[a] & names[b])) / Decimal(len(union))
                if similarity >= threshold:
                    similar.append((similarity, a))
            if not similar:
                continue
            # one finding per project: against the most similar earlier project (first on ties)
            similarity, a = max(similar, key=lambda sa: (sa[0], -sa[1]))
            shared = names[a] & names[b]
            in_order = sorted(shared, key=self._order(projects[b]))
            quoted = "、".join(self._written(projects[b], n) for n in in_order)
            more = len(similar) - 1
            yield self.finding(
                ctx.project_location(b + 1, projects[b], "绩效指标表"),
                quoted,
                other=projects[a].label,
                other_index=a + 1,
                shared=len(shared),
                identical=len(rows[a] & rows[b]),
                similarity=shown(similarity),
                threshold=shown(threshold),
                also=f"；另与前面 {more} 个项目也雷同" if more else "",
            )

    @staticmethod
    def _written(project: Project, key: str) -> str:
        for i in project.indicators:
            if _name(i) == key:
                return i.level3 or i.description or key
        return key

    @staticmethod
    def _order(project: Project) -> Callable[[str], int]:
        """Sort key: the row's place in the project's table (document order)."""
        order = {_name(i): n for n, i in reversed(list(enumerate(project.indicators)))}
        return lambda key: order.get(key, len(order))


@register
class BoilerplateSatisfaction(IndicatorCheck):
    """满意度指标与本计划其他项目的名称和指标值完全相同，或名称是未指明服务对象的笼统说法（设置
    generic_names）。只作提示。
    """

    id = "boilerplate-satisfaction"
    title = "套用的满意度指标"
    severity = Severity.INFO
    criterion = Criterion.RELEVANCE
    theme = THEME
    message = "满意度指标“{name} {value}”是套用的表述：{reason}"
    suggestion = "写明具体的服务对象和调查方式（如“参训企业满意度 ≥90%，以问卷调查为准”）"
    settings_doc: ClassVar[dict[str, str]] = {
        "level2": "满意度类二级指标",
        "generic_names": "未指明服务对象的笼统名称",
        "list_projects": "消息中最多列出几个相同的其他项目",
    }

    def __init__(self, settings: Mapping[str, Any], profile: RuleProfile):
        super().__init__(settings, profile)
        self._seen: dict[tuple[str, str], list[int]] = {}

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        self._seen = {}
        for index, project in enumerate(ctx.plan.projects, 1):
            for ind in _named_rows(project):
                if self._is_satisfaction(ctx, ind):
                    self._seen.setdefault(_row_key(ind), []).append(index)
        yield from super().run(ctx)

    def _is_satisfaction(self, ctx: ReviewContext, ind: Indicator) -> bool:
        cats = ctx.profile.categories
        wanted = set()
        for n in self.names("level2"):
            l2 = cats.find_level2(n)
            wanted.add(l2.name if l2 else n)
        return ctx.level2_name(ind) in wanted

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        if not _name(ind) or not self._is_satisfaction(ctx, ind):
            return
        others = [i for i in self._seen.get(_row_key(ind), []) if i != index]
        reasons = []
        if _name(ind) in self.words("generic_names"):
            reasons.append("名称未指明服务对象")
        if others:
            shown_max = int(self.number("list_projects"))
            labels = "、".join(ctx.plan.projects[i - 1].label for i in others[:shown_max])
            if len(others) > shown_max:
                labels += f" 等 {len(others)} 个项目"
            reasons.append(f"与项目 {labels} 的指标和指标值完全相同")
        if reasons:
            yield self.finding(
                ctx.indicator_location(index, project, row, ind),
                f"{self.name_of(ind)} {ind.target.raw}".strip(),
                name=self.name_of(ind),
                value=ind.target.raw,
                reason="；".join(reasons),
            )

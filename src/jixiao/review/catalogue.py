"""The check catalogue (审核规则目录): the base classes every check derives from.

A check is a small class with an ``id`` (``empty-target``), a ``title``, a default
``severity``, the ``criterion`` it serves, a Chinese ``message`` template, a ``suggestion``
and a generator that yields :class:`~jixiao.review.findings.Finding`. Checks register
themselves with :func:`register`; the catalogue order is the registration order.

A rule profile's ``[review.checks.ID]`` table switches a check on or off (``enabled``),
may change its ``severity`` and holds every threshold and word list the check uses: a check
reads them with :meth:`Check.setting` and never carries a number of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from jixiao.domain.model import Indicator, Plan, Project, SubGoal
from jixiao.domain.profile import Level1Def, Level2Def, ProfileError, RuleProfile
from jixiao.domain.text import normalize
from jixiao.review.findings import Criterion, Finding, Location, Scope, Severity

_CATALOGUE: dict[str, type[Check]] = {}


def register(cls: type[Check]) -> type[Check]:
    """Class decorator: add a check to the catalogue (ids must be unique)."""
    if cls.id in _CATALOGUE and _CATALOGUE[cls.id] is not cls:
        raise ValueError(f"duplicate check id {cls.id!r}")
    _CATALOGUE[cls.id] = cls
    return cls


# The themes of the catalogue, in the order checks are run, reported and documented.
THEMES: tuple[str, ...] = (
    "完整性",
    "可衡量性",
    "类型匹配",
    "错位指标",
    "一致性",
    "雷同",
    "比例",
    "部门整体",
    "规范性",
)


def catalogue() -> list[type[Check]]:
    """Every registered check, in catalogue order (by theme, then as defined)."""
    import jixiao.review.checks  # noqa: F401  (registers the checks)

    order = list(_CATALOGUE)
    return sorted(_CATALOGUE.values(), key=lambda c: (THEMES.index(c.theme), order.index(c.id)))


def check_class(check_id: str) -> type[Check]:
    """The check with this id; ``KeyError`` otherwise."""
    for cls in catalogue():
        if cls.id == check_id:
            return cls
    raise KeyError(check_id)


@dataclass(slots=True)
class ReviewContext:
    """What every check may read: the plan, the profile, and category look-ups."""

    plan: Plan
    profile: RuleProfile
    _l1: dict[int, Level1Def | None] = field(default_factory=dict)
    _l2: dict[int, Level2Def | None] = field(default_factory=dict)

    @property
    def plan_label(self) -> str:
        return self.plan.department or self.plan.unit or self.plan.source_file or "计划"

    def level1_of(self, ind: Indicator) -> Level1Def | None:
        """The row's level-1 category; from its level 2 when level 1 is not written."""
        key = id(ind)
        if key not in self._l1:
            cats = self.profile.categories
            found = cats.find_level1(ind.level1)
            if found is None and not ind.level1:
                found = cats.parent_of(ind.level2)
            self._l1[key] = found
        return self._l1[key]

    def level2_of(self, ind: Indicator) -> Level2Def | None:
        """The row's level-2 category, preferring the one under its own level 1."""
        key = id(ind)
        if key not in self._l2:
            l1 = self.level1_of(ind)
            self._l2[key] = self.profile.categories.find_level2(
                ind.level2, l1.name if l1 else ind.level1
            )
        return self._l2[key]

    def level1_name(self, ind: Indicator) -> str | None:
        l1 = self.level1_of(ind)
        return l1.name if l1 else None

    def level2_name(self, ind: Indicator) -> str | None:
        l2 = self.level2_of(ind)
        return l2.name if l2 else None

    # --- locations ---------------------------------------------------------------------

    def plan_location(self, field: str | None = None) -> Location:
        return Location(scope=Scope.PLAN, plan=self.plan_label, field=field)

    def sub_goal_location(self, index: int, goal: SubGoal, field: str | None = None) -> Location:
        return Location(
            scope=Scope.SUB_GOAL,
            plan=self.plan_label,
            sub_goal_index=index,
            sub_goal_title=goal.title,
            field=field,
            source=goal.source,
        )

    def project_location(self, index: int, project: Project, field: str | None = None) -> Location:
        return Location(
            scope=Scope.PROJECT,
            plan=self.plan_label,
            project_index=index,
            project_code=project.code,
            project_name=project.name,
            field=field,
            source=project.source,
        )

    def indicator_location(
        self, index: int, project: Project, row: int, ind: Indicator, field: str | None = None
    ) -> Location:
        return Location(
            scope=Scope.INDICATOR,
            plan=self.plan_label,
            project_index=index,
            project_code=project.code,
            project_name=project.name,
            indicator_index=row,
            level1=ind.level1,
            level2=ind.level2,
            level3=ind.level3,
            field=field,
            source=ind.source or project.source,
        )


class Check:
    """Base of every check. Subclasses set the class attributes and override :meth:`run`."""

    id: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[Severity]
    criterion: ClassVar[Criterion]
    message: ClassVar[str]
    suggestion: ClassVar[str]
    theme: ClassVar[str]  # the group it is listed under in docs/checks.md (one of THEMES)
    settings_doc: ClassVar[Mapping[str, str]] = {}  # setting key → what it means
    # Checks whose finding on the same row or project makes this one redundant: a finding of
    # this check is dropped when one of these checks reports the same place.
    superseded_by: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: Mapping[str, Any], profile: RuleProfile):
        self.settings = settings
        self.profile = profile
        self._words: dict[str, tuple[str, ...]] = {}
        sev = settings.get("severity")
        try:
            self.effective_severity = Severity(sev) if sev is not None else self.severity
        except ValueError as exc:
            raise ProfileError(
                f"规则配置 {profile.name}: [review.checks.{self.id}]"
                f" severity 应为 error/warning/info, 而不是 {sev!r}"
            ) from exc

    # --- settings ----------------------------------------------------------------------

    def setting(self, key: str) -> Any:
        """A threshold or list from the profile; a clear error if the profile lacks it."""
        if key not in self.settings:
            raise ProfileError(
                f"规则配置 {self.profile.name}: [review.checks.{self.id}] 缺少设置项 {key!r}"
            )
        return self.settings[key]

    def number(self, key: str) -> Decimal:
        """A numeric setting as an exact Decimal (TOML floats go through their text)."""
        value = self.setting(key)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ProfileError(
                f"规则配置 {self.profile.name}: [review.checks.{self.id}] {key} 应为数值"
            )
        return Decimal(str(value))

    def words(self, key: str) -> tuple[str, ...]:
        """A word list setting, in normalised (matching) form."""
        cached = self._words.get(key)
        if cached is not None:
            return cached
        value = self.setting(key)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise ProfileError(
                f"规则配置 {self.profile.name}: [review.checks.{self.id}] {key} 应为字符串列表"
            )
        self._words[key] = tuple(normalize(w) for w in value if w)
        return self._words[key]

    def names(self, key: str) -> tuple[str, ...]:
        """A list of category or check names, as written in the profile."""
        value = self.setting(key)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise ProfileError(
                f"规则配置 {self.profile.name}: [review.checks.{self.id}] {key} 应为字符串列表"
            )
        return tuple(value)

    # --- findings ----------------------------------------------------------------------

    def finding(self, location: Location, quoted: str | None = None, **data: Any) -> Finding:
        """A finding of this check at ``location``, its message filled from ``data``."""
        return Finding(
            check=self.id,
            title=self.title,
            severity=self.effective_severity,
            criterion=self.criterion,
            message=self.message.format(**data),
            suggestion=self.suggestion.format(**data),
            location=location,
            quoted=quoted,
            data=data,
        )

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        """Yield the findings of this check on the whole plan."""
        raise NotImplementedError


class ProjectCheck(Check):
    """A check that looks at one project at a time."""

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        for index, project in enumerate(ctx.plan.projects, 1):
            yield from self.check_project(ctx, index, project)

    def check_project(self, ctx: ReviewContext, index: int, project: Project) -> Iterator[Finding]:
        raise NotImplementedError


class IndicatorCheck(Check):
    """A check that looks at one indicator row at a time; blank rows are skipped unless
    ``include_blank`` is set (blank rows are reported once, by ``empty-indicator-row``)."""

    include_blank: ClassVar[bool] = False

    def run(self, ctx: ReviewContext) -> Iterator[Finding]:
        for index, project in enumerate(ctx.plan.projects, 1):
            for row, ind in enumerate(project.indicators, 1):
                if ind.is_blank and not self.include_blank:
                    continue
                yield from self.check_indicator(ctx, index, project, row, ind)

    def check_indicator(
        self, ctx: ReviewContext, index: int, project: Project, row: int, ind: Indicator
    ) -> Iterator[Finding]:
        raise NotImplementedError

    @staticmethod
    def name_of(ind: Indicator) -> str:
        """How to name a row in a message: its level-3 name, else its description."""
        return ind.level3 or ind.description or "(未命名指标)"


def contains_any(text: str | None, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` (normalised) found in ``text`` once normalised, or ``None``."""
    t = normalize(text)
    if not t:
        return None
    for w in words:
        if w and w in t:
            return w
    return None


def row_text(ind: Indicator) -> str:
    """The row's name and description together, for word matching."""
    return " ".join(x for x in (ind.level3, ind.description) if x)

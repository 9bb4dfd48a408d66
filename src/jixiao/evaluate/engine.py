"""The self-evaluation itself (绩效自评): plan + year-end actuals + profile → Evaluation.

For each project: money rows and 执行率 (on the adjusted budget, 全年预算数), the execution
score; the indicator rows matched to their actuals; points per row (group points, equal split,
absent groups, weight checks — :mod:`jixiao.evaluate.weights`); a score per row by the rule of
its target kind (:mod:`jixiao.evaluate.scoring`); total, grade and the explanations still
required. Then the department roll-up. Everything that is wrong or doubtful in the input is
reported as an :class:`~jixiao.evaluate.results.Issue` that says where, never silently fixed.

Rows that take no points (documented in ``docs/evaluate.md``):

* blank rows (no name, no description, no value) — a defect of the form, reported, no points;
* empty 年度指标值 — cannot be compared; by ``empty_target``: ``qualitative`` (default; the
  evaluator's grade and score are checked like a 定性 row, no grade → 0), ``zero`` (0 points),
  ``exclude`` (no points; the group's points go to its other rows);
* rows whose 一级指标 belongs to no scoring group (``groups`` mode) — reported, no points.
"""

from __future__ import annotations

import calendar
import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from jixiao.domain.model import Indicator, Plan, Project, SourceRef
from jixiao.domain.money import Money, MoneyUnit, round_to
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.domain.target import Target, TargetKind
from jixiao.domain.text import normalize
from jixiao.evaluate import scoring
from jixiao.evaluate.actuals import (
    Actuals,
    ActualsIndex,
    FundActual,
    IndicatorActual,
    ProjectActuals,
)
from jixiao.evaluate.grades import grade_for, round_score
from jixiao.evaluate.results import (
    DepartmentRollup,
    Evaluation,
    FundRow,
    GroupScore,
    IndicatorScore,
    Issue,
    ProjectEvaluation,
    Severity,
)
from jixiao.evaluate.scoring import RuleScore
from jixiao.evaluate.settings import EvaluateSettings
from jixiao.evaluate.weights import group_points, rescale, share_rest

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)

_UNSET = object()
_INCOMPATIBLE = object()


def _fmt(d: Decimal | None) -> str:
    if d is None:
        return "—"
    q = round_to(d, 2, ROUND_HALF_UP)
    text = f"{q:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Context:
    """Per-evaluation state: settings, profile, year, a cache of parsed actual values."""

    def __init__(self, settings: EvaluateSettings, profile: RuleProfile, year: int | None):
        from jixiao.domain.values import convert_quantity, parse_target

        self.settings = settings
        self.profile = profile
        self.year = year
        self._parse_target = parse_target
        self.convert_quantity = convert_quantity
        self._cache: dict[tuple[str, str | None, str | None], Target] = {}
        self.money_unit = MoneyUnit.parse(settings.funds.unit)
        self._group_cache: dict[tuple[str | None, str | None], str | None] = {}
        self._norm: dict[str | None, str] = {}
        self._points: dict[frozenset[str], tuple[dict[str, Decimal], Decimal]] = {}
        self._split: dict[tuple[Decimal, int], Decimal] = {}
        self._factors: dict[tuple[str, str], object] = {}
        self.names: dict[tuple[str | None, ...], dict[str, list[int]]] = {}

    def norm(self, text: str | None) -> str:
        """:func:`normalize`, cached (indicator names repeat across projects)."""
        hit = self._norm.get(text)
        if hit is None:
            hit = normalize(text)
            if len(self._norm) < 100_000:
                self._norm[text] = hit
        return hit

    def parse(self, text: str, level1: str | None, level2: str | None) -> Target:
        """An actual value through the value grammar (cached: forms repeat 100%, 是, 达成…)."""
        key = (text, level1, level2)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._parse_target(
                text, level1=level1, level2=level2, year=self.year, profile=self.profile
            )
            if len(self._cache) < 100_000:
                self._cache[key] = hit
        return hit

    def convert(self, value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
        """:func:`convert_quantity` through a cached factor per unit pair.

        The factor (万元 → 亿元: 0.0001) is used only when it is exact both ways (its inverse
        times it is exactly 1), so ``value × factor`` equals the grammar's own conversion;
        other pairs (小时 → 天) convert value by value.
        """
        pair = (from_unit, to_unit)
        factor = self._factors.get(pair, _UNSET)
        if factor is _UNSET:
            one = Decimal(1)
            f = self.convert_quantity(one, from_unit, to_unit)
            back = self.convert_quantity(one, to_unit, from_unit) if f is not None else None
            factor = f if f is not None and back is not None and f * back == one else None
            if f is None:
                factor = _INCOMPATIBLE
            self._factors[pair] = factor
        if factor is _INCOMPATIBLE:
            return None
        if isinstance(factor, Decimal):
            return value * factor
        return self.convert_quantity(value, from_unit, to_unit)

    def group_points(self, present: frozenset[str]) -> tuple[dict[str, Decimal], Decimal]:
        """Points per present group after the absent-group rule, and their sum (cached)."""
        hit = self._points.get(present)
        if hit is None:
            points = group_points(self.settings.groups, set(present), self.settings.absent_group)
            hit = (points, sum(points.values(), _ZERO))
            self._points[present] = hit
        return hit

    def split(self, points: Decimal, n: int) -> Decimal:
        """``points / n`` (cached: the same split repeats project after project)."""
        key = (points, n)
        hit = self._split.get(key)
        if hit is None:
            hit = self._split[key] = points / n
        return hit

    def group_of(self, indicator: Indicator) -> str | None:
        """The scoring group (canonical 一级指标, after ``group_of``) of a row, or ``None``."""
        key = (indicator.level1, indicator.level2)
        if key in self._group_cache:
            return self._group_cache[key]
        cats = self.profile.categories
        l1 = cats.find_level1(indicator.level1)
        if l1 is None and indicator.level2:
            l1 = cats.parent_of(indicator.level2)
        name = l1.name if l1 else None
        if name is not None:
            name = self.settings.group_of.get(name, name)
        self._group_cache[key] = name
        return name


# --- money ---------------------------------------------------------------------------------------


def _add(a: Money | None, b: Money | None) -> Money | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _in(m: Money | None, unit: MoneyUnit) -> Money | None:
    return m.to(unit) if m is not None else None


def _funds(
    project: Project,
    pa: ProjectActuals | None,
    ctx: _Context,
    issues: list[Issue],
    label: str | None = None,
) -> tuple[list[FundRow], FundRow]:
    """Fund rows in the profile's order plus the total row (年度资金总额).

    Lines with the same source are added. The total is the given 年度资金总额 row, else the sum
    of the lines. A missing 年初预算数 is taken from the plan (the year-start target table).
    """
    fs = ctx.settings.funds
    unit = ctx.money_unit
    label = label or project.label
    lines: dict[str, FundRow] = {}
    given_total: FundActual | None = None
    for f in pa.funds if pa else []:
        if fs.is_total(f.source):
            given_total = f
            continue
        name = fs.canonical(f.source)
        row = lines.setdefault(name, FundRow(name))
        row.initial = _add(row.initial, f.initial)
        row.adjusted = _add(row.adjusted, f.adjusted)
        row.spent = _add(row.spent, f.spent)
    # 年初预算数 from the plan where the actuals leave it out.
    for pl in project.funds.lines:
        name = fs.canonical(pl.source)
        row = lines.setdefault(name, FundRow(name))
        if row.initial is None:
            row.initial = pl.amount
    total = FundRow(fs.total_label)
    for row in lines.values():
        total.initial = _add(total.initial, row.initial)
        total.adjusted = _add(total.adjusted, row.adjusted)
        total.spent = _add(total.spent, row.spent)
    if total.initial is None and project.funds.total is not None:
        total.initial = project.funds.total
    if given_total is not None:
        for attr, text in (
            ("initial", "年初预算数"),
            ("adjusted", "全年预算数"),
            ("spent", "全年执行数"),
        ):
            given: Money | None = getattr(given_total, attr)
            summed: Money | None = getattr(total, attr)
            if given is None:
                continue
            if (
                summed is not None
                and lines
                and any(getattr(r, attr) is not None for r in lines.values())
                and (given.to_yuan() != summed.to_yuan())
            ):
                issues.append(
                    Issue(
                        "funds_total_mismatch",
                        Severity.WARNING,
                        f"{fs.total_label}{text} {given} 与各资金来源合计 {summed} 不一致, "
                        f"采用{fs.total_label}",
                        label,
                        source=given_total.where,
                    )
                )
            setattr(total, attr, given)
    ordered = [lines.pop(s) for s in fs.sources if s in lines] + list(lines.values())
    for row in (*ordered, total):
        row.initial, row.adjusted, row.spent = (
            _in(row.initial, unit),
            _in(row.adjusted, unit),
            _in(row.spent, unit),
        )
    if total.adjusted is None and total.initial is not None and total.spent is not None:
        issues.append(
            Issue(
                "adjusted_budget_missing",
                Severity.WARNING,
                "未填全年预算数 (调整后预算数), 按年初预算数计算执行率",
                label,
                source=pa.where if pa else None,
            )
        )
        total.adjusted = total.initial
    if total.spent is None:
        issues.append(
            Issue(
                "spending_missing",
                Severity.ERROR,
                "未填全年执行数, 无法计算预算执行率 (执行率得 0 分)",
                label,
                source=pa.where if pa else None,
            )
        )
    elif total.adjusted is None or total.adjusted.to_yuan() <= 0:
        issues.append(
            Issue(
                "budget_missing",
                Severity.ERROR,
                "全年预算数缺失或为零, 无法计算预算执行率 (执行率得 0 分)",
                label,
                source=pa.where if pa else None,
            )
        )
    return ordered, total


# --- matching actuals to rows ---------------------------------------------------------------------


def _names_index(project: Project, norm: Callable[[str | None], str]) -> dict[str, list[int]]:
    """Plan row positions by normalised 三级指标 name."""
    by_name: dict[str, list[int]] = {}
    for pos, ind in enumerate(project.indicators):
        key = norm(ind.level3)
        if key:
            by_name.setdefault(key, []).append(pos)
    return by_name


def match_indicators(
    project: Project,
    pa: ProjectActuals | None,
    issues: list[Issue],
    norm: Callable[[str | None], str] = normalize,
    label: str | None = None,
    names_cache: dict[tuple[str | None, ...], dict[str, list[int]]] | None = None,
) -> dict[int, IndicatorActual]:
    """Actual rows by plan row position (0-based): by 序号, else by 三级指标 name (+ 二级指标).

    ``names_cache`` keeps the name index per list of row names (projects of one template
    share it).
    """
    matched: dict[int, IndicatorActual] = {}
    if pa is None:
        return matched
    if names_cache is None:
        by_name = _names_index(project, norm)
    else:
        key = tuple(ind.level3 for ind in project.indicators)
        cached = names_cache.get(key)
        if cached is None:
            cached = _names_index(project, norm)
            if len(names_cache) < 10_000:
                names_cache[key] = cached
        by_name = cached
    label = label or project.label
    for ia in pa.indicators:
        found: int | None = None
        if ia.index is not None:
            if not 1 <= ia.index <= len(project.indicators):
                issues.append(
                    Issue(
                        "actual_index_out_of_range",
                        Severity.ERROR,
                        f"指标序号 {ia.index} 超出范围 "
                        f"(本项目共 {len(project.indicators)} 个指标行)",
                        label,
                        source=ia.where,
                    )
                )
                continue
            found = ia.index - 1
            if ia.level3 and norm(ia.level3) != norm(project.indicators[found].level3):
                issues.append(
                    Issue(
                        "actual_name_differs",
                        Severity.WARNING,
                        f"序号 {ia.index} 的三级指标是“{project.indicators[found].level3 or ''}”, "
                        f"实际完成情况写的是“{ia.level3}”; 按序号匹配",
                        label,
                        ia.index,
                        ia.where,
                    )
                )
        else:
            candidates = by_name.get(norm(ia.level3), [])
            if len(candidates) > 1 and ia.level2:
                narrowed = [
                    c for c in candidates if norm(project.indicators[c].level2) == norm(ia.level2)
                ]
                candidates = narrowed or candidates
            if not candidates:
                issues.append(
                    Issue(
                        "actual_unmatched",
                        Severity.ERROR,
                        f"计划中没有三级指标“{ia.level3}”, 此行实际完成值未使用",
                        label,
                        source=ia.where,
                    )
                )
                continue
            if len(candidates) > 1:
                issues.append(
                    Issue(
                        "actual_ambiguous",
                        Severity.ERROR,
                        f"三级指标“{ia.level3}”在计划中出现 {len(candidates)} 次, "
                        "请用序号 (index) 指明",
                        label,
                        source=ia.where,
                    )
                )
                continue
            found = candidates[0]
        if found in matched:
            issues.append(
                Issue(
                    "actual_duplicate",
                    Severity.ERROR,
                    f"第{found + 1}个指标有重复的实际完成值, 采用第一条",
                    label,
                    found + 1,
                    ia.where,
                )
            )
            continue
        matched[found] = ia
    return matched


# --- one row ------------------------------------------------------------------------------------


def _deadline(target: Target, year: int | None) -> date | None:
    if target.deadline is not None:
        return target.deadline
    if target.deadline_month is not None and year is not None:
        m = target.deadline_month
        return date(year, m, calendar.monthrange(year, m)[1])
    return None


def _qualitative_row(
    actual_text: str | None,
    given: Decimal | None,
    weight: Decimal,
    ctx: _Context,
    empty_target: bool,
) -> RuleScore:
    qs = ctx.settings.qualitative
    band = qs.band_for(actual_text)
    if band is not None:
        return scoring.score_qualitative(band, given, weight, qs)
    if given is not None:
        result = scoring.score_given(given, weight)
        note = "实际完成值未写明等级 (" + " / ".join(b.name for b in qs.bands) + "), 采用填报得分"
        return RuleScore(result.score, result.rule, result.achieved, result.problem, note)
    what = "年度指标值为空, " if empty_target else ""
    return scoring.zero(
        "empty_target"
        if empty_target
        else ("no_actual" if not actual_text else "unreadable_actual"),
        f"{what}定性评价需写明等级 (" + " / ".join(b.name for b in qs.bands) + ") 并给出得分",
    )


_QUANT = TargetKind.QUANTITATIVE
_TIME = TargetKind.TIME
_BOOL = TargetKind.BOOLEAN
_QUAL = TargetKind.QUALITATIVE
_EMPTY = TargetKind.EMPTY


def _score_row(
    indicator: Indicator, ia: IndicatorActual | None, weight: Decimal, ctx: _Context
) -> tuple[RuleScore, Target | None, Decimal | None, bool]:
    """Score one row: (result, parsed actual, 完成率 %, over-achieved)."""
    s = ctx.settings
    target = indicator.target
    kind = target.kind
    if ia is None:
        actual_text: str | None = None
        given: Decimal | None = None
    else:
        actual_text, given = ia.actual, ia.score

    if kind is _EMPTY:
        if s.empty_target == "zero":  # reported once as the row's empty_target issue
            return RuleScore(_ZERO, "empty_target", False), None, None, False
        return (
            _qualitative_row(actual_text, given, weight, ctx, empty_target=True),
            None,
            None,
            False,
        )
    if kind is _QUAL:
        return (
            _qualitative_row(actual_text, given, weight, ctx, empty_target=False),
            None,
            None,
            False,
        )
    if not actual_text:
        return scoring.zero("no_actual", "实际完成值未填, 记 0 分"), None, None, False

    actual = ctx.parse(actual_text, indicator.level1, indicator.level2)
    akind = actual.kind
    if akind is _QUAL and given is not None and s.qualitative.band_for(actual_text) is not None:
        result = _qualitative_row(actual_text, given, weight, ctx, empty_target=False)
        note = "定量/时效指标以定性等级评分; 建议填写实际数值"
        return (
            RuleScore(
                result.score, "qualitative_for_quantitative", result.achieved, result.problem, note
            ),
            actual,
            None,
            False,
        )

    if kind is _QUANT:
        value = actual.value
        if akind is not _QUANT or value is None:
            return (
                scoring.zero("unreadable_actual", f"实际完成值“{actual_text}”不是数值"),
                actual,
                None,
                False,
            )
        t_unit, a_unit = target.unit, actual.unit
        if a_unit and t_unit and a_unit != t_unit and ctx.norm(a_unit) != ctx.norm(t_unit):
            converted = ctx.convert(value, a_unit, t_unit)
            if converted is None:
                return (
                    scoring.zero(
                        "unit_mismatch",
                        f"计量单位不一致: 指标值单位“{t_unit}”, 实际完成值单位“{a_unit}”, 无法换算",
                    ),
                    actual,
                    None,
                    False,
                )
            value = converted
        elif t_unit and not a_unit and s.quantitative.missing_unit == "error":
            return (
                scoring.zero("unit_mismatch", f"实际完成值未写单位 (指标值单位“{t_unit}”)"),
                actual,
                None,
                False,
            )
        tv = target.value
        if tv is None:
            if target.lower is not None and target.upper is not None:
                return (
                    scoring.score_range(value, target.lower, target.upper, weight, s.quantitative),
                    actual,
                    None,
                    False,
                )
            return (
                scoring.zero("unscorable_target", f"年度指标值“{target.raw}”没有可比较的数值"),
                actual,
                None,
                False,
            )
        comparator: str = target.comparator or "="
        result = scoring.score_quantitative(comparator, value, tv, weight, s.quantitative)
        percent = scoring.completion_percent(comparator, value, tv)
        over = scoring.is_over_achieved(comparator, value, tv, s.quantitative, percent)
        return result, actual, percent, over

    if kind is _TIME and target.is_recurring:
        # 周期性期限 (每月10日前): no single date; met when every period was on time
        met = actual.flag if akind is _BOOL else s.time.met(actual_text)
        if met is not None:
            return scoring.score_time(None, None, weight, s.time, met=met), actual, None, False
        return (
            scoring.zero(
                "unreadable_actual",
                f"周期性时效指标“{target.raw}”的实际完成值“{actual_text}”应为"
                "“按时完成/未按时完成”或 是/否",
            ),
            actual,
            None,
            False,
        )
    if kind is _TIME:
        deadline = _deadline(target, ctx.year)
        if deadline is None:
            return (
                scoring.zero("unscorable_target", "时效指标没有可用的截止日期 (需要计划年度)"),
                actual,
                None,
                False,
            )
        if akind is _TIME:
            done = _deadline(actual, ctx.year)
            if done is not None:
                return scoring.score_time(done, deadline, weight, s.time), actual, None, False
        if akind is _BOOL and actual.flag is not None:
            return (
                scoring.score_time(None, deadline, weight, s.time, met=actual.flag),
                actual,
                None,
                False,
            )
        met = s.time.met(actual_text)
        if met is not None:
            return scoring.score_time(None, deadline, weight, s.time, met=met), actual, None, False
        return (
            scoring.zero(
                "unreadable_actual",
                f"时效指标的实际完成值“{actual_text}”不是日期, 也不是“按时完成/未按时完成”",
            ),
            actual,
            None,
            False,
        )

    # 是/否
    if akind is _BOOL and actual.flag is not None and target.flag is not None:
        return scoring.score_boolean(actual.flag, target.flag, weight), actual, None, False
    return (
        scoring.zero("unreadable_actual", f"是/否指标的实际完成值“{actual_text}”不是“是/否”"),
        actual,
        None,
        False,
    )


# --- one project --------------------------------------------------------------------------------

_SELF_SCORED = frozenset(
    {
        "qualitative_band",
        "qualitative_score_only",
        "qualitative_default",
        "qualitative_for_quantitative",
    }
)


def _row_issues(
    result: RuleScore,
    ind: Indicator,
    pos: int,
    label: str,
    where: SourceRef | None,
    issues: list[Issue],
) -> None:
    """The issues a row's scoring raised: a missing actual, a broken rule, a note."""
    if result.rule == "no_actual":
        what = f"“{ind.level3 or ''}”未填实际完成值, 记 0 分"
        if result.problem and not result.problem.startswith("实际完成值未填"):
            what += f" ({result.problem})"
        issues.append(Issue("actual_missing", Severity.ERROR, what, label, pos + 1, where))
    elif result.problem:
        issues.append(
            Issue(f"rule_{result.rule}", Severity.ERROR, result.problem, label, pos + 1, where)
        )
    if result.note:
        issues.append(
            Issue(f"note_{result.rule}", Severity.WARNING, result.note, label, pos + 1, where)
        )


def _weights(
    project: Project,
    rows: list[tuple[int, Indicator, IndicatorActual | None, str | None]],
    ctx: _Context,
    issues: list[Issue],
    label: str | None = None,
) -> dict[int, Decimal]:
    """Points for every scorable row (position → 分值); see :mod:`jixiao.evaluate.weights`."""
    s = ctx.settings
    label = label or project.label
    explicit: dict[int, Decimal | None] = {}
    members: dict[str | None, list[int]] = {}
    any_explicit = False
    for pos, ind, ia, grp in rows:
        w = ia.weight if ia is not None and ia.weight is not None else ind.weight
        if w is not None:
            any_explicit = True
        explicit[pos] = w
        members.setdefault(grp if s.mode == "groups" else None, []).append(pos)
    out: dict[int, Decimal] = {}
    if s.mode == "groups":
        present = frozenset(g for g in members if g is not None)
        points, expected = ctx.group_points(present)
        if len(present) < len(s.groups):
            how = (
                "其分值按比例分给其他一级指标"
                if s.absent_group == "redistribute"
                else "其分值不计入 (总分上限相应降低)"
            )
            for g, p in s.groups.items():
                if g not in present:
                    issues.append(
                        Issue(
                            "group_absent",
                            Severity.WARNING,
                            f"没有可计分的“{g}”({_fmt(p)}分), {how}",
                            label,
                        )
                    )
        for g, gp in points.items():
            mem = members[g]
            given = [explicit[pos] for pos in mem]
            if not any_explicit:
                each = ctx.split(gp, len(mem))
                for pos in mem:
                    out[pos] = each
                continue
            ws = share_rest(given, gp)
            if all(w is not None for w in given):
                got = sum(ws, _ZERO)
                if abs(got - gp) > s.weight_tolerance:
                    issues.append(
                        Issue(
                            "group_weights_differ",
                            Severity.WARNING,
                            f"“{g}”各指标分值合计 {_fmt(got)}, 默认为 {_fmt(gp)} 分 (单位自定分值)",
                            label,
                        )
                    )
            out.update(zip(mem, ws, strict=True))
    else:
        expected = s.indicator_points
        positions = members.get(None, [])
        if positions and not any_explicit:
            issues.append(
                Issue(
                    "weights_missing",
                    Severity.WARNING,
                    f"未给出指标权重, {_fmt(expected)} 分在 {len(positions)} 个指标间平均分配",
                    label,
                )
            )
            each = ctx.split(expected, len(positions))
            out = dict.fromkeys(positions, each)
        else:
            out.update(
                zip(positions, share_rest([explicit[p] for p in positions], expected), strict=True)
            )
    if any_explicit and out:
        got = sum(out.values(), _ZERO)
        if abs(got - expected) > s.weight_tolerance:
            how = "已按比例折算" if s.weight_mismatch == "rescale" else "按填报分值计分"
            issues.append(
                Issue(
                    "weights_sum",
                    Severity.ERROR,
                    f"指标分值合计 {_fmt(got)} ≠ {_fmt(expected)} 分, {how}",
                    label,
                )
            )
            if s.weight_mismatch == "rescale":
                keys = list(out)
                out = dict(zip(keys, rescale([out[k] for k in keys], expected), strict=True))
    if not out:
        issues.append(
            Issue(
                "no_scorable_indicators",
                Severity.ERROR,
                "没有可计分的绩效指标, 指标部分得 0 分",
                label,
            )
        )
    return out


def evaluate_project(
    project: Project,
    pa: ProjectActuals | None,
    settings: EvaluateSettings,
    profile: RuleProfile,
    year: int | None,
) -> ProjectEvaluation:
    """Evaluate one project (see :func:`evaluate_plan`)."""
    ctx = _Context(settings, profile, year)
    return _evaluate_project(project, pa, ctx)


def _evaluate_project(
    project: Project, pa: ProjectActuals | None, ctx: _Context
) -> ProjectEvaluation:
    s = ctx.settings
    label = project.label
    issues: list[Issue] = []
    if pa is None:
        issues.append(Issue("actuals_missing", Severity.ERROR, "实际完成情况中没有此项目", label))

    funds, total_funds = _funds(project, pa, ctx, issues, label)
    rate = total_funds.rate
    execution = scoring.execution_score(rate, s.execution)

    matched = match_indicators(project, pa, issues, ctx.norm, label, ctx.names)
    scorable: list[tuple[int, Indicator, IndicatorActual | None, str | None]] = []
    excluded: dict[int, RuleScore] = {}
    groups_of: dict[int, str | None] = {}
    for pos, ind in enumerate(project.indicators):
        ia = matched.get(pos)
        group = ctx.group_of(ind)
        groups_of[pos] = group
        where = ia.where if ia else ind.source
        if ind.is_blank:
            excluded[pos] = scoring.zero("blank_row")
            issues.append(
                Issue(
                    "blank_row",
                    Severity.WARNING,
                    "空行 (无指标名称、描述和指标值), 不计分",
                    label,
                    pos + 1,
                    where,
                )
            )
            continue
        if s.mode == "groups" and group not in s.groups:
            excluded[pos] = scoring.zero("unknown_group")
            issues.append(
                Issue(
                    "unknown_group",
                    Severity.ERROR,
                    f"一级指标“{ind.level1 or ''}”不属于计分分组 ({' / '.join(s.groups)}), 不计分",
                    label,
                    pos + 1,
                    where,
                )
            )
            continue
        if ind.target.is_empty:
            if s.empty_target == "exclude":
                excluded[pos] = scoring.zero("empty_target_excluded")
                issues.append(
                    Issue(
                        "empty_target",
                        Severity.WARNING,
                        f"“{ind.level3 or ''}”年度指标值为空, 无法计分; "
                        "按规则配置不计分, 分值由同组其他指标分享",
                        label,
                        pos + 1,
                        where,
                    )
                )
                continue
            how = (
                "记 0 分"
                if s.empty_target == "zero"
                else "按定性指标评分 (需在实际完成值中写明等级并给出得分)"
            )
            issues.append(
                Issue(
                    "empty_target",
                    Severity.ERROR if s.empty_target == "zero" else Severity.WARNING,
                    f"“{ind.level3 or ''}”年度指标值为空, 无法按定量规则计分; {how}",
                    label,
                    pos + 1,
                    where,
                )
            )
        scorable.append((pos, ind, ia, group))

    weights = _weights(project, scorable, ctx, issues, label)
    rows: list[IndicatorScore] = []
    scorable_pos = {pos for pos, _, _, _ in scorable}
    tol = s.weight_tolerance
    group_points_sum: dict[str, Decimal] = {}
    group_score_sum: dict[str, Decimal] = {}
    indicator_total = _ZERO
    for pos, ind in enumerate(project.indicators):
        ia = matched.get(pos)
        group = groups_of[pos]
        if pos not in scorable_pos:
            rows.append(
                IndicatorScore(
                    pos + 1,
                    ind,
                    group,
                    _ZERO,
                    excluded[pos],
                    ia.actual if ia else None,
                    explanation=ia.explanation if ia else None,
                    claimed_score=ia.score if ia else None,
                    scored=False,
                    source=ia.where if ia else ind.source,
                )
            )
            continue
        weight = weights.get(pos, _ZERO)
        result, actual, percent, over = _score_row(ind, ia, weight, ctx)
        score = result.score
        where = ia.where if ia else ind.source
        if result.problem or result.note or result.rule == "no_actual":
            _row_issues(result, ind, pos, label, where, issues)
        claimed = ia.score if ia else None
        explanation = ia.explanation if ia else None
        rows.append(
            IndicatorScore(
                pos + 1,
                ind,
                group,
                weight,
                result,
                ia.actual if ia else None,
                actual,
                percent,
                over,
                explanation,
                claimed,
                True,
                where,
            )
        )
        indicator_total += score
        if group is not None:
            group_points_sum[group] = group_points_sum.get(group, _ZERO) + weight
            group_score_sum[group] = group_score_sum.get(group, _ZERO) + score
        if claimed is not None and result.rule not in _SELF_SCORED and abs(claimed - score) > tol:
            issues.append(
                Issue(
                    "claimed_score_differs",
                    Severity.WARNING,
                    f"填报得分 {_fmt(claimed)} 与按规则计算的 {_fmt(score)} 不一致 "
                    f"({result.rule_text})",
                    label,
                    pos + 1,
                    where,
                )
            )

    group_scores = [
        GroupScore(g, group_points_sum[g], group_score_sum[g])
        for g in s.groups
        if s.mode == "groups" and g in group_points_sum
    ]
    total_exact = execution.score + indicator_total
    total = round_score(total_exact, s.rounding)
    grade, grade_rule = grade_for(total, s.grades)
    return ProjectEvaluation(
        project=project,
        funds=funds,
        total_funds=total_funds,
        execution_rate=rate,
        execution_points=s.execution.points,
        execution=execution,
        indicators=rows,
        groups=group_scores,
        total_exact=total_exact,
        total=total,
        grade=grade,
        grade_rule=grade_rule,
        explain_deviations=s.require_deviation_explanation,
        over_achievement_percent=s.quantitative.over_achievement_percent,
        execution_threshold=s.execution.explanation_below_percent,
        execution_needs_reason=scoring.execution_needs_reason(rate, s.execution),
        issues=issues,
        outcome=pa.outcome if pa else None,
        execution_reason=pa.execution_reason if pa else None,
    )


# --- department ---------------------------------------------------------------------------------


def department_rollup(
    projects: list[ProjectEvaluation], settings: EvaluateSettings
) -> DepartmentRollup:
    """部门汇总 (DOMAIN.md §6).

    执行率 = Σ 全年执行数 / Σ 全年预算数 over projects (money-weighted, never a mean of rates),
    scored with the project execution rule. Department score (``department.score``):
    ``money_weighted`` — project totals weighted by 全年预算数 (projects without a budget
    count with weight 0 unless no project has one, then a plain mean); ``mean`` — a plain mean.
    """
    unit = MoneyUnit.parse(settings.funds.unit)
    adjusted_yuan = _ZERO
    spent_yuan = _ZERO
    weights: list[tuple[Decimal, Decimal]] = []
    for p in projects:
        a, sp = p.total_funds.adjusted, p.total_funds.spent
        a_yuan = a.to_yuan() if a is not None else _ZERO
        if a is not None and sp is not None:
            adjusted_yuan += a_yuan
            spent_yuan += sp.to_yuan()
        weights.append((a_yuan, p.total_exact))
    adjusted = Money(adjusted_yuan, MoneyUnit.YUAN).to(unit)
    spent = Money(spent_yuan, MoneyUnit.YUAN).to(unit)
    rate = spent_yuan / adjusted_yuan if adjusted_yuan > 0 else None
    execution = scoring.execution_score(rate, settings.execution)
    money = sum((w for w, _ in weights), _ZERO)
    if settings.department_score == "money_weighted" and money > 0:
        score = sum((w * t for w, t in weights), _ZERO) / money
        method = "按全年预算数加权的项目总分"
    else:
        score = sum((t for _, t in weights), _ZERO) / len(weights) if weights else _ZERO
        method = "项目总分的简单平均"
    score = round_score(score, settings.rounding)
    grade, grade_rule = grade_for(score, settings.grades)
    counts = Counter(p.grade for p in projects)
    distribution = {g.name: counts.get(g.name, 0) for g in settings.grades}
    return DepartmentRollup(
        adjusted=adjusted,
        spent=spent,
        execution_rate=rate,
        execution=execution,
        score=score,
        grade=grade,
        grade_rule=grade_rule,
        distribution=distribution,
        method=method,
    )


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a batch (restored afterwards).

    Scoring allocates many small objects and no reference cycles; on a large plan the
    collector's repeated scans of the (large, live) input took about half of the time.
    Memory is still freed by reference counting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def evaluate_plan(
    plan: Plan,
    actuals: Actuals,
    profile: RuleProfile | str | None = None,
) -> Evaluation:
    """The self-evaluation of every project of ``plan`` with ``actuals`` under ``profile``.

    ``profile`` is a loaded :class:`RuleProfile`, a bundled name (``national``, ``sichuan``,
    ``hubei``) or a path; ``None`` means the national default.
    """
    with _cycle_collector_paused():
        return _evaluate_plan(plan, actuals, profile)


def _evaluate_plan(plan: Plan, actuals: Actuals, profile: RuleProfile | str | None) -> Evaluation:
    rp = profile if isinstance(profile, RuleProfile) else load_profile(profile)
    settings = EvaluateSettings.from_profile(rp)
    year = plan.year or actuals.year
    ctx = _Context(settings, rp, year)
    issues: list[Issue] = []
    if plan.year and actuals.year and plan.year != actuals.year:
        issues.append(
            Issue(
                "year_differs",
                Severity.WARNING,
                f"实际完成情况的年度 {actuals.year} 与计划年度 {plan.year} 不同",
            )
        )
    used: set[int] = set()
    evaluated: list[ProjectEvaluation] = []
    index = ActualsIndex(actuals)
    for project in plan.projects:
        pa = index.find(project.code, project.name)
        if pa is not None:
            used.add(id(pa))
        evaluated.append(_evaluate_project(project, pa, ctx))
    for pa in actuals.projects:
        if id(pa) not in used:
            issues.append(
                Issue(
                    "actuals_project_unknown",
                    Severity.ERROR,
                    f"计划中没有项目 {pa.label}, 其实际完成情况未使用",
                    source=pa.where,
                )
            )
    return Evaluation(
        plan=plan,
        profile_name=rp.name,
        profile_title=rp.title,
        settings=settings,
        projects=evaluated,
        department=department_rollup(evaluated, settings),
        issues=issues,
        actuals_file=actuals.file,
        actuals_note=actuals.note,
    )

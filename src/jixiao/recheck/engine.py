"""Recompute a published form's scores and name every discrepancy (复算与差异原因).

For one :class:`~jixiao.recheck.form.PublishedForm` under a profile (detected from the form or
forced): the indicator rows are rebuilt as a project (targets through the value grammar, the
form's own 分值 as weights) and scored by :func:`jixiao.evaluate.engine.evaluate_project` —
the same rules as the self-evaluation, from :mod:`jixiao.evaluate.scoring`; 预算执行率 is
recomputed with :func:`jixiao.evaluate.scoring.execution_score` from the money rows. Each
row then gets: published vs recomputed score, the difference (published − recomputed), the
rule applied and, where they differ, a named reason:

``rounded``                       a partial score printed rounded to whole points (8.62 → 9)
``met-but-not-full``              the target is met, the form gives less than the 分值
``rate-scored-satisfaction``      a met satisfaction target scored 分值 × 满意度 (10 × 95% = 9.5)
``qualitative-out-of-band``       a 定性 score outside its grade's band
``score-differs``                 any other difference (the rule applied says why)
``target-lowered``                the 年度指标值 is below the approved target (given a plan)

and for the form as a whole:

``execution-score-inconsistent``  执行率得分 not what the rate gives (100% scored 9 of 10)
``money-rows-inconsistent``       年度资金总额 zeros while 财政拨款 holds the money; sums off
``budget-cut-high-execution``     a large cut 年初 → 全年预算数 behind a high 执行率
``total-not-sum``                 总分 ≠ 执行率得分 + Σ 指标得分
``grade-inconsistent``            评价等级 not the grade of the recomputed total

Blank actuals or scores are *unfilled* (reported, never errors); rows whose actual cannot be
compared (a date where a number was expected, units that do not convert) are *unchecked*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

from jixiao.domain.model import Indicator, Plan, Project, SourceRef
from jixiao.domain.money import quantize_exact, round_to
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.domain.target import Target
from jixiao.domain.text import normalize
from jixiao.domain.values import convert_quantity, parse_target, parse_target_columns
from jixiao.evaluate import scoring
from jixiao.evaluate.actuals import IndicatorActual, ProjectActuals
from jixiao.evaluate.engine import evaluate_project
from jixiao.evaluate.grades import grade_for, round_score
from jixiao.evaluate.scoring import RULE_TEXT
from jixiao.evaluate.settings import EvaluateSettings
from jixiao.recheck.form import IndicatorRow, MoneyRow, PublishedForm, is_blank, percent
from jixiao.recheck.settings import RecheckSettings
from jixiao.recheck.templates import (
    TemplateChoice,
    detect_template,
    forced_template,
    form_execution_points,
)

__all__ = [
    "REASONS",
    "Discrepancy",
    "ExecutionCheck",
    "FormRecheck",
    "RowCheck",
    "recheck_file",
    "recheck_form",
]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)

#: Reason code → what it means (Chinese, shown in reports).
REASONS: dict[str, str] = {
    "rounded": "部分得分被取整 (进位为整数分)",
    "met-but-not-full": "已达成年度指标却未得满分",
    "rate-scored-satisfaction": "满意度已达标却按“分值×满意度”计分",
    "qualitative-out-of-band": "定性指标得分不在所评等级的分值区间内",
    "score-differs": "得分与计分规则不符",
    "target-lowered": "年度指标值低于批复的绩效目标",
    "execution-score-inconsistent": "预算执行率得分与执行率不符",
    "money-rows-inconsistent": "资金行不一致 (总额与各来源不符)",
    "budget-cut-high-execution": "年中大幅调减预算后执行率很高",
    "total-not-sum": "总分不等于各项得分之和",
    "grade-inconsistent": "评价等级与复算总分不符",
}

#: Rules whose result cannot be compared with a published score.
_UNCHECKED_RULES = frozenset({"unreadable_actual", "unit_mismatch", "unscorable_target"})


def _fmt(d: Decimal | None) -> str:
    if d is None:
        return "—"
    q = round_to(d, 2, ROUND_HALF_UP)
    text = f"{q:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A named discrepancy: where, what the form says, what the rules give, and why.

    ``difference`` is published − recomputed (positive: the form gives more) for score
    discrepancies; ``None`` for findings that are not a score (a budget cut, money rows).
    """

    reason: str
    message: str
    row: int | None = None
    published: Decimal | None = None
    recomputed: Decimal | None = None
    difference: Decimal | None = None
    where: SourceRef | None = None

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass(slots=True)
class RowCheck:
    """One indicator row rechecked.

    ``status``: ``ok``, ``discrepancy``, ``unfilled`` (blank actual or score), ``unchecked``
    (the actual cannot be compared with the target) or ``not-scored`` (a row that takes no
    points: blank, or outside every scoring group).
    """

    row: IndicatorRow
    group: str | None
    weight: Decimal | None
    published: Decimal | None
    recomputed: Decimal | None
    rule: str | None
    status: str
    reasons: list[str] = field(default_factory=list)
    note: str | None = None
    approved_target: str | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.published is None or self.recomputed is None:
            return None
        return self.published - self.recomputed

    @property
    def rule_text(self) -> str:
        return RULE_TEXT.get(self.rule, self.rule) if self.rule else "—"


@dataclass(slots=True)
class ExecutionCheck:
    """预算执行率 rechecked: the money used, the rate, published vs recomputed score."""

    initial: Decimal | None = None
    adjusted: Decimal | None = None
    spent: Decimal | None = None
    money_from: str = "年度资金总额"
    rate_percent: Decimal | None = None  # recomputed 执行率, percent
    published_rate_percent: Decimal | None = None
    points: Decimal | None = None
    published: Decimal | None = None
    recomputed: Decimal | None = None
    rule: str | None = None
    status: str = "ok"  # ok / discrepancy / unfilled / missing

    @property
    def difference(self) -> Decimal | None:
        if self.published is None or self.recomputed is None:
            return None
        return self.published - self.recomputed


@dataclass(slots=True)
class FormRecheck:
    """The re-check of one published form."""

    form: PublishedForm
    template: TemplateChoice
    execution: ExecutionCheck
    rows: list[RowCheck]
    discrepancies: list[Discrepancy]
    published_total: Decimal | None
    published_sum: Decimal | None
    recomputed_total: Decimal
    recomputed_grade: str
    unfilled: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def profile_name(self) -> str:
        return self.template.name

    @property
    def missing(self) -> list[str]:
        return self.form.missing

    @property
    def inflation(self) -> Decimal:
        """Net score inflation: Σ (published − recomputed) over every score discrepancy,
        plus the amount by which 总分 exceeds the sum of its own rows."""
        return sum((d.difference for d in self.discrepancies if d.difference is not None), _ZERO)

    @property
    def reason_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.discrepancies:
            out[d.reason] = out.get(d.reason, 0) + 1
        return out

    @property
    def status(self) -> str:
        """``unfilled`` (no published scores to check), ``discrepancies``, ``incomplete`` (a
        cut-off form without discrepancies in what it shows) or ``ok``."""
        if self.discrepancies:
            return "discrepancies"
        checked = [r for r in self.rows if r.status in ("ok", "discrepancy")]
        if not checked and self.execution.status != "ok":
            return "unfilled"
        if self.form.missing:
            return "incomplete"
        if self.unfilled:
            return "unfilled"
        return "ok"


# --------------------------------------------------------------------------------------------
# Building the project the evaluation engine scores
# --------------------------------------------------------------------------------------------

_ROW_PREFIX = re.compile(r"^指标\d+[:：.、]?")


def _name_key(text: str | None) -> str:
    return normalize(_ROW_PREFIX.sub("", (text or "").strip()))


def _target(row: IndicatorRow, year: int | None, profile: RuleProfile) -> Target:
    if row.comparator is not None or row.value is not None or row.unit is not None:
        return parse_target_columns(
            row.comparator, row.value, row.unit, level1=row.level1, level2=row.level2,
            year=year, profile=profile,
        )  # fmt: skip
    return parse_target(
        None if is_blank(row.target) else row.target,
        level1=row.level1, level2=row.level2, year=year, profile=profile,
    )  # fmt: skip


def _approved_project(plan: Plan | None, form: PublishedForm) -> Project | None:
    if plan is None or not plan.projects:
        return None
    if len(plan.projects) == 1:
        return plan.projects[0]
    key = normalize(form.project)
    if not key:
        return None
    for p in plan.projects:
        if normalize(p.name) == key or (p.code and normalize(p.code) in key):
            return p
    for p in plan.projects:
        name = normalize(p.name)
        if name and (name in key or key in name):
            return p
    return None


def _lowered(published: Target, approved: Target, rs: RecheckSettings) -> bool:
    """The published target asks less than the approved one (≥ lower, ≤ higher)."""
    if not (published.is_quantitative and approved.is_quantitative):
        return False
    pv, av = published.value, approved.value
    if pv is None or av is None:
        return False
    if published.unit and approved.unit and published.unit != approved.unit:
        converted = convert_quantity(pv, published.unit, approved.unit)
        if converted is None:
            return False
        pv = converted
    margin = abs(av) * rs.target_lowered_percent / _HUNDRED
    comp = approved.comparator.value if approved.comparator is not None else "="
    if comp in ("≤", "<"):
        return pv > av + margin
    return pv < av - margin


# --------------------------------------------------------------------------------------------
# The money block
# --------------------------------------------------------------------------------------------


def _sum(rows: list[MoneyRow], attr: str) -> Decimal | None:
    values = [v for r in rows if (v := r.amount(attr)) is not None]
    return sum(values, _ZERO) if values else None


def _execution(
    form: PublishedForm,
    settings: EvaluateSettings,
    rs: RecheckSettings,
    out: list[Discrepancy],
    unfilled: list[str],
) -> ExecutionCheck:
    ex = ExecutionCheck()
    total = form.total_row
    sources = [r for r in form.source_rows]
    funded_sources = [r for r in sources if r.has_money]
    money_row: MoneyRow | None = total
    money_discrepancy: Discrepancy | None = None
    if total is not None and not total.has_money and funded_sources:
        ex.money_from = "各资金来源合计"
        labels = "、".join(r.label for r in funded_sources)
        money_discrepancy = Discrepancy(
            "money-rows-inconsistent",
            f"“{total.label}”行的金额为 0 或空, 而“{labels}”行有资金; 按各来源合计复算",
            where=total.where,
        )
        ex.initial, ex.adjusted, ex.spent = (
            _sum(funded_sources, "initial"),
            _sum(funded_sources, "adjusted"),
            _sum(funded_sources, "spent"),
        )
    elif total is None and funded_sources:
        ex.money_from = "各资金来源合计"
        ex.initial, ex.adjusted, ex.spent = (
            _sum(funded_sources, "initial"),
            _sum(funded_sources, "adjusted"),
            _sum(funded_sources, "spent"),
        )
        money_row = funded_sources[0]
    elif total is not None:
        ex.initial, ex.adjusted, ex.spent = (
            total.amount("initial"),
            total.amount("adjusted"),
            total.amount("spent"),
        )
        if funded_sources:
            off = []
            for attr, text in (("initial", "年初预算数"), ("adjusted", "全年预算数"),
                               ("spent", "全年执行数")):  # fmt: skip
                t, s = total.amount(attr), _sum(funded_sources, attr)
                if t is not None and s is not None and abs(t - s) > rs.money_tolerance:
                    off.append(f"{text} {_fmt(t)} ≠ 各来源合计 {_fmt(s)}")
            if off:
                out.append(
                    Discrepancy(
                        "money-rows-inconsistent",
                        f"“{total.label}”行与各资金来源之和不符: " + "; ".join(off),
                        where=total.where,
                    )
                )
    else:
        ex.status = "missing"
        return ex
    if any(r.glued and not r.complete for r in form.money):
        ex.status = "unchecked"
        out[:] = [d for d in out if d.reason != "money-rows-inconsistent"]
        return ex

    # published points, rate, score: the total row, else the first row that prints them
    score_row = next(
        (r for r in ([money_row] if money_row else []) + form.money if not is_blank(r.score)),
        None,
    )
    rate_row = next(
        (r for r in ([money_row] if money_row else []) + form.money if not is_blank(r.rate)),
        None,
    )
    points = form_execution_points(form) or settings.execution.points
    ex.points = points
    base = settings.execution
    scale = points / base.points if base.points else Decimal(1)
    exec_settings = replace(base, points=points, cap=base.cap * scale)
    ex.published = score_row.amount("score") if score_row is not None else None
    ex.published_rate_percent = percent(rate_row.rate) if rate_row is not None else None

    adjusted = ex.adjusted
    if adjusted is None or adjusted == 0:
        adjusted = ex.initial
    rate = scoring.execution_rate(ex.spent, adjusted) if ex.spent is not None and adjusted else None
    if rate is None and ex.published_rate_percent is not None and money_discrepancy is None:
        rate = ex.published_rate_percent / _HUNDRED
    result = scoring.execution_score(rate, exec_settings)
    ex.rule = result.rule
    ex.rate_percent = rate * _HUNDRED if rate is not None else None
    ex.recomputed = result.score if rate is not None else None
    where = (score_row or money_row or total or form.money[0]).where

    if ex.published is None:
        ex.status = "unfilled"
        unfilled.append("预算执行率得分未填")
    diff = ex.difference
    if money_discrepancy is not None:
        if diff is not None and abs(diff) > rs.score_tolerance:
            money_discrepancy = replace(
                money_discrepancy,
                message=money_discrepancy.message
                + f"; 执行率 {_fmt(ex.rate_percent)}% 应得 {_fmt(ex.recomputed)} 分, "
                f"表中 {_fmt(ex.published)} 分",
                published=ex.published,
                recomputed=ex.recomputed,
                difference=diff,
            )
            ex.status = "discrepancy"
        out.append(money_discrepancy)
    elif diff is not None and abs(diff) > rs.score_tolerance:
        ex.status = "discrepancy"
        rounded = ex.recomputed is not None and ex.published in _roundings(
            ex.recomputed, rs.rounded_places
        )
        how = " (按整数分取整)" if rounded else ""
        out.append(
            Discrepancy(
                "execution-score-inconsistent",
                f"执行率 {_fmt(ex.rate_percent)}% × {_fmt(points)} 分应得 "
                f"{_fmt(ex.recomputed)} 分, "
                f"表中为 {_fmt(ex.published)} 分{how}",
                published=ex.published,
                recomputed=ex.recomputed,
                difference=diff,
                where=where,
            )
        )
    if (
        money_discrepancy is None
        and ex.published_rate_percent is not None
        and ex.rate_percent is not None
        and abs(ex.published_rate_percent - ex.rate_percent) > rs.rate_tolerance_percent
    ):
        out.append(
            Discrepancy(
                "execution-score-inconsistent",
                f"表中执行率 {_fmt(ex.published_rate_percent)}% 与 全年执行数/全年预算数 = "
                f"{_fmt(ex.spent)}/{_fmt(adjusted)} = {_fmt(ex.rate_percent)}% 不符",
                where=(rate_row.where if rate_row else where),
            )
        )
    # budget cut behind a high execution rate
    if ex.initial and ex.adjusted is not None and ex.initial > 0 and ex.rate_percent is not None:
        cut = (ex.initial - ex.adjusted) / ex.initial * _HUNDRED
        if cut >= rs.budget_cut_percent and ex.rate_percent >= rs.high_execution_percent:
            on_initial = (ex.spent or _ZERO) / ex.initial * _HUNDRED
            out.append(
                Discrepancy(
                    "budget-cut-high-execution",
                    f"年初预算数 {_fmt(ex.initial)} 调减为全年预算数 {_fmt(ex.adjusted)} "
                    f"(调减 {_fmt(cut)}%), 执行率 {_fmt(ex.rate_percent)}%; "
                    f"按年初预算数计仅 {_fmt(on_initial)}%",
                    where=where,
                )
            )
    return ex


def _roundings(value: Decimal, places: int) -> set[Decimal]:
    """The value rounded to ``places`` decimals half up, up (进位) and down (舍去)."""
    q = Decimal(1).scaleb(-places)
    return {quantize_exact(value, q, m) for m in (ROUND_HALF_UP, ROUND_CEILING, ROUND_FLOOR)}


def _round_places(value: Decimal, places: int) -> Decimal:
    return round_to(value, places, ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------
# One form
# --------------------------------------------------------------------------------------------


def _row_reason(
    check: RowCheck,
    actual: Target | None,
    rs: RecheckSettings,
    problem: str | None,
    achieved: bool,
) -> tuple[str, str]:
    p, r, w = check.published, check.recomputed, check.weight
    assert p is not None and r is not None
    if check.rule == "qualitative_band" and problem:
        return "qualitative-out-of-band", problem
    if achieved and w is not None and p < w:
        if (
            check.group in rs.satisfaction_groups
            and actual is not None
            and (actual.value is not None and actual.unit == "%")
        ):
            by_rate = w * actual.value / _HUNDRED
            if abs(p - by_rate) <= rs.rate_match_tolerance:
                return (
                    "rate-scored-satisfaction",
                    f"满意度 {_fmt(actual.value)}% 已达到年度指标值, 应得满分 {_fmt(w)}; "
                    f"表中按 {_fmt(w)} × {_fmt(actual.value)}% = {_fmt(by_rate)} 计分",
                )
        return (
            "met-but-not-full",
            f"已达成年度指标 ({check.rule_text}), 应得满分 {_fmt(w)}, 表中 {_fmt(p)} 分",
        )
    if not achieved and p != r and p in _roundings(r, rs.rounded_places):
        return (
            "rounded",
            f"按规则得 {_fmt(r)} 分 ({check.rule_text}), 表中取整为 {_fmt(p)} 分",
        )
    if w is not None and p > w:
        return "score-differs", f"得分 {_fmt(p)} 超过分值 {_fmt(w)}; 按规则得 {_fmt(r)} 分"
    return "score-differs", f"按规则得 {_fmt(r)} 分 ({check.rule_text}), 表中 {_fmt(p)} 分"


def recheck_form(
    form: PublishedForm,
    profile: RuleProfile | str | None = None,
    *,
    plan: Plan | None = None,
) -> FormRecheck:
    """Recheck one published form under ``profile`` (``None``: detect the template).

    ``plan`` is the approved plan (Plan JSON or a target document read into a Plan): its
    targets are compared with the published 年度指标值 (``target-lowered``).
    """
    choice = forced_template(profile) if profile is not None else detect_template(form)
    rp = choice.profile
    settings = replace(
        EvaluateSettings.from_profile(rp), weight_mismatch="keep", absent_group="drop"
    )
    rs = RecheckSettings.from_profile(rp)
    year = form.year
    discrepancies: list[Discrepancy] = []
    unfilled: list[str] = []
    notes: list[str] = []

    execution = _execution(form, settings, rs, discrepancies, unfilled)
    if execution.status == "missing":
        notes.append("表中没有资金行, 未复核预算执行率")
    elif execution.status == "unchecked":
        notes.append("资金行的文字粘连, 各列无法可靠区分, 未复核预算执行率")
    if any(r.glued for r in form.indicators) or any(r.glued for r in form.money):
        notes.append(
            "原文表格的单元格分隔已丢失 (文字粘连), 按表头和数字边界拆分, 部分单元格可能无法区分"
        )

    approved = _approved_project(plan, form)
    if plan is not None and approved is None:
        notes.append("批复的绩效目标中找不到此项目, 未比较年度指标值")
    approved_rows: dict[str, Indicator] = {}
    if approved is not None:
        for ind in approved.indicators:
            approved_rows.setdefault(_name_key(ind.level3), ind)

    indicators: list[Indicator] = []
    actuals: list[IndicatorActual] = []
    lowered: dict[int, Indicator] = {}
    for row in form.indicators:
        target = _target(row, year, rp)
        app = approved_rows.get(_name_key(row.level3))
        if app is not None and _lowered(target, app.target, rs):
            lowered[row.index] = app
            target = app.target
        indicators.append(
            Indicator(
                level1=row.level1,
                level2=row.level2,
                level3=row.level3,
                target=target,
                weight=row.weight_value,
                source=row.where,
            )
        )
        actuals.append(
            IndicatorActual(
                index=row.index,
                actual=None if is_blank(row.actual) else row.actual,
                score=row.score_value,
                where=row.where,
            )
        )
    project = Project(None, form.project or form.label, indicators=indicators)
    pa = ProjectActuals(None, form.project, indicators=actuals)
    evaluation = evaluate_project(project, pa, settings, rp, year)

    rows: list[RowCheck] = []
    recomputed_rows = _ZERO
    for row, scored in zip(form.indicators, evaluation.indicators, strict=True):
        result = scored.result
        check = RowCheck(
            row=row,
            group=scored.group,
            weight=scored.weight if scored.scored else row.weight_value,
            published=row.score_value,
            recomputed=result.score if scored.scored else None,
            rule=result.rule,
            status="ok",
            note=result.problem or result.note,
        )
        app = lowered.get(row.index)
        if app is not None:
            check.approved_target = app.target.raw
        rows.append(check)
        if not scored.scored:
            check.status = "not-scored"
            continue
        if row.cut_off:
            check.status = "cut-off"
            check.recomputed = None
            continue
        if row.actual_blank or check.published is None:
            check.status = "unfilled"
            what = "实际完成值" if row.actual_blank else "得分"
            if row.actual_blank and check.published is None:
                what = "实际完成值和得分"
            unfilled.append(f"第{row.index}个指标“{row.label}”未填{what}")
            if row.actual_blank:
                check.recomputed = None
            elif check.recomputed is not None:
                recomputed_rows += check.recomputed
            continue
        if result.rule in _UNCHECKED_RULES or (
            row.glued and (row.weight_value is None or row.target_blank)
        ):
            check.status = "unchecked"
            if row.glued:
                check.note = "原文单元格粘连, 无法可靠区分此行各列"
            recomputed_rows += check.published
            continue
        recomputed_rows += result.score
        diff = check.difference
        if app is not None:
            check.status = "discrepancy"
            check.reasons.append("target-lowered")
            discrepancies.append(
                Discrepancy(
                    "target-lowered",
                    f"年度指标值“{row.target}”低于批复目标“{app.target.raw}”; 按批复目标得 "
                    f"{_fmt(check.recomputed)} 分, 表中 {_fmt(check.published)} 分",
                    row.index,
                    check.published,
                    check.recomputed,
                    diff,
                    row.where,
                )
            )
            continue
        if diff is None or abs(diff) <= rs.score_tolerance:
            continue
        check.status = "discrepancy"
        reason, message = _row_reason(check, scored.actual, rs, result.problem, result.achieved)
        check.reasons.append(reason)
        discrepancies.append(
            Discrepancy(
                reason,
                f"第{row.index}个指标“{row.label}”: {message}",
                row.index,
                check.published,
                check.recomputed,
                diff,
                row.where,
            )
        )

    recomputed_total = (execution.recomputed or _ZERO) + recomputed_rows
    published_scores = [r.published for r in rows if r.published is not None]
    published_sum: Decimal | None = None
    if published_scores or execution.published is not None:
        published_sum = (execution.published or _ZERO) + sum(published_scores, _ZERO)
    published_total = form.total_value
    if published_total is None and not is_blank(form.total):
        notes.append(f"总分“{form.total}”无法识别")
    if published_total is not None and published_total > settings.total_points + rs.total_tolerance:
        notes.append(
            f"总分“{form.total}”超过满分 {_fmt(settings.total_points)}, 无法识别 (可能是粘连的数字)"
        )
        published_total = None
    if form.total is None and form.total_points is not None:
        unfilled.append("总分未填")
    if published_total is not None and published_sum is not None:
        gap = published_total - published_sum
        if abs(gap) > rs.total_tolerance:
            discrepancies.append(
                Discrepancy(
                    "total-not-sum",
                    f"总分 {_fmt(published_total)} ≠ 执行率得分 {_fmt(execution.published)} + "
                    f"各指标得分之和 {_fmt(sum(published_scores, _ZERO))} = {_fmt(published_sum)}",
                    published=published_total,
                    recomputed=published_sum,
                    difference=gap,
                )
            )
    rounded_total = round_score(recomputed_total, settings.rounding)
    grade, _ = grade_for(rounded_total, settings.grades)
    if form.grade and not form.missing:
        expected = grade
        if normalize(form.grade)[:1] != normalize(expected)[:1]:
            discrepancies.append(
                Discrepancy(
                    "grade-inconsistent",
                    f"评价等级“{form.grade}”, 按复算总分 {_fmt(rounded_total)} 应为“{expected}”",
                )
            )
    if form.missing:
        notes.append("表格不完整: 缺少 " + "; ".join(form.missing))
    notes.extend(form.notes)
    return FormRecheck(
        form=form,
        template=choice,
        execution=execution,
        rows=rows,
        discrepancies=discrepancies,
        published_total=published_total,
        published_sum=published_sum,
        recomputed_total=rounded_total,
        recomputed_grade=grade,
        unfilled=unfilled,
        notes=notes,
    )


def recheck_file(
    path: str | Path,
    profile: RuleProfile | str | None = None,
    *,
    plan: Plan | None = None,
) -> list[FormRecheck]:
    """Read every published self-evaluation form in a file and recheck it.

    ``profile=None`` detects each form's template; target tables are not forms. Raises
    :class:`~jixiao.domain.errors.InputError` only for a file that cannot be read."""
    from jixiao.recheck.reader import read_forms

    rp = load_profile(profile) if isinstance(profile, str) else profile
    forms = [f for f in read_forms(path, rp) if f.is_self_evaluation]
    return [recheck_form(f, rp, plan=plan) for f in forms]

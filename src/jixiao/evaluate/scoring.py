"""Scoring rules of the self-evaluation (绩效自评计分规则), one small pure function each.

Every function takes plain values (Decimals, dates, flags) plus the few profile settings it
needs, and returns a :class:`RuleScore`: the score, the id of the rule that produced it and
whether the row counts as fully achieved. Nothing here reads files or profiles, so a re-check
of published forms can call the same functions with another template's numbers.

Rules (DOMAIN.md §5, 财预〔2020〕10号 附件):

* 预算执行率: ``min(执行率 × 分值, 封顶)`` (``execution_linear``) or a banded table.
* ≥ (and ``=`` by default): 完成值 ≥ 指标值 → full; else 完成值/指标值 × 分值 (``ge``).
* ≤, two variants: linear penalty reaching 0 at ``k ×`` target (``le_linear_penalty``), or
  指标值/完成值 × 分值 (``le_target_over_actual``).
* ranges (``80-90%``): inside → full; below → as ≥ on the lower bound; above → as ≤ on the upper.
* 时效: met by the deadline → full, else 0 (``time_deadline``); variant: a share of the
  weight lost per month late (``time_monthly_penalty``).
* 是/否: matches → full, else 0 (``boolean_match``).
* 定性: the evaluator's score must lie inside the grade's band (``qualitative_band``).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from jixiao.domain.money import round_to
from jixiao.evaluate.settings import (
    ExecutionSettings,
    QualitativeBand,
    QualitativeSettings,
    QuantitativeSettings,
    TimeSettings,
)

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)

#: Rule id → how the rule is called in the 自评表 (shown in text/XLSX output).
RULE_TEXT: dict[str, str] = {
    "execution_linear": "执行率×分值 (封顶)",
    "execution_bands": "执行率分档计分",
    "execution_no_budget": "全年预算数缺失或为零, 不能计算执行率",
    "ge": "完成值≥指标值得满分, 否则 完成值/指标值×分值",
    "eq_as_ge": "“=”指标按“≥”计分",
    "eq_deviation": "“=”指标按偏离度扣分",
    "le_linear_penalty": "完成值≤指标值得满分, 超出部分线性扣分至 k 倍指标值为 0",
    "le_target_over_actual": "完成值≤指标值得满分, 否则 指标值/完成值×分值",
    "range": "区间指标: 区间内满分, 区间外按≥/≤规则",
    "time_deadline": "按期完成得满分, 否则 0 分",
    "time_monthly_penalty": "按期完成得满分, 每逾期一月扣减一定比例",
    "boolean_match": "与指标值一致得满分, 否则 0 分",
    "qualitative_band": "定性指标: 在等级分值区间内评分",
    "qualitative_score_only": "定性指标: 未写明等级, 采用填报得分",
    "qualitative_default": "定性指标: 未填得分, 按等级区间下限计",
    "qualitative_for_quantitative": "定量/时效指标按定性等级评分",
    "empty_target": "年度指标值为空, 记 0 分",
    "empty_target_excluded": "年度指标值为空, 不计分 (分值由同组其他指标分享)",
    "blank_row": "空行, 不计分",
    "no_actual": "实际完成值未填, 记 0 分",
    "unreadable_actual": "实际完成值无法识别, 记 0 分",
    "unit_mismatch": "计量单位不一致, 记 0 分",
    "unscorable_target": "年度指标值无法用于计分, 记 0 分",
    "unknown_group": "一级指标不在计分分组内, 不计分",
}


#: Rule id → a short label for narrow tables (console output).
RULE_SHORT: dict[str, str] = {
    "execution_linear": "执行率×分值",
    "execution_bands": "分档",
    "execution_no_budget": "无预算",
    "ge": "≥ 比例",
    "eq_as_ge": "= 按≥",
    "eq_deviation": "= 偏离度",
    "le_linear_penalty": "≤ 线性扣分",
    "le_target_over_actual": "≤ 指标/完成",
    "range": "区间",
    "time_deadline": "按期",
    "time_monthly_penalty": "逾期按月扣",
    "boolean_match": "是/否",
    "qualitative_band": "定性 区间",
    "qualitative_score_only": "定性 填报分",
    "qualitative_default": "定性 下限",
    "qualitative_for_quantitative": "按定性评",
    "empty_target": "指标值空",
    "empty_target_excluded": "不计分",
    "blank_row": "空行",
    "no_actual": "未填",
    "unreadable_actual": "无法识别",
    "unit_mismatch": "单位不符",
    "unscorable_target": "无法计分",
    "unknown_group": "不计分",
}


class RuleScore(NamedTuple):
    """A score with the rule that produced it (得分及计分规则).

    ``achieved`` says the row is fully achieved (full marks). ``problem`` carries a Chinese
    message when the input broke the rule (a validation error, e.g. a 定性 score outside its
    band); the score is then what the rule falls back to, as its docstring says. ``note`` is
    a softer remark (a documented default was applied). A named tuple: immutable and cheap.
    """

    score: Decimal
    rule: str
    achieved: bool
    problem: str | None = None
    note: str | None = None

    @property
    def rule_text(self) -> str:
        return RULE_TEXT.get(self.rule, self.rule)

    @property
    def rule_short(self) -> str:
        return RULE_SHORT.get(self.rule, self.rule)


def _clamp(value: Decimal, weight: Decimal) -> Decimal:
    if value < _ZERO:
        return _ZERO
    if value > weight:
        return weight
    return value


def _full(weight: Decimal, rule: str) -> RuleScore:
    return RuleScore(weight, rule, True)


# --- 预算执行率 --------------------------------------------------------------------------


def execution_rate(spent: Decimal, adjusted: Decimal) -> Decimal | None:
    """执行率 = 全年执行数 / 全年预算数 (a fraction: 0.9833 for 98.33%); ``None`` without budget."""
    if adjusted <= _ZERO:
        return None
    return spent / adjusted


def execution_score(rate: Decimal | None, settings: ExecutionSettings) -> RuleScore:
    """预算执行率得分.

    ``linear``: ``min(rate × points, cap)`` — national 10 × 执行率, a Hubei-style 20 × 执行率.
    ``bands``: the first band whose ``min_percent`` the rate reaches gives ``ratio × points``.
    No budget (rate ``None``) scores 0.
    """
    if rate is None:
        return RuleScore(
            _ZERO, "execution_no_budget", False, "全年预算数缺失或为零, 无法计算执行率"
        )
    rate = max(rate, _ZERO)
    if settings.formula == "bands":
        percent = rate * _HUNDRED
        score = _ZERO
        for band in settings.bands:  # sorted high → low
            if percent >= band.min_percent:
                score = band.ratio * settings.points
                break
        score = min(score, settings.cap)
        return RuleScore(score, "execution_bands", score >= settings.points)
    score = min(rate * settings.points, settings.cap)
    return RuleScore(score, "execution_linear", score >= settings.points)


def execution_needs_reason(rate: Decimal | None, settings: ExecutionSettings) -> bool:
    """执行率 below the threshold (90% by default) needs a written reason."""
    return rate is None or rate * _HUNDRED < settings.explanation_below_percent


# --- 定量 ----------------------------------------------------------------------------------


def score_ge(actual: Decimal, target: Decimal, weight: Decimal, rule: str = "ge") -> RuleScore:
    """≥: 完成值 ≥ 指标值 → full; else 完成值/指标值 × 分值 (never below 0).

    Worked example: target 2000人, actual 1850人, weight 7.5 → 1850/2000 × 7.5 = 6.9375.
    A target of 0 or less is met by any actual at or above it.
    """
    if actual >= target:
        return _full(weight, rule)
    if target <= _ZERO:
        return RuleScore(_ZERO, rule, False)
    return RuleScore(_clamp(actual / target * weight, weight), rule, False)


def score_le_linear_penalty(
    actual: Decimal, target: Decimal, weight: Decimal, zero_at_ratio: Decimal = Decimal(2)
) -> RuleScore:
    """≤, linear penalty: full at or under the target, falling linearly to 0 at
    ``zero_at_ratio ×`` target.

    Worked example (k = 2): target ≤30万元, actual 36万元, weight 10 →
    (60 − 36) / (60 − 30) × 10 = 8.
    """
    rule = "le_linear_penalty"
    if actual <= target:
        return _full(weight, rule)
    if target <= _ZERO:
        return RuleScore(_ZERO, rule, False)
    limit = target * zero_at_ratio
    if actual >= limit:
        return RuleScore(_ZERO, rule, False)
    return RuleScore(_clamp((limit - actual) / (limit - target) * weight, weight), rule, False)


def score_le_target_over_actual(actual: Decimal, target: Decimal, weight: Decimal) -> RuleScore:
    """≤, ratio variant: full at or under the target; else 指标值/完成值 × 分值.

    Worked example: target ≤30万元, actual 36万元, weight 10 → 30/36 × 10 = 8.333….
    """
    rule = "le_target_over_actual"
    if actual <= target:
        return _full(weight, rule)
    if target <= _ZERO:
        return RuleScore(_ZERO, rule, False)
    return RuleScore(_clamp(target / actual * weight, weight), rule, False)


def score_le(
    actual: Decimal, target: Decimal, weight: Decimal, settings: QuantitativeSettings
) -> RuleScore:
    """≤ by the profile's variant (``le_rule``)."""
    if settings.le_rule == "target_over_actual":
        return score_le_target_over_actual(actual, target, weight)
    return score_le_linear_penalty(actual, target, weight, settings.le_zero_at_ratio)


def score_eq(
    actual: Decimal, target: Decimal, weight: Decimal, settings: QuantitativeSettings
) -> RuleScore:
    """=: as ≥ by default (``eq_as_ge``); variant ``deviation``:
    分值 × (1 − |完成值−指标值|/指标值)."""
    if settings.eq_rule == "deviation":
        rule = "eq_deviation"
        if actual == target:
            return _full(weight, rule)
        if target == _ZERO:
            return RuleScore(_ZERO, rule, False)
        share = Decimal(1) - abs(actual - target) / abs(target)
        return RuleScore(_clamp(share * weight, weight), rule, False)
    return score_ge(actual, target, weight, rule="eq_as_ge")


def score_range(
    actual: Decimal, lower: Decimal, upper: Decimal, weight: Decimal, settings: QuantitativeSettings
) -> RuleScore:
    """A range target (``80-90%``): inside → full; below → as ≥ on ``lower``;
    above → as ≤ on ``upper``."""
    if lower <= actual <= upper:
        return _full(weight, "range")
    if actual < lower:
        below = score_ge(actual, lower, weight)
        return RuleScore(below.score, "range", False)
    above = score_le(actual, upper, weight, settings)
    return RuleScore(above.score, "range", False)


def score_quantitative(
    comparator: str,
    actual: Decimal,
    target: Decimal,
    weight: Decimal,
    settings: QuantitativeSettings,
) -> RuleScore:
    """Dispatch on 指标性质: ``≥``/``>`` → :func:`score_ge`; ``≤``/``<`` → :func:`score_le`;
    ``=`` → :func:`score_eq`."""
    if comparator in ("≥", ">"):
        return score_ge(actual, target, weight)
    if comparator in ("≤", "<"):
        return score_le(actual, target, weight, settings)
    return score_eq(actual, target, weight, settings)


def completion_percent(comparator: str, actual: Decimal, target: Decimal) -> Decimal | None:
    """完成率 in percent: 完成值/指标值 for ≥ and =, 指标值/完成值 for ≤ (higher is better)."""
    if comparator in ("≤", "<"):
        if actual <= _ZERO:
            return None
        return target / actual * _HUNDRED
    if target <= _ZERO:
        return None
    return actual / target * _HUNDRED


_WIDE = {">": "≥", "<": "≤"}


def is_over_achieved(
    comparator: str,
    actual: Decimal,
    target: Decimal,
    settings: QuantitativeSettings,
    percent: Decimal | None = None,
) -> bool:
    """超额完成: 完成率 at or above ``over_achievement_percent`` (130) for the listed comparators.

    ``>`` counts as ``≥`` and ``<`` as ``≤`` when the profile lists the wide form. ``percent``
    may be passed when already computed by :func:`completion_percent`.
    """
    if _WIDE.get(comparator, comparator) not in settings.over_achievement_comparators:
        return False
    if percent is None:
        percent = completion_percent(comparator, actual, target)
    return percent is not None and percent >= settings.over_achievement_percent


# --- 时效 / 是否 / 定性 ----------------------------------------------------------------------


def months_late(done: date, deadline: date) -> int:
    """Whole or started months after the deadline (0 when on time): 12-31 → 03-15 is 3."""
    if done <= deadline:
        return 0
    months = (done.year - deadline.year) * 12 + (done.month - deadline.month)
    if done.day > deadline.day:
        months += 1
    return max(months, 1)


def score_time(
    done: date | None,
    deadline: date | None,
    weight: Decimal,
    settings: TimeSettings,
    met: bool | None = None,
) -> RuleScore:
    """时效: completed on or before the deadline → full.

    ``done`` is the completion date; when only a yes/no is known (``按时完成``), pass ``met``
    (and ``deadline`` may be None: a recurring deadline, 每月10日前, has no single date).
    ``deadline`` rule: late → 0. ``monthly_penalty``: late → 分值 × (1 − 逾期月数 × 月扣减%),
    e.g. 3 months late at 25% → 10 × 0.25 = 2.5.
    """
    if done is not None and deadline is None:
        raise ValueError("score_time: a completion date needs a deadline")
    on_time = met if done is None or deadline is None else done <= deadline
    if settings.rule == "monthly_penalty":
        rule = "time_monthly_penalty"
        if on_time:
            return _full(weight, rule)
        if done is None or deadline is None:
            return RuleScore(_ZERO, rule, False)
        lost = Decimal(months_late(done, deadline)) * settings.penalty_percent_per_month / _HUNDRED
        return RuleScore(_clamp((Decimal(1) - lost) * weight, weight), rule, False)
    rule = "time_deadline"
    return _full(weight, rule) if on_time else RuleScore(_ZERO, rule, False)


def score_boolean(actual: bool, target: bool, weight: Decimal) -> RuleScore:
    """是/否: the actual matches the target → full, else 0."""
    if actual is target:
        return _full(weight, "boolean_match")
    return RuleScore(_ZERO, "boolean_match", False)


def qualitative_range(band: QualitativeBand, weight: Decimal) -> tuple[Decimal, Decimal]:
    """The score range of a grade for a weight: 达成年度指标 on 10 points → (8, 10)."""
    return band.min_percent * weight / _HUNDRED, band.max_percent * weight / _HUNDRED


def score_qualitative(
    band: QualitativeBand, given: Decimal | None, weight: Decimal, settings: QualitativeSettings
) -> RuleScore:
    """定性: the evaluator's score must lie inside the grade's band of the weight.

    Inside → that score (full marks count as achieved). Outside → the band's lower edge and a
    ``problem`` saying so. No score given → the band's lower edge (``default_point = "min"``)
    with a problem, or 0 (``"none"``).
    Worked example: 部分达成年度指标并具有一定效果 on 7.5 points allows 4.5 ≤ score < 6.
    """
    low = band.min_percent * weight / _HUNDRED
    if given is None:
        if settings.default_point == "none":
            return RuleScore(
                _ZERO, "qualitative_default", False, note=f"定性指标“{band.name}”未填得分, 记 0 分"
            )
        return RuleScore(
            low,
            "qualitative_default",
            low >= weight,
            note=f"定性指标“{band.name}”未填得分, 按区间下限 {_fmt(low)} 分计",
        )
    percent = given / weight * _HUNDRED if weight > _ZERO else _ZERO
    if weight > _ZERO and band.contains(percent) and _ZERO <= given <= weight:
        return RuleScore(given, "qualitative_band", given >= weight)
    high = band.max_percent * weight / _HUNDRED
    upper = f"≤ {_fmt(high)}" if band.max_inclusive else f"< {_fmt(high)}"
    return RuleScore(
        low,
        "qualitative_band",
        low >= weight,
        f"得分 {_fmt(given)} 不在“{band.name}”的区间 [{_fmt(low)}, {upper}] 内, "
        f"按下限 {_fmt(low)} 分计",
    )


def score_given(given: Decimal, weight: Decimal) -> RuleScore:
    """A 定性 row whose grade is not named: the evaluator's score, held within [0, 分值]."""
    clamped = _clamp(given, weight)
    problem = None
    if clamped != given:
        problem = f"填报得分 {_fmt(given)} 超出 [0, {_fmt(weight)}], 按 {_fmt(clamped)} 分计"
    return RuleScore(clamped, "qualitative_score_only", clamped >= weight, problem)


def zero(rule: str, problem: str | None = None) -> RuleScore:
    """A row that cannot be scored by any rule (no actual, unit mismatch …): 0 with the reason."""
    return RuleScore(_ZERO, rule, False, problem)


def _fmt(d: Decimal) -> str:
    q = round_to(d, 2, ROUND_HALF_UP)
    text = f"{q:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

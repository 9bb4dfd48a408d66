"""Self-evaluation settings (绩效自评规则) read from a rule profile's ``[evaluate]`` section.

Every number of DOMAIN.md §5 lives in ``profiles/NAME/evaluate.toml``; this module turns that
section into small frozen dataclasses once, so that the scoring functions in
:mod:`jixiao.evaluate.scoring` receive exactly the settings they need. Numbers in TOML may be
integers, strings (``"0.01"``) or floats; they are read into :class:`~decimal.Decimal` via
their text, never through binary floating point arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.domain.profile import ProfileError, RuleProfile
from jixiao.domain.text import normalize

_ROUNDING_MODES = {
    "ROUND_HALF_UP",
    "ROUND_HALF_EVEN",
    "ROUND_HALF_DOWN",
    "ROUND_DOWN",
    "ROUND_UP",
    "ROUND_FLOOR",
    "ROUND_CEILING",
}


def _dec(value: Any, where: str) -> Decimal:
    if isinstance(value, bool):
        raise ProfileError(f"[evaluate] {where}: 应为数值, 得到 {value!r}")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation as exc:
            raise ProfileError(f"[evaluate] {where}: 不是数值: {value!r}") from exc
    raise ProfileError(f"[evaluate] {where}: 应为数值, 得到 {value!r}")


def _choice(value: Any, allowed: Sequence[str], where: str) -> str:
    if value not in allowed:
        raise ProfileError(f"[evaluate] {where} = {value!r}; 可选: {', '.join(allowed)}")
    return str(value)


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ProfileError(f"[evaluate] {key} 应为表 (table)")
    return value


@dataclass(frozen=True, slots=True)
class RoundingSettings:
    """How shown scores are rounded (得分保留位数): ``places`` decimals, a decimal rounding mode."""

    places: int = 2
    mode: str = "ROUND_HALF_UP"
    quantum: Decimal = field(init=False, default=Decimal("0.01"))

    def __post_init__(self) -> None:
        object.__setattr__(self, "quantum", Decimal(1).scaleb(-self.places))


@dataclass(frozen=True, slots=True)
class ExecutionBand:
    """A band of the banded execution variant: from ``min_percent`` 执行率, ``ratio`` × points."""

    min_percent: Decimal
    ratio: Decimal


@dataclass(frozen=True, slots=True)
class ExecutionSettings:
    """预算执行率 scoring: ``points`` (分值), the formula and its cap, the explanation threshold."""

    points: Decimal = Decimal(10)
    formula: str = "linear"  # "linear": min(执行率 × points, cap); "bands": table below
    cap: Decimal = Decimal(10)
    explanation_below_percent: Decimal = Decimal(90)
    bands: tuple[ExecutionBand, ...] = ()


@dataclass(frozen=True, slots=True)
class QuantitativeSettings:
    """Rules for 定量 rows: ≤ variant, = variant, over-achievement threshold."""

    le_rule: str = "linear_penalty"  # or "target_over_actual"
    le_zero_at_ratio: Decimal = Decimal(2)
    eq_rule: str = "as_ge"  # or "deviation"
    over_achievement_percent: Decimal = Decimal(130)
    over_achievement_comparators: tuple[str, ...] = ("≥", "=")
    missing_unit: str = "target"  # an actual without a unit takes the target's unit


@dataclass(frozen=True, slots=True)
class TimeSettings:
    """Rules for 时效 rows: ``deadline`` (met → full, else 0) or ``monthly_penalty``.

    ``met_words``/``missed_words``: actuals such as 按时完成 / 逾期 for rows without a date.
    """

    rule: str = "deadline"
    penalty_percent_per_month: Decimal = Decimal(25)
    met_words: tuple[str, ...] = ()
    missed_words: tuple[str, ...] = ()
    met_keys: frozenset[str] = field(init=False, default=frozenset())
    missed_keys: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "met_keys", frozenset(normalize(w) for w in self.met_words))
        object.__setattr__(self, "missed_keys", frozenset(normalize(w) for w in self.missed_words))

    def met(self, text: str | None) -> bool | None:
        """True for a met word, False for a missed word, None otherwise."""
        key = normalize(text)
        if key in self.missed_keys:
            return False
        if key in self.met_keys:
            return True
        return None


@dataclass(frozen=True, slots=True)
class QualitativeBand:
    """One grade of a 定性 row with its share of the weight, e.g. 达成年度指标 80–100%."""

    name: str
    aliases: tuple[str, ...]
    min_percent: Decimal
    max_percent: Decimal
    max_inclusive: bool = True

    def matches(self, text: str | None) -> bool:
        key = normalize(text)
        return bool(key) and any(key == normalize(n) for n in (self.name, *self.aliases))

    def contains(self, percent: Decimal) -> bool:
        """Whether a score of ``percent`` % of the weight lies inside this band."""
        if percent < self.min_percent:
            return False
        if self.max_inclusive:
            return percent <= self.max_percent
        return percent < self.max_percent


@dataclass(frozen=True, slots=True)
class QualitativeSettings:
    """定性 grades and what to do when the evaluator gave no score (``default_point``)."""

    bands: tuple[QualitativeBand, ...] = ()
    default_point: str = "min"  # "min": the band's lower edge; "none": the row scores 0
    _names: tuple[tuple[str, QualitativeBand], ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        names = [
            (normalize(n), b) for b in self.bands for n in (b.name, *b.aliases) if normalize(n)
        ]
        names.sort(key=lambda p: len(p[0]), reverse=True)  # longest first
        object.__setattr__(self, "_names", tuple(names))

    def band_for(self, text: str | None) -> QualitativeBand | None:
        """The grade a written actual names: an exact name/alias first, else the longest
        name/alias contained in the text (so 未达成… is not read as 达成)."""
        for name, band in self._names:  # as written (the usual case)
            if text == name:
                return band
        key = normalize(text)
        if not key:
            return None
        for name, band in self._names:
            if key == name:
                return band
        for name, band in self._names:
            if name in key:
                return band
        return None


@dataclass(frozen=True, slots=True)
class GradeBand:
    """评价等级: a total of at least ``min`` gets ``name``."""

    name: str
    min: Decimal


@dataclass(frozen=True, slots=True)
class FundSettings:
    """资金来源 rows of the 自评表 and the spellings that name them."""

    total_label: str = "年度资金总额"
    sources: tuple[str, ...] = ("财政拨款", "上年结转资金", "其他资金")
    aliases: Mapping[str, tuple[str, ...]] | None = None
    unit: str = "万元"
    _keys: Mapping[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        keys: dict[str, str] = {}
        for source in (self.total_label, *self.sources):
            for n in (source, *((self.aliases or {}).get(source, ()))):
                keys.setdefault(normalize(n), source)
        for source in (self.total_label, *self.sources):
            for n in (source, *((self.aliases or {}).get(source, ()))):
                keys.setdefault(n, source)
        object.__setattr__(self, "_keys", keys)

    def _lookup(self, text: str) -> str | None:
        try:
            return self._keys[text]  # as written (the usual case)
        except KeyError:
            return self._keys.get(normalize(text))

    def canonical(self, text: str) -> str:
        """The source row a written source belongs to (as written when unknown)."""
        return self._lookup(text) or text.strip()

    def is_total(self, text: str) -> bool:
        return self._lookup(text) == self.total_label


@dataclass(frozen=True, slots=True)
class EvaluateSettings:
    """All self-evaluation rules of one profile (``profile.section("evaluate")``)."""

    profile_name: str
    mode: str  # "groups" or "unit_weights"
    total_points: Decimal
    indicator_points: Decimal
    groups: Mapping[str, Decimal]
    group_of: Mapping[str, str]
    absent_group: str  # "redistribute" or "drop"
    weight_mismatch: str  # "rescale" or "keep"
    weight_tolerance: Decimal
    missing_weights: str  # "share_rest": rows without a weight share what is left equally
    empty_target: str  # "qualitative", "zero" or "exclude"
    execution: ExecutionSettings
    quantitative: QuantitativeSettings
    time: TimeSettings
    qualitative: QualitativeSettings
    grades: tuple[GradeBand, ...]
    rounding: RoundingSettings
    funds: FundSettings
    department_score: str  # "money_weighted" or "mean"
    require_deviation_explanation: bool

    @classmethod
    def from_profile(cls, profile: RuleProfile) -> EvaluateSettings:
        return cls.from_section(profile.section("evaluate"), profile.name)

    @classmethod
    def from_section(cls, data: Mapping[str, Any], profile_name: str = "?") -> EvaluateSettings:
        if not data:
            raise ProfileError(f"规则配置 {profile_name} 没有 [evaluate] 设置 (evaluate.toml)")
        mode = _choice(data.get("mode", "groups"), ("groups", "unit_weights"), "mode")
        total = _dec(data.get("total_points", 100), "total_points")

        ex = _table(data, "execution")
        bands = tuple(
            ExecutionBand(
                _dec(b["min_percent"], "execution.bands.min_percent"),
                _dec(b["ratio"], "execution.bands.ratio"),
            )
            for b in ex.get("bands", [])
        )
        execution = ExecutionSettings(
            points=_dec(ex.get("points", 10), "execution.points"),
            formula=_choice(ex.get("formula", "linear"), ("linear", "bands"), "execution.formula"),
            cap=_dec(ex.get("cap", ex.get("points", 10)), "execution.cap"),
            explanation_below_percent=_dec(
                ex.get("explanation_below_percent", 90), "execution.explanation_below_percent"
            ),
            bands=tuple(sorted(bands, key=lambda b: b.min_percent, reverse=True)),
        )
        if execution.formula == "bands" and not execution.bands:
            raise ProfileError('[evaluate] execution.formula = "bands" 需要 [[execution.bands]]')

        groups = {str(k): _dec(v, f"groups.{k}") for k, v in _table(data, "groups").items()}
        if mode == "groups" and not groups:
            raise ProfileError('[evaluate] mode = "groups" 需要 [groups] 分值表')
        default_indicator_points = (
            sum(groups.values(), Decimal(0)) if mode == "groups" else total - execution.points
        )
        indicator_points = _dec(
            data.get("indicator_points", default_indicator_points), "indicator_points"
        )
        if execution.points + indicator_points != total:
            raise ProfileError(
                f"[evaluate] 预算执行率分值 {execution.points} + 指标分值 {indicator_points} "
                f"≠ 总分 {total}"
            )
        if mode == "groups" and sum(groups.values(), Decimal(0)) != indicator_points:
            raise ProfileError(
                f"[evaluate] [groups] 分值合计 {sum(groups.values(), Decimal(0))} "
                f"≠ 指标分值 {indicator_points}"
            )

        q = _table(data, "quantitative")
        quantitative = QuantitativeSettings(
            le_rule=_choice(
                q.get("le_rule", "linear_penalty"),
                ("linear_penalty", "target_over_actual"),
                "quantitative.le_rule",
            ),
            le_zero_at_ratio=_dec(q.get("le_zero_at_ratio", 2), "quantitative.le_zero_at_ratio"),
            eq_rule=_choice(
                q.get("eq_rule", "as_ge"), ("as_ge", "deviation"), "quantitative.eq_rule"
            ),
            over_achievement_percent=_dec(
                q.get("over_achievement_percent", 130), "quantitative.over_achievement_percent"
            ),
            over_achievement_comparators=tuple(q.get("over_achievement_comparators", ("≥", "="))),
            missing_unit=_choice(
                q.get("missing_unit", "target"), ("target", "error"), "quantitative.missing_unit"
            ),
        )
        if quantitative.le_zero_at_ratio <= 1:
            raise ProfileError("[evaluate] quantitative.le_zero_at_ratio 应大于 1")

        t = _table(data, "time")
        time = TimeSettings(
            rule=_choice(t.get("rule", "deadline"), ("deadline", "monthly_penalty"), "time.rule"),
            penalty_percent_per_month=_dec(
                t.get("penalty_percent_per_month", 25), "time.penalty_percent_per_month"
            ),
            met_words=tuple(t.get("met_words", ())),
            missed_words=tuple(t.get("missed_words", ())),
        )

        ql = _table(data, "qualitative")
        qbands = tuple(
            QualitativeBand(
                name=str(b["name"]),
                aliases=tuple(b.get("aliases", ())),
                min_percent=_dec(b["min_percent"], f"qualitative.bands.{b['name']}.min_percent"),
                max_percent=_dec(b["max_percent"], f"qualitative.bands.{b['name']}.max_percent"),
                max_inclusive=bool(b.get("max_inclusive", True)),
            )
            for b in ql.get("bands", [])
        )
        qualitative = QualitativeSettings(
            bands=qbands,
            default_point=_choice(
                ql.get("default_point", "min"), ("min", "none"), "qualitative.default_point"
            ),
        )

        grades = tuple(
            sorted(
                (
                    GradeBand(str(g["name"]), _dec(g["min"], f"grades.{g['name']}"))
                    for g in data.get("grades", [])
                ),
                key=lambda g: g.min,
                reverse=True,
            )
        )
        if not grades:
            raise ProfileError("[evaluate] 需要 [[grades]] 评价等级")

        r = _table(data, "rounding")
        rounding = RoundingSettings(
            places=int(r.get("places", 2)),
            mode=_choice(r.get("mode", "ROUND_HALF_UP"), sorted(_ROUNDING_MODES), "rounding.mode"),
        )

        f = _table(data, "funds")
        funds = FundSettings(
            total_label=str(f.get("total_label", "年度资金总额")),
            sources=tuple(f.get("sources", ("财政拨款", "上年结转资金", "其他资金"))),
            aliases={str(k): tuple(v) for k, v in _table(f, "aliases").items()},
            unit=str(f.get("unit", "万元")),
        )

        dept = _table(data, "department")
        expl = _table(data, "explanations")
        return cls(
            profile_name=profile_name,
            mode=mode,
            total_points=total,
            indicator_points=indicator_points,
            groups=groups,
            group_of={str(k): str(v) for k, v in _table(data, "group_of").items()},
            absent_group=_choice(
                data.get("absent_group", "redistribute"), ("redistribute", "drop"), "absent_group"
            ),
            weight_mismatch=_choice(
                data.get("weight_mismatch", "rescale"), ("rescale", "keep"), "weight_mismatch"
            ),
            weight_tolerance=_dec(data.get("weight_tolerance", "0.01"), "weight_tolerance"),
            missing_weights=_choice(
                data.get("missing_weights", "share_rest"), ("share_rest",), "missing_weights"
            ),
            empty_target=_choice(
                data.get("empty_target", "qualitative"),
                ("qualitative", "zero", "exclude"),
                "empty_target",
            ),
            execution=execution,
            quantitative=quantitative,
            time=time,
            qualitative=qualitative,
            grades=grades,
            rounding=rounding,
            funds=funds,
            department_score=_choice(
                dept.get("score", "money_weighted"), ("money_weighted", "mean"), "department.score"
            ),
            require_deviation_explanation=bool(expl.get("deviation", True)),
        )

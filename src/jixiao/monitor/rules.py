"""Monitoring settings read from a rule profile (运行监控规则).

Every threshold and variant of DOMAIN.md §4 comes from the profile's ``[monitor]`` section
(``profiles/NAME/monitor.toml``); this module reads it once into typed settings and says, in
Chinese, which key is missing or wrong. No number of a rule is written in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.domain.money import MoneyUnit
from jixiao.domain.profile import ProfileError, RuleProfile, load_profile
from jixiao.domain.text import normalize
from jixiao.monitor.lights import Light

SECTION = "monitor"


@dataclass(frozen=True, slots=True)
class Floor:
    """四川式按月下限: 执行率 below ``red_below`` % at the end of ``month`` → red."""

    month: int
    red_below: Decimal
    yellow_below: Decimal | None = None


@dataclass(frozen=True, slots=True)
class MonitorRules:
    """Typed view of the ``[monitor]`` section of a rule profile."""

    profile_name: str
    time_method: str  # "month" | "day"
    month_rule: str  # "completed" | "current"
    plan_method: str  # "linear" | "step"
    plan_end_percent: Decimal
    spending_method: str  # "ratio" | "gap" | "floors"
    compare_to: str  # "time" | "plan"
    spending_undefined: Light
    ratio_red_below: Decimal
    ratio_yellow_below: Decimal
    gap_red_above: Decimal
    gap_yellow_above: Decimal
    floors: tuple[Floor, ...]
    floors_before_first: Light
    ind_red_below: Decimal
    ind_yellow_below: Decimal
    ind_blue_from: Decimal
    level_units: frozenset[str]
    equal_as: str
    reason_required_for: frozenset[Light]
    severity: tuple[Light, ...]
    qualitative: tuple[tuple[str, Light], ...]  # (normalised wording, light), longest first
    done_words: frozenset[str]
    not_done_words: frozenset[str]
    deviation_kinds: tuple[str, ...]
    spending_row_names: frozenset[str]
    likelihood: tuple[tuple[int, str], ...]
    rectification_yes: frozenset[str]
    rectification_no: frozenset[str]
    forecast_spending_method: str
    forecast_cap_at_budget: bool
    forecast_indicator_method: str
    ledger_default_unit: MoneyUnit
    ledger_duplicates: str  # "exclude" | "keep" | "off"
    max_listed_issues: int
    header_search_rows: int
    adjustments_default_unit: MoneyUnit
    percent_places: int
    wan_places: int

    def likelihood_label(self, code: int | None) -> str | None:
        """完成可能性 code → wording (1 → 确定能)."""
        for c, label in self.likelihood:
            if c == code:
                return label
        return None


class _Reader:
    def __init__(self, data: Mapping[str, Any], profile: str):
        self.data = data
        self.profile = profile

    def _fail(self, key: str, why: str) -> ProfileError:
        return ProfileError(f"规则配置 {self.profile} 的 [monitor] {key}: {why}")

    def get(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise self._fail(key, "缺少此项 (monitor.toml)")
            node = node[part]
        return node

    def table(self, key: str) -> Mapping[str, Any]:
        v = self.get(key)
        if not isinstance(v, Mapping):
            raise self._fail(key, "应为表 (table)")
        return v

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        v = self.get(key)
        if v not in allowed:
            raise self._fail(key, f"取值 {v!r} 无效, 应为 {' / '.join(allowed)}")
        return str(v)

    def number(self, key: str, value: Any = None) -> Decimal:
        v = self.get(key) if value is None else value
        if isinstance(v, bool):
            raise self._fail(key, f"应为数值, 现为 {v!r}")
        try:
            return Decimal(str(v))
        except (InvalidOperation, ValueError) as exc:
            raise self._fail(key, f"应为数值, 现为 {v!r}") from exc

    def integer(self, key: str, lo: int = 0) -> int:
        v = self.get(key)
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            raise self._fail(key, f"应为不小于 {lo} 的整数, 现为 {v!r}")
        return v

    def boolean(self, key: str) -> bool:
        v = self.get(key)
        if not isinstance(v, bool):
            raise self._fail(key, f"应为 true/false, 现为 {v!r}")
        return v

    def strings(self, key: str) -> list[str]:
        v = self.get(key)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self._fail(key, "应为字符串列表")
        return list(v)

    def light(self, key: str, value: Any = None) -> Light:
        v = self.get(key) if value is None else value
        try:
            return Light(v)
        except ValueError as exc:
            allowed = " / ".join(x.value for x in Light)
            raise self._fail(key, f"灯色 {v!r} 无效, 应为 {allowed}") from exc

    def unit(self, key: str) -> MoneyUnit:
        v = self.get(key)
        try:
            return MoneyUnit.parse(str(v))
        except ValueError as exc:
            raise self._fail(key, f"金额单位 {v!r} 无效, 应为 元 / 万元 / 亿元") from exc


def rules_from_profile(profile: RuleProfile | str | None = None) -> MonitorRules:
    """Read and check the monitoring settings of a profile (name, path or loaded profile)."""
    prof = profile if isinstance(profile, RuleProfile) else load_profile(profile)
    r = _Reader(prof.section(SECTION), prof.name)

    floors: list[Floor] = []
    raw_floors = r.get("spending_light.floors")
    if not isinstance(raw_floors, list):
        raise r._fail("spending_light.floors", "应为列表")
    for i, f in enumerate(raw_floors, 1):
        key = f"spending_light.floors[{i}]"
        if not isinstance(f, Mapping) or "month" not in f or "red_below" not in f:
            raise r._fail(key, "每个下限应有 month 与 red_below")
        month = f["month"]
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise r._fail(key, f"month 应为 1–12, 现为 {month!r}")
        yellow = f.get("yellow_below")
        floors.append(
            Floor(
                month=month,
                red_below=r.number(key + ".red_below", f["red_below"]),
                yellow_below=r.number(key + ".yellow_below", yellow)
                if yellow is not None
                else None,
            )
        )
    floors.sort(key=lambda x: x.month)
    method = r.choice("spending_light.method", ("ratio", "gap", "floors"))
    if method == "floors" and not floors:
        raise r._fail("spending_light.floors", 'method = "floors" 时须至少给出一个下限')

    qual_table = r.table("indicator_light.qualitative")
    qualitative = sorted(
        (
            (normalize(k), r.light(f"indicator_light.qualitative.{k}", v))
            for k, v in qual_table.items()
        ),
        key=lambda kv: -len(kv[0]),
    )
    severity = tuple(
        r.light("indicator_light.severity", s) for s in r.strings("indicator_light.severity")
    )
    if set(severity) != {Light.RED, Light.YELLOW, Light.BLUE, Light.GREEN}:
        raise r._fail("indicator_light.severity", "应恰好列出 red, yellow, blue, green 四种灯色")

    likelihood: list[tuple[int, str]] = []
    for k, v in r.table("likelihood").items():
        try:
            likelihood.append((int(k), str(v)))
        except ValueError as exc:
            raise r._fail(f"likelihood.{k}", "代码应为整数") from exc

    equal_as = r.choice("indicator_light.equal_as", ("≥", "≤"))
    kinds = tuple(r.strings("deviation.kinds"))
    if not kinds:
        raise r._fail("deviation.kinds", "至少应有一种偏差原因")

    def words(key: str) -> frozenset[str]:
        return frozenset(normalize(w).lower() for w in r.strings(key))

    return MonitorRules(
        profile_name=prof.name,
        time_method=r.choice("time_progress.method", ("month", "day")),
        month_rule=r.choice("time_progress.month_rule", ("completed", "current")),
        plan_method=r.choice("plan_progress.method", ("linear", "step")),
        plan_end_percent=r.number("plan_progress.expected_end_percent"),
        spending_method=method,
        compare_to=r.choice("spending_light.compare_to", ("time", "plan")),
        spending_undefined=r.light("spending_light.undefined"),
        ratio_red_below=r.number("spending_light.ratio.red_below"),
        ratio_yellow_below=r.number("spending_light.ratio.yellow_below"),
        gap_red_above=r.number("spending_light.gap.red_above"),
        gap_yellow_above=r.number("spending_light.gap.yellow_above"),
        floors=tuple(floors),
        floors_before_first=r.light("spending_light.floors_before_first"),
        ind_red_below=r.number("indicator_light.red_below"),
        ind_yellow_below=r.number("indicator_light.yellow_below"),
        ind_blue_from=r.number("indicator_light.blue_from"),
        level_units=frozenset(normalize(u) for u in r.strings("indicator_light.level_units")),
        equal_as=equal_as,
        reason_required_for=frozenset(
            r.light("indicator_light.reason_required_for", x)
            for x in r.strings("indicator_light.reason_required_for")
        ),
        severity=severity,
        qualitative=tuple(qualitative),
        done_words=words("indicator_light.time.done_words"),
        not_done_words=words("indicator_light.time.not_done_words"),
        deviation_kinds=kinds,
        spending_row_names=frozenset(
            normalize(x) for x in r.strings("deviation.spending_row_names")
        ),
        likelihood=tuple(sorted(likelihood)),
        rectification_yes=words("rectification.yes_words"),
        rectification_no=words("rectification.no_words"),
        forecast_spending_method=r.choice(
            "forecast.spending_method", ("plan_pace", "linear", "plan_remaining")
        ),
        forecast_cap_at_budget=r.boolean("forecast.cap_at_budget"),
        forecast_indicator_method=r.choice("forecast.indicator_method", ("pace",)),
        ledger_default_unit=r.unit("ledger.default_amount_unit"),
        ledger_duplicates=r.choice("ledger.duplicates", ("exclude", "keep", "off")),
        max_listed_issues=r.integer("ledger.max_listed_issues", 1),
        header_search_rows=r.integer("ledger.header_search_rows", 1),
        adjustments_default_unit=r.unit("adjustments.default_amount_unit"),
        percent_places=r.integer("display.percent_places"),
        wan_places=r.integer("display.wan_places"),
    )

"""Re-check thresholds (复核阈值) read from a profile's ``[recheck]`` section (``recheck.toml``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.domain.profile import ProfileError, RuleProfile


def _dec(data: Mapping[str, Any], key: str, default: str) -> Decimal:
    value = data.get(key, default)
    if isinstance(value, bool):
        raise ProfileError(f"[recheck] {key}: 应为数值, 得到 {value!r}")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | str | Decimal):
        try:
            return Decimal(str(value).strip())
        except ArithmeticError as exc:
            raise ProfileError(f"[recheck] {key}: 不是数值: {value!r}") from exc
    raise ProfileError(f"[recheck] {key}: 应为数值, 得到 {value!r}")


@dataclass(frozen=True, slots=True)
class RecheckSettings:
    """Thresholds for the named discrepancy reasons (see ``profiles/national/recheck.toml``)."""

    score_tolerance: Decimal = Decimal("0.01")
    rounded_places: int = 0
    satisfaction_groups: tuple[str, ...] = ("满意度指标",)
    rate_match_tolerance: Decimal = Decimal("0.05")
    rate_tolerance_percent: Decimal = Decimal("0.5")
    money_tolerance: Decimal = Decimal("0.01")
    budget_cut_percent: Decimal = Decimal(20)
    high_execution_percent: Decimal = Decimal(95)
    total_tolerance: Decimal = Decimal("0.01")
    target_lowered_percent: Decimal = Decimal(0)

    @classmethod
    def from_profile(cls, profile: RuleProfile) -> RecheckSettings:
        data = profile.section("recheck")
        places = data.get("rounded_places", 0)
        if isinstance(places, bool) or not isinstance(places, int) or places < 0:
            raise ProfileError("[recheck] rounded_places 应为非负整数")
        groups = data.get("satisfaction_groups", ["满意度指标"])
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise ProfileError("[recheck] satisfaction_groups 应为文字列表")
        return cls(
            score_tolerance=_dec(data, "score_tolerance", "0.01"),
            rounded_places=places,
            satisfaction_groups=tuple(groups),
            rate_match_tolerance=_dec(data, "rate_match_tolerance", "0.05"),
            rate_tolerance_percent=_dec(data, "rate_tolerance_percent", "0.5"),
            money_tolerance=_dec(data, "money_tolerance", "0.01"),
            budget_cut_percent=_dec(data, "budget_cut_percent", "20"),
            high_execution_percent=_dec(data, "high_execution_percent", "95"),
            total_tolerance=_dec(data, "total_tolerance", "0.01"),
            target_lowered_percent=_dec(data, "target_lowered_percent", "0"),
        )

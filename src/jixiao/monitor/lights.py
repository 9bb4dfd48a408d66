"""Warning lights (预警灯): the spending light, each indicator's light, the project light.

Pure functions over exact fractions; every threshold comes from :class:`MonitorRules`
(the profile's ``monitor.toml``). Each function returns a :class:`LightResult`: the light,
the figure it was decided on (r, g or v) and a Chinese sentence that shows the arithmetic.

* Spending, ``ratio``: r = 执行率 / 进度 × 100; r < red_below → red, r < yellow_below →
  yellow, else green.
* Spending, ``gap``: g = (进度 − 执行率) in percentage points; g > red_above → red,
  g > yellow_above → yellow, else green.
* Spending, ``floors``: the floor of the latest floor month reached (months counted on the
  as-of date); 执行率 < red_below → red, < yellow_below (if given) → yellow, else green.
* ≥ indicators: v = actual / (target × f) × 100, f = time progress, or f = 1 for targets in
  level units (%); v < red_below → red, < yellow_below → yellow, < blue_from → green,
  else blue.
* ≤ indicators: actual ≤ target → green, else red.
* Qualitative: the reported grade's light (达成 green, 部分达成 yellow, 未达成 red).
* Boolean: reported 是/否 equals the target → green, else red.
* Time: done by the deadline → green; done after it → red; not done and the deadline has
  passed → red; not done and not yet due → green.
* Project: the worst light by the profile's severity order; "none" lights are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from jixiao.domain.money import round_to

if TYPE_CHECKING:
    from jixiao.monitor.rules import MonitorRules


class Light(StrEnum):
    """预警灯色."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    NONE = "none"  # 不评灯: no data, no target, or the figure cannot be formed

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Light.RED: "红灯",
    Light.YELLOW: "黄灯",
    Light.GREEN: "绿灯",
    Light.BLUE: "蓝灯",
    Light.NONE: "无",
}


@dataclass(frozen=True, slots=True)
class LightResult:
    """A light with the figure it was decided on and the reason in Chinese."""

    light: Light
    score: Fraction | None
    reason: str


def fmt(value: Fraction | Decimal | None, places: int = 2) -> str:
    """A number for a Chinese sentence: 58.33, 100, 37.5."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        d = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        d = value
    q = round_to(d, places)
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _dec(x: Decimal) -> Fraction:
    return Fraction(x)


def spending_light(
    rate: Fraction | None,
    progress: Fraction | None,
    months: int,
    rules: MonitorRules,
    *,
    progress_name: str = "时序进度",
) -> LightResult:
    """Spending light from 执行率 and the progress it is compared with (both fractions 0..1)."""
    if rate is None:
        return LightResult(
            rules.spending_undefined, None, "执行率无法计算 (预算为 0 或缺失), 不评灯"
        )
    if rules.spending_method == "floors":
        return _floor_light(rate, months, rules)
    if progress is None:
        return LightResult(rules.spending_undefined, None, f"{progress_name}无法计算, 不评灯")
    rate_pct = rate * 100
    prog_pct = progress * 100
    if rules.spending_method == "gap":
        g = prog_pct - rate_pct
        if g > _dec(rules.gap_red_above):
            light = Light.RED
        elif g > _dec(rules.gap_yellow_above):
            light = Light.YELLOW
        else:
            light = Light.GREEN
        return LightResult(
            light,
            g,
            f"差距 g = {progress_name} {fmt(prog_pct)}% − 执行率 {fmt(rate_pct)}%"
            f" = {fmt(g)} 个百分点"
            f" (红灯 > {fmt(rules.gap_red_above)}, 黄灯 > {fmt(rules.gap_yellow_above)})",
        )
    if progress == 0:
        return LightResult(
            rules.spending_undefined, None, f"{progress_name}为 0, 比值无法计算, 不评灯"
        )
    r = rate / progress * 100
    if r < _dec(rules.ratio_red_below):
        light = Light.RED
    elif r < _dec(rules.ratio_yellow_below):
        light = Light.YELLOW
    else:
        light = Light.GREEN
    return LightResult(
        light,
        r,
        f"r = 执行率 {fmt(rate_pct)}% ÷ {progress_name} {fmt(prog_pct)}% × 100 = {fmt(r)}"
        f" (红灯 < {fmt(rules.ratio_red_below)}, 黄灯 < {fmt(rules.ratio_yellow_below)})",
    )


def _floor_light(rate: Fraction, months: int, rules: MonitorRules) -> LightResult:
    reached = [f for f in rules.floors if f.month <= months]
    rate_pct = rate * 100
    if not reached:
        first = rules.floors[0]
        return LightResult(
            rules.floors_before_first,
            rate_pct,
            f"未到第一个下限月份 ({first.month}月底 {fmt(first.red_below)}%)",
        )
    floor = reached[-1]
    if rate_pct < _dec(floor.red_below):
        light = Light.RED
    elif floor.yellow_below is not None and rate_pct < _dec(floor.yellow_below):
        light = Light.YELLOW
    else:
        light = Light.GREEN
    yellow = f", 黄灯 < {fmt(floor.yellow_below)}%" if floor.yellow_below is not None else ""
    return LightResult(
        light,
        rate_pct,
        f"执行率 {fmt(rate_pct)}%, {floor.month}月底下限: 红灯 < {fmt(floor.red_below)}%{yellow}",
    )


def ge_light(
    actual: Fraction, target: Fraction, expected_share: Fraction, rules: MonitorRules
) -> LightResult:
    """≥ indicator: v = actual / (target × share) × 100 (share = f, or 1 for level units)."""
    expected = target * expected_share
    if expected == 0:
        light = Light.GREEN if actual >= target else Light.RED
        return LightResult(
            light,
            None,
            f"应完成值为 0: 完成值 {fmt(actual)} {'≥' if light is Light.GREEN else '<'} 指标值",
        )
    v = actual / expected * 100
    if v < _dec(rules.ind_red_below):
        light = Light.RED
    elif v < _dec(rules.ind_yellow_below):
        light = Light.YELLOW
    elif v < _dec(rules.ind_blue_from):
        light = Light.GREEN
    else:
        light = Light.BLUE
    if expected_share == 1:
        formula = f"v = {fmt(actual, 4)} ÷ {fmt(target, 4)} × 100 = {fmt(v)}"
    else:
        formula = (
            f"v = {fmt(actual, 4)} ÷ ({fmt(target, 4)} × {fmt(expected_share * 100)}%) × 100"
            f" = {fmt(v)}"
        )
    return LightResult(
        light,
        v,
        formula + f" (红 < {fmt(rules.ind_red_below)}, 黄 < {fmt(rules.ind_yellow_below)},"
        f" 蓝 ≥ {fmt(rules.ind_blue_from)})",
    )


def le_light(actual: Fraction, target: Fraction) -> LightResult:
    """≤ indicator: within the target → green, else red."""
    ok = actual <= target
    return LightResult(
        Light.GREEN if ok else Light.RED,
        None,
        f"完成值 {fmt(actual, 4)} {'≤' if ok else '>'} 指标值 {fmt(target, 4)}",
    )


def qualitative_light(reported: str, rules: MonitorRules) -> LightResult:
    """定性指标: the reported grade (达成/部分达成/未达成) → its light."""
    from jixiao.domain.text import normalize

    key = normalize(reported)
    for wording, light in rules.qualitative:
        if key == wording:
            return LightResult(light, None, f"定性评价: {reported}")
    for wording, light in rules.qualitative:  # longest wording first
        if wording and wording in key:
            return LightResult(light, None, f"定性评价: {reported} (按“{wording}”)")
    known = " / ".join(w for w, _ in reversed(rules.qualitative))
    return LightResult(Light.NONE, None, f"无法识别的定性评价 {reported!r}, 应为 {known}")


def boolean_light(actual: bool, target: bool) -> LightResult:
    """是/否 indicator: the reported answer equals the target → green."""
    word = {True: "是", False: "否"}
    ok = actual is target
    return LightResult(
        Light.GREEN if ok else Light.RED,
        None,
        f"填报 {word[actual]}, 指标值 {word[target]}",
    )


def time_light(
    deadline: date, as_of: date, done: bool, completed_on: date | None = None
) -> LightResult:
    """时效指标: done by the deadline, or not yet due → green; overdue → red."""
    if done:
        if completed_on is not None and completed_on > deadline:
            return LightResult(Light.RED, None, f"{completed_on} 完成, 晚于期限 {deadline}")
        when = f"{completed_on} " if completed_on else ""
        return LightResult(Light.GREEN, None, f"已{when}完成 (期限 {deadline})")
    if as_of > deadline:
        return LightResult(Light.RED, None, f"期限 {deadline} 已过, 尚未完成")
    return LightResult(Light.GREEN, None, f"未到期限 {deadline}, 进行中")


def worst(lights: Iterable[Light], severity: tuple[Light, ...]) -> Light:
    """The worst light by the profile's order; ``none`` when there is no light at all."""
    present = {x for x in lights if x is not Light.NONE}
    for s in severity:
        if s in present:
            return s
    return Light.NONE

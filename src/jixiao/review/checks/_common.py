"""Small helpers the checks share: what a target value is (money, percentage, measured)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.money import MoneyUnit, round_to
from jixiao.domain.target import Target, TargetKind
from jixiao.domain.text import normalize


def is_percent(t: Target) -> bool:
    """A quantitative value in per cent (``90%以上``, ``≥ 95 %``)."""
    if not t.is_quantitative:
        return False
    return normalize(t.unit) == "%" or normalize(t.normalized_unit) == "%"


def money_unit(t: Target) -> MoneyUnit | None:
    """The money unit of a quantitative value (``元``, ``万元/人`` → 万元), else ``None``."""
    if not t.is_quantitative:
        return None
    for unit in (t.unit, t.normalized_unit):
        text = normalize(unit)
        if not text:
            continue
        head = text.split("/", 1)[0].split("每", 1)[0]
        try:
            return MoneyUnit.parse(head)
        except ValueError:
            continue
    return None


def is_money(t: Target) -> bool:
    """A quantitative value in 元/万元/亿元 (per-unit costs such as ``元/人`` included)."""
    return money_unit(t) is not None


def is_total_money(t: Target) -> bool:
    """A money amount that is a total (not a per-unit cost such as ``元/人``)."""
    if money_unit(t) is None:
        return False
    text = normalize(t.unit)
    return "/" not in text and "每" not in text


def money_in_yuan(t: Target) -> Decimal | None:
    """The amount of a money value in 元 (the grammar's normalised value when it has one)."""
    if t.normalized_value is not None and normalize(t.normalized_unit) == "元":
        return t.normalized_value
    unit = money_unit(t)
    if unit is None or t.value is None:
        return None
    return t.value * unit.factor


def has_measure(t: Target) -> bool:
    """Whether the value can be checked at year end: a number, a date, 是/否, or a grade."""
    if t.kind in (TargetKind.QUANTITATIVE, TargetKind.TIME, TargetKind.BOOLEAN):
        return True
    return t.kind is TargetKind.QUALITATIVE and t.grade is not None


def shown(d: Decimal, places: int = 2) -> str:
    """A Decimal for a message: at most ``places`` decimals, no exponent, no trailing zeros."""
    q = round_to(d, places)
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text

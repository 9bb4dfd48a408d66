"""Points per row (分值分配): group points, equal split, absent groups, weight checks.

Pure functions over Decimals; :mod:`jixiao.evaluate.engine` applies them in this order:

1. :func:`group_points` — the profile's points per level-1 group (产出 50, 效益 30, 满意度 10);
   a group with no scorable row is *absent*: by default (``absent_group = "redistribute"``)
   its points go to the present groups pro rata to their own points, so the indicator part
   still adds up to 90; with ``"drop"`` they are lost.
2. :func:`share_rest` — inside a group (or the single pool of the 10 + 90 variant) rows with
   a weight keep it and rows without one share what is left equally.
3. :func:`rescale` — when all weights together do not add up to the indicator points (90),
   the profile either rescales them pro rata (``weight_mismatch = "rescale"``) or keeps them
   (``"keep"``); either way a validation issue is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

_ZERO = Decimal(0)


def group_points(
    points: Mapping[str, Decimal], present: set[str], absent_rule: str
) -> dict[str, Decimal]:
    """Points for each present group after the absent-group rule.

    Worked example: 产出 50 / 效益 30 / 满意度 10 with 满意度 absent and ``redistribute`` →
    产出 50 × 90/80 = 56.25, 效益 30 × 90/80 = 33.75.
    """
    kept = {g: p for g, p in points.items() if g in present}
    if absent_rule == "drop" or not kept:
        return kept
    total = sum(points.values(), _ZERO)
    present_total = sum(kept.values(), _ZERO)
    if present_total <= _ZERO or present_total == total:
        return kept
    return {g: p * total / present_total for g, p in kept.items()}


def share_rest(weights: Sequence[Decimal | None], points: Decimal) -> list[Decimal]:
    """Rows with a weight keep it; rows without share ``points − Σ given`` equally (never below 0).

    Worked example: points 30, weights (None, 10, None) → (10, 10, 10); all None → equal split.
    """
    given = sum((w for w in weights if w is not None), _ZERO)
    missing = sum(1 for w in weights if w is None)
    if not missing:
        return [w for w in weights if w is not None]
    each = max(points - given, _ZERO) / missing
    return [each if w is None else w for w in weights]


def rescale(weights: Sequence[Decimal], total: Decimal) -> list[Decimal]:
    """Scale weights pro rata so that they add up to ``total`` (all zero → equal split)."""
    current = sum(weights, _ZERO)
    if not weights:
        return []
    if current <= _ZERO:
        return [total / len(weights)] * len(weights)
    return [w * total / current for w in weights]

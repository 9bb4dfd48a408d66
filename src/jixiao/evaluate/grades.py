"""评价等级 and rounding: the grade of a total, scores rounded the profile's way.

Default bands (DOMAIN.md §5): 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60; a variant profile may
use 80/70/60. Grades are decided on the rounded total, as the published form shows it.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from jixiao.domain.money import quantize_exact
from jixiao.evaluate.settings import GradeBand, RoundingSettings

_MODES = {name: getattr(decimal, name) for name in dir(decimal) if name.startswith("ROUND_")}


def round_score(value: Decimal, rounding: RoundingSettings) -> Decimal:
    """Round a score to the profile's places and mode: 9.835 → 9.84 with ROUND_HALF_UP."""
    return quantize_exact(value, rounding.quantum, _MODES[rounding.mode])


def grade_for(total: Decimal, grades: Sequence[GradeBand]) -> tuple[str, str]:
    """The grade of a total and the band that gave it, e.g. ``("良", "80 ≤ 总分 < 90")``.

    ``grades`` is sorted from the highest ``min`` down (as :class:`EvaluateSettings` keeps it).
    A total below every band gets the lowest grade.
    """
    ordered = _ordered(tuple(grades))
    upper: Decimal | None = None
    for band in ordered:
        if total >= band.min:
            if upper is None:
                return band.name, f"总分 ≥ {_fmt(band.min)}"
            if band.min <= 0:
                return band.name, f"总分 < {_fmt(upper)}"
            return band.name, f"{_fmt(band.min)} ≤ 总分 < {_fmt(upper)}"
        upper = band.min
    last = ordered[-1]
    return last.name, f"总分 < {_fmt(last.min)}"


@lru_cache(maxsize=32)
def _ordered(grades: tuple[GradeBand, ...]) -> tuple[GradeBand, ...]:
    return tuple(sorted(grades, key=lambda g: g.min, reverse=True))


def _fmt(d: Decimal) -> str:
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

"""Target values (指标值) as typed data.

A :class:`Target` is what a user wrote in the 指标值 cell (always kept in ``raw``) plus what
the value grammar understood of it. The grammar itself lives in :mod:`jixiao.domain.values`;
this module only holds the types, so that every other module can build and read targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

#: A number in a target value, a plan or a report stays within 10^±NUMBER_MAX_EXPONENT: no
#: amount, share or count comes near it, and beyond it arithmetic (亿元 → 元, a ratio of a
#: huge and a tiny value) can leave Decimal's exponent range. A longer digit run in a
#: document is not read as a number (the value is kept as text, with a note).
NUMBER_MAX_EXPONENT = 100


class TargetKind(StrEnum):
    """What kind of value a target is (指标值类型)."""

    QUANTITATIVE = "quantitative"  # 定量: comparator + number + unit
    TIME = "time"  # 时效: a deadline or a period
    BOOLEAN = "boolean"  # 是/否
    QUALITATIVE = "qualitative"  # 定性: graded wording
    EMPTY = "empty"  # 未填: a defect, never dropped


class Comparator(StrEnum):
    """指标性质: how the actual value is compared with the target."""

    GE = "≥"
    LE = "≤"
    EQ = "="
    GT = ">"
    LT = "<"


class ComparatorSource(StrEnum):
    """Where the comparator came from, so that a guess is never silent."""

    EXPLICIT = "explicit"  # written: ≥, 以上, 不低于 …
    DEFAULT = "default"  # no word: taken from the profile's default for the category
    SUSPECTED = "suspected"  # extraction damage, e.g. "290%" probably "≥90%"


@dataclass(frozen=True, slots=True)
class Target:
    """One target value.

    Quantitative: ``comparator``, ``value`` and ``unit`` as written; ``normalized_value`` and
    ``normalized_unit`` in the base unit (money in 元, 百分比 as %). A range (``±3%以内``,
    ``80-90%``) keeps its bounds in ``lower``/``upper`` (as written, same unit as ``unit``).

    Time: ``deadline`` (on or before), optionally ``start`` for a period (2023.07-2024.01).
    A deadline written without a year (``6月底前``, ``年内``) keeps ``deadline_month``
    (12 for 年内/年底) and leaves ``deadline`` empty until the plan year is known.

    Boolean: ``flag`` (是 → True, 否 → False).
    Qualitative: ``raw`` is the statement; ``grade`` holds the graded wording if recognised.
    ``notes`` say, in Chinese, anything the grammar was unsure of.
    """

    raw: str
    kind: TargetKind
    comparator: Comparator | None = None
    comparator_source: ComparatorSource | None = None
    value: Decimal | None = None
    unit: str | None = None
    normalized_value: Decimal | None = None
    normalized_unit: str | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None
    deadline: date | None = None
    deadline_month: int | None = None
    start: date | None = None
    flag: bool | None = None
    grade: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return self.kind is TargetKind.EMPTY

    @property
    def is_quantitative(self) -> bool:
        return self.kind is TargetKind.QUANTITATIVE

    @property
    def is_recurring(self) -> bool:
        """A 时效 target that recurs each period (``每月10日前``, ``每季度末``): no single
        deadline; it is met when every period's work is on time (周期性期限)."""
        return (
            self.kind is TargetKind.TIME and self.deadline is None and self.deadline_month is None
        )

    @classmethod
    def empty(cls, raw: str = "") -> Target:
        """An empty cell (未填写)."""
        return cls(raw=raw, kind=TargetKind.EMPTY)

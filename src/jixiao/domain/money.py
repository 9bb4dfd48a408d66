"""Money with an explicit unit (元 / 万元 / 亿元).

金额一律用 Decimal 表示，单位显式保存；换算到“元”只在需要比较或求和时进行。
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from enum import StrEnum


class MoneyUnit(StrEnum):
    """A unit of Chinese currency amounts (人民币计量单位)."""

    YUAN = "元"
    WAN = "万元"
    YI = "亿元"

    @property
    def factor(self) -> Decimal:
        """How many 元 one of this unit is."""
        return _FACTORS[self]

    @classmethod
    def parse(cls, text: str) -> MoneyUnit:
        """Read a unit as written (``万元``, ``万``, ``亿``, ``元``)."""
        t = text.strip()
        for unit, spellings in _SPELLINGS.items():
            if t in spellings:
                return unit
        raise ValueError(f"不是金额单位: {text!r}")


_FACTORS = {
    MoneyUnit.YUAN: Decimal(1),
    MoneyUnit.WAN: Decimal(10_000),
    MoneyUnit.YI: Decimal(100_000_000),
}
_SPELLINGS = {
    MoneyUnit.YUAN: ("元", "人民币元", "yuan"),
    MoneyUnit.WAN: ("万元", "万", "万元人民币"),
    MoneyUnit.YI: ("亿元", "亿", "亿元人民币"),
}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount with its unit, e.g. ``Money(Decimal("150"), MoneyUnit.WAN)`` for 150 万元."""

    amount: Decimal
    unit: MoneyUnit = MoneyUnit.WAN

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")

    def to_yuan(self) -> Decimal:
        """The amount in 元."""
        return self.amount * self.unit.factor

    def to(self, unit: MoneyUnit) -> Money:
        """The same amount expressed in another unit (exact, Decimal division)."""
        if unit is self.unit:
            return self
        return Money(_clean(self.to_yuan() / unit.factor), unit)

    def __add__(self, other: Money) -> Money:
        if other.unit is self.unit:
            return Money(self.amount + other.amount, self.unit)
        return Money(_clean(self.to_yuan() + other.to_yuan()), MoneyUnit.YUAN).to(self.unit)

    def __str__(self) -> str:
        return f"{_clean(self.amount):f}{self.unit.value}"


def quantize_exact(d: Decimal, quantum: Decimal, rounding: str | None = None) -> Decimal:
    """``d.quantize(quantum, rounding)`` at any size.

    Under the default context (28 digits) ``quantize`` raises InvalidOperation when the
    result has more digits than that (``Decimal("1e30").quantize(Decimal("0.01"))``); an
    amount or a reported value read from a document can be that large. Here the precision
    is raised to fit. ``rounding`` None: the context's (half-even).
    """
    if not d.is_finite():
        return d
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, d.adjusted() - quantum.as_tuple().exponent + 2)  # type: ignore[operator]
        return d.quantize(quantum, rounding=rounding) if rounding else d.quantize(quantum)


def round_to(d: Decimal, places: int, rounding: str | None = None) -> Decimal:
    """``d`` rounded to ``places`` decimals (see :func:`quantize_exact`)."""
    return quantize_exact(d, Decimal(1).scaleb(-places), rounding)


def _clean(d: Decimal) -> Decimal:
    """Drop trailing zeros without turning 100 into 1E+2."""
    if d == d.to_integral_value():
        try:
            return d.quantize(Decimal(1))
        except InvalidOperation:  # more digits than the context holds: integral already
            return d
    return d.normalize()


def clean_decimal(d: Decimal) -> Decimal:
    """Public form of :func:`_clean`: ``Decimal('150.00')`` → ``Decimal('150')``."""
    return _clean(d)

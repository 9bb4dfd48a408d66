from decimal import Decimal

import pytest

from jixiao.domain.money import Money, MoneyUnit, clean_decimal


def test_units_convert_exactly_to_yuan():
    assert Money(Decimal("150"), MoneyUnit.WAN).to_yuan() == Decimal("1500000")
    assert Money(Decimal("26"), MoneyUnit.YI).to_yuan() == Decimal("2600000000")
    assert Money(Decimal("3309840.00"), MoneyUnit.YUAN).to_yuan() == Decimal("3309840.00")


def test_conversion_between_units_keeps_value():
    m = Money(Decimal("3309840"), MoneyUnit.YUAN).to(MoneyUnit.WAN)
    assert m == Money(Decimal("330.984"), MoneyUnit.WAN)
    assert m.to(MoneyUnit.YUAN).amount == Decimal("3309840")


def test_adding_mixed_units_keeps_left_unit():
    total = Money(Decimal("150"), MoneyUnit.WAN) + Money(Decimal("50000"), MoneyUnit.YUAN)
    assert total == Money(Decimal("155"), MoneyUnit.WAN)


def test_float_is_refused():
    with pytest.raises(TypeError):
        Money(150.0, MoneyUnit.WAN)  # type: ignore[arg-type]


def test_unit_spellings():
    assert MoneyUnit.parse("万") is MoneyUnit.WAN
    assert MoneyUnit.parse(" 亿元 ") is MoneyUnit.YI
    with pytest.raises(ValueError, match="不是金额单位"):
        MoneyUnit.parse("美元")


def test_str_shows_unit_and_no_exponent():
    assert str(Money(Decimal("1E+2"), MoneyUnit.WAN)) == "100万元"
    assert clean_decimal(Decimal("150.00")) == Decimal("150")
    assert str(clean_decimal(Decimal("0.950"))) == "0.95"


def test_huge_integral_amounts_print_without_error():
    # found by the long fuzz run: quantize needs more digits than the context's 28
    huge = Decimal("1E+40")
    assert clean_decimal(huge) == huge
    assert str(Money(huge, MoneyUnit.WAN)).endswith("万元")


def test_round_to_is_exact_at_any_size():
    from decimal import ROUND_HALF_UP, InvalidOperation

    from jixiao.domain.money import quantize_exact, round_to

    huge = Decimal("1e30")
    try:
        huge.quantize(Decimal("0.01"))
    except InvalidOperation:
        pass  # what the default 28-digit context does
    else:  # pragma: no cover - a Python whose default precision changed
        raise AssertionError("expected quantize to overflow the default context")
    assert f"{round_to(huge, 2):f}" == "1" + "0" * 30 + ".00"
    assert round_to(Decimal("9.835"), 2, ROUND_HALF_UP) == Decimal("9.84")
    assert round_to(Decimal("9.845"), 2) == Decimal("9.84")  # the context's half-even
    assert round_to(Decimal("-0.004"), 2) == Decimal("-0.00")
    assert quantize_exact(Decimal("123456789012345678901234567890.129"), Decimal("0.01"),
                          ROUND_HALF_UP) == Decimal("123456789012345678901234567890.13")
    assert round_to(Decimal("Infinity"), 2) == Decimal("Infinity")

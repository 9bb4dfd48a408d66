"""Chinese text normalisation (文本规范化): radicals, compatibility ideographs, punctuation.

Radicals and compatibility ideographs are written as escapes so that no editor or tool can
silently normalise the test inputs; the comment beside each shows how it renders.
"""

from __future__ import annotations

import unicodedata
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.domain.text import (
    fix_radicals,
    fold_punctuation,
    normalize,
    parse_equivalents,
    same_text,
)

# CJK unified ideograph blocks as of Unicode 16.0 (URO, Ext A, Ext B–I).
_UNIFIED_BLOCKS = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EE5F),
    (0x30000, 0x323AF),
)


def _is_unified_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _UNIFIED_BLOCKS)


def _vendored_file() -> str:
    return (
        resources.files("jixiao.data")
        .joinpath("EquivalentUnifiedIdeograph.txt")
        .read_text(encoding="utf-8")
    )


@pytest.mark.parametrize(
    ("radical", "ideograph"),
    [
        ("\u2f6c", "\u76ee"),  # ⽬ KANGXI RADICAL EYE → 目
        ("\u2fa6", "\u91d1"),  # ⾦ KANGXI RADICAL GOLD → 金
        ("\u2f08", "\u4eba"),  # ⼈ KANGXI RADICAL MAN → 人
        ("\u2ed3", "\u957f"),  # ⻓ CJK RADICAL C-SIMPLIFIED LONG → 长
        ("\u2ed4", "\u95e8"),  # ⻔ C-SIMPLIFIED GATE → 门
        ("\u2ecb", "\u8f66"),  # ⻋ C-SIMPLIFIED CART → 车
        ("\u2ec5", "\u89c1"),  # ⻅ C-SIMPLIFIED SEE → 见
        ("\u2ec6", "\u89d2"),  # ⻆ SIMPLIFIED HORN → 角
        ("\u2edc", "\u98de"),  # ⻜ C-SIMPLIFIED FLY → 飞
        ("\u2ee2", "\u9a6c"),  # ⻢ C-SIMPLIFIED HORSE → 马
        ("\u2e87", "\U00020628"),  # ⺇ CJK RADICAL TABLE → 𠘨 (Ext B, outside the BMP)
    ],
)
def test_radical_maps_to_its_ideograph(radical: str, ideograph: str) -> None:
    assert fix_radicals(radical) == ideograph


def test_radicals_inside_text_are_fixed_and_everything_else_kept() -> None:
    # 项⽬⽀出（⻓期） as PDF extraction produces it: ⽬ U+2F6C, ⽀ U+2F40, ⻓ U+2ED3.
    damaged = "项\u2f6c\u2f40出（\u2ed3期）"
    assert fix_radicals(damaged) == "项目支出（长期）"  # full-width brackets stay as written


def test_compatibility_ideographs_map_through_nfc() -> None:
    assert fix_radicals("\uf90a") == "\u91d1"  # U+F90A → 金
    assert fix_radicals("\uf9b1") == "\u9234"  # U+F9B1 → 鈴
    assert fix_radicals("\U0002f800") == "\u4e3d"  # compatibility supplement → 丽
    # U+FA11 and U+FA1F are unified ideographs living in the compatibility block: kept.
    assert fix_radicals("\ufa11\ufa1f") == "\ufa11\ufa1f"


def test_unmapped_radical_code_points_are_kept() -> None:
    # ⺀ CJK RADICAL REPEAT has no equivalent ideograph; U+2E9A and U+2FD6 are unassigned.
    for ch in ("\u2e80", "\u2e9a", "\u2fd6"):
        assert fix_radicals(ch) == ch


def test_full_width_punctuation_folds_to_ascii() -> None:
    assert fold_punctuation("（）：％") == "():%"
    assert fold_punctuation("满意度≧９０％；") == "满意度≥90%;"
    assert normalize("完成率（％）：≥ 90％") == "完成率(%):≥90%"


def test_normalize_removes_all_white_space() -> None:
    assert normalize(" 产出\t指标\n（数量\u3000指标）\u00a0") == "产出指标(数量指标)"


def test_same_text() -> None:
    assert same_text("二级指 标", "二级指标")
    assert same_text("项\u2f6c名称", "项目 名称")  # ⽬ radical vs 目
    assert same_text("效益指标（社会效益）", "效益指标(社会效益)")
    assert not same_text("产出指标", "效益指标")
    assert same_text(None, "")
    assert not same_text(None, "产出指标")


def test_text_with_nothing_to_fix_is_returned_unchanged() -> None:
    plain = "二级指标：产出指标（数量指标）完成率≥90％。Budget 2024"
    assert fix_radicals(plain) is plain
    assert fix_radicals("") == ""
    already = normalize(plain)
    assert normalize(already) == already


def test_normalize_of_empty_values() -> None:
    assert normalize(None) == ""
    assert normalize("") == ""
    assert normalize(" \u3000\t") == ""


def test_every_kangxi_radical_maps_to_a_unified_ideograph() -> None:
    kangxi = [chr(cp) for cp in range(0x2F00, 0x2FD5 + 1)]
    assert len(kangxi) == 214
    for radical in kangxi:
        fixed = fix_radicals(radical)
        assert fixed != radical, unicodedata.name(radical)
        assert _is_unified_ideograph(fixed), unicodedata.name(radical)
        assert unicodedata.name(fixed).startswith("CJK UNIFIED IDEOGRAPH-")
        # The vendored file and the NFKC decomposition agree for every Kangxi radical.
        assert fixed == unicodedata.normalize("NFKC", radical)


def test_supplement_radicals_mapped_from_vendored_file() -> None:
    supplement = [chr(cp) for cp in range(0x2E80, 0x2EFF + 1)]
    mapped = [ch for ch in supplement if fix_radicals(ch) != ch]
    # 115 assigned supplement radicals (U+2E80–U+2E99, U+2E9B–U+2EF3) minus ⺀ REPEAT.
    assert len(mapped) == 114
    # NFKC alone maps only two of them (⺟ U+2E9F, ⻳ U+2EF3): the rest come from the file.
    by_nfkc = [ch for ch in supplement if unicodedata.normalize("NFKC", ch) != ch]
    assert by_nfkc == ["\u2e9f", "\u2ef3"]


def test_vendored_file_ships_with_header_and_licence() -> None:
    text = _vendored_file()
    lines = text.splitlines()
    assert lines[0] == "# EquivalentUnifiedIdeograph-16.0.0.txt"
    assert "# \u00a9 2024 Unicode\u00ae, Inc." in lines
    assert "# For terms of use, see https://www.unicode.org/terms_of_use.html" in lines
    assert lines[-1] == "# EOF"
    mapping_lines = [ln for ln in lines if ln and not ln.startswith("#")]
    assert len(mapping_lines) == 341


def test_vendored_file_is_plausible() -> None:
    table = parse_equivalents(_vendored_file())
    assert len(table) == 114 + 214
    for source, target in table.items():
        assert 0x2E80 <= source <= 0x2FDF
        assert unicodedata.name(chr(source)).startswith(("CJK RADICAL ", "KANGXI RADICAL "))
        assert len(target) == 1 and _is_unified_ideograph(target), hex(source)
    assert table[0x2ED3] == "\u957f"  # ⻓ → 长
    assert table[0x2E95] == "\U0002b739"  # ⺕ SNOUT TWO → Ext C ideograph (new in 16.0)


def test_parse_equivalents_expands_ranges_and_drops_strokes() -> None:
    sample = (
        "# header\n"
        "\n"
        "2E8C..2E8D ; 5C0F  # [2] CJK RADICAL SMALL ONE..CJK RADICAL SMALL TWO\n"
        "2ED3       ; 957F  #     CJK RADICAL C-SIMPLIFIED LONG\n"
        "31D2..31D3 ; 4E3F  # [2] CJK STROKE P..CJK STROKE SP\n"
        "# 2E80; CJK RADICAL REPEAT\n"
    )
    assert parse_equivalents(sample) == {0x2E8C: "\u5c0f", 0x2E8D: "\u5c0f", 0x2ED3: "\u957f"}


_TRICKY = st.sampled_from(
    [
        "\u2f6c", "\u2ed3", "\u2e80", "\u2e9a", "\u2fd6", "\uf90a", "\ufa11", "\U0002f800",
        "（", "）", "：", "％", "\u3000", "\u00a0", " ", "\t", "≧", "—", "０", "Ａ", "目",
    ]
)  # fmt: skip
_TEXT = st.text(alphabet=st.one_of(st.characters(), _TRICKY), max_size=60)


@given(_TEXT)
def test_normalize_is_idempotent_and_total(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert not any(ch.isspace() for ch in once)


@given(_TEXT)
def test_fix_radicals_is_idempotent_and_keeps_length(text: str) -> None:
    fixed = fix_radicals(text)
    assert fix_radicals(fixed) == fixed
    assert len(fixed) == len(text)  # one character in, one character out
    assert same_text(text, fixed)

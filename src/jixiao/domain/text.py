"""Chinese text normalisation for matching (文本规范化).

Text is *stored and shown as written*; only comparisons use :func:`normalize`. The normal
form folds full-width and ASCII punctuation together, maps CJK radical characters that PDF
extraction produces (⽬ U+2F6C → 目, ⻓ U+2ED3 → 长) to the ideographs they stand for,
maps CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) through NFC, and removes
white space. The radical mapping comes from NFKC (Kangxi radicals) and the vendored Unicode
data file ``jixiao/data/EquivalentUnifiedIdeograph.txt`` (CJK Radicals Supplement).
Whole-string NFKC is never applied: it would rewrite the punctuation tables rely on.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_RADICAL_FIRST = 0x2E80
_RADICAL_LAST = 0x2FDF

# Full-width → ASCII for punctuation and digits/letters used in forms; plus look-alikes.
_FOLD = {
    "（": "(",
    "）": ")",
    "【": "[",
    "】": "]",
    "〔": "[",
    "〕": "]",
    "［": "[",
    "］": "]",
    "：": ":",
    "；": ";",
    "，": ",",
    "、": ",",
    "。": ".",
    "．": ".",
    "！": "!",
    "？": "?",
    "％": "%",
    "＋": "+",
    "－": "-",
    "—": "-",
    "–": "-",
    "―": "-",
    "～": "~",
    "〜": "~",
    "／": "/",
    "＝": "=",
    "＜": "<",
    "＞": ">",
    "≧": "≥",
    "≦": "≤",
    "⩾": "≥",
    "⩽": "≤",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "｜": "|",
    "\u3000": " ",
    "\u00a0": " ",
}
_FOLD.update({chr(0xFF10 + i): str(i) for i in range(10)})  # ０-９
_FOLD.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})  # Ａ-Ｚ
_FOLD.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})  # ａ-ｚ

_WS = re.compile(r"\s+")


_FOLD_TABLE = str.maketrans(_FOLD)

# Code points that :func:`fix_radicals` may change: CJK Radicals Supplement and Kangxi
# Radicals (U+2E80–U+2FDF), CJK Compatibility Ideographs (U+F900–U+FAFF) and their
# supplement (U+2F800–U+2FA1F). Text with none of them is returned as the same object.
_NEEDS_FIX = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_COMPAT_RANGES = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))

_EQUIVALENTS_FILE = "EquivalentUnifiedIdeograph.txt"


def _equivalents_text() -> str:
    """The vendored Unicode data file ``EquivalentUnifiedIdeograph.txt`` (UCD)."""
    return resources.files("jixiao.data").joinpath(_EQUIVALENTS_FILE).read_text(encoding="utf-8")


def parse_equivalents(text: str) -> dict[int, str]:
    """Parse ``EquivalentUnifiedIdeograph.txt`` into radical code point → ideograph.

    Only sources in the radical blocks (U+2E80–U+2FDF) are kept; the CJK strokes the file
    also lists (U+31C0–U+31EF) are not extraction damage we repair. Lines look like
    ``2E8C..2E8D ; 5C0F  # [2] CJK RADICAL SMALL ONE..CJK RADICAL SMALL TWO``.
    """
    table: dict[int, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        left, _, right = line.partition(";")
        target = chr(int(right.strip(), 16))
        first, _, last = left.strip().partition("..")
        lo = int(first, 16)
        hi = int(last, 16) if last else lo
        for cp in range(max(lo, _RADICAL_FIRST), min(hi, _RADICAL_LAST) + 1):
            table[cp] = target
    return table


@lru_cache(maxsize=1)
def _fix_table() -> dict[int, str]:
    """Code point → replacement for :func:`fix_radicals` (a ``str.translate`` table).

    Kangxi radicals (U+2F00–U+2FD5) carry a compatibility decomposition to their ideograph;
    the CJK Radicals Supplement (U+2E80–U+2EF3) mostly does not (⻓ U+2ED3 → 长 U+957F), so
    the vendored Unicode file ``EquivalentUnifiedIdeograph.txt`` is the source for those.
    Compatibility ideographs map through their canonical (NFC) singleton decomposition;
    the twelve in U+FA0E–U+FA29 that are really unified ideographs stay as they are.
    """
    table: dict[int, str] = {}
    for cp in range(_RADICAL_FIRST, _RADICAL_LAST + 1):
        decomposed = unicodedata.normalize("NFKC", chr(cp))
        if decomposed != chr(cp) and len(decomposed) == 1:
            table[cp] = decomposed
    table.update(parse_equivalents(_equivalents_text()))
    for first, last in _COMPAT_RANGES:
        for cp in range(first, last + 1):
            composed = unicodedata.normalize("NFC", chr(cp))
            if composed != chr(cp):
                table[cp] = composed
    return table


def fix_radicals(text: str) -> str:
    """Map radical characters and compatibility ideographs to unified ideographs.

    部首字修复: ⽬ (U+2F6C) → 目, ⻓ (U+2ED3) → 长, compatibility ideograph U+F90A → 金
    (U+91D1); U+FA11 stays (it is a unified ideograph). This is the one repair applied to
    stored text from extraction (the radicals are extraction damage, not what the author
    wrote); everything else is kept as written. Text with nothing to fix is returned
    unchanged (the same object).
    """
    if _NEEDS_FIX.search(text) is None:
        return text
    return text.translate(_fix_table())


def fold_punctuation(text: str) -> str:
    """Full-width punctuation, digits and letters to their ASCII forms (（）：％ → ():%)."""
    return text.translate(_FOLD_TABLE)


def normalize(text: str | None) -> str:
    """The matching form of a text: radicals fixed, punctuation folded, no white space."""
    if not text:
        return ""
    return _WS.sub("", fold_punctuation(fix_radicals(text)))


def same_text(a: str | None, b: str | None) -> bool:
    """Whether two texts match once normalised."""
    return normalize(a) == normalize(b)

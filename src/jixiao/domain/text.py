"""Chinese text normalisation for matching (文本规范化).

Text is *stored and shown as written*; only comparisons use :func:`normalize`. The normal
form folds full-width and ASCII punctuation together, maps CJK radical characters that PDF
extraction produces (⽬ U+2F6C → 目, ⻓ U+2ED3 → 长) to the ideographs they stand for,
maps CJK compatibility ideographs (U+F900–U+FAFF) through NFC, and removes white space.
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


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    """Radical code point → unified ideograph.

    Kangxi radicals (U+2F00–U+2FD5) carry a compatibility decomposition to their ideograph;
    the CJK Radicals Supplement (U+2E80–U+2EF3) mostly does not, so it is read from the
    vendored ``EquivalentUnifiedIdeograph.txt`` (Unicode data) when present.
    """
    table: dict[int, str] = {}
    for cp in range(_RADICAL_FIRST, _RADICAL_LAST + 1):
        decomposed = unicodedata.normalize("NFKC", chr(cp))
        if decomposed != chr(cp) and len(decomposed) == 1:
            table[cp] = decomposed
    try:
        data = resources.files("jixiao.data").joinpath("EquivalentUnifiedIdeograph.txt")
        text = data.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return table
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        left, _, right = line.partition(";")
        target = chr(int(right.strip(), 16))
        first, _, last = left.strip().partition("..")
        lo = int(first, 16)
        hi = int(last, 16) if last else lo
        for cp in range(lo, hi + 1):
            if _RADICAL_FIRST <= cp <= _RADICAL_LAST:
                table[cp] = target
    return table


def fix_radicals(text: str) -> str:
    """Map radical characters and compatibility ideographs to unified ideographs.

    This is the one repair applied to stored text from extraction (the radicals are
    extraction damage, not what the author wrote). Everything else is kept as written.
    """
    if not any(_RADICAL_FIRST <= ord(c) <= _RADICAL_LAST or 0xF900 <= ord(c) <= 0xFAFF for c in text):
        return text
    table = _radical_table()
    out = []
    for ch in text:
        cp = ord(ch)
        if _RADICAL_FIRST <= cp <= _RADICAL_LAST:
            out.append(table.get(cp, ch))
        elif 0xF900 <= cp <= 0xFAFF:
            out.append(unicodedata.normalize("NFC", ch))
        else:
            out.append(ch)
    return "".join(out)


def fold_punctuation(text: str) -> str:
    """Full-width punctuation, digits and letters to their ASCII forms."""
    return "".join(_FOLD.get(ch, ch) for ch in text)


def normalize(text: str | None) -> str:
    """The matching form of a text: radicals fixed, punctuation folded, no white space."""
    if not text:
        return ""
    return _WS.sub("", fold_punctuation(fix_radicals(text)))


def same_text(a: str | None, b: str | None) -> bool:
    """Whether two texts match once normalised."""
    return normalize(a) == normalize(b)

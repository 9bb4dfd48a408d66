"""Cells with locations, and what a cell's text looks like (单元格及其内容类型).

The assembler (:mod:`jixiao.ingest.assemble`) reads any table as rows of cells, each cell
with a :class:`~jixiao.domain.model.SourceRef`. Text documents give one row per line (a
line of a flattened PDF may hold a whole table row, a piece of one, or one wrapped piece of
a single cell); file readers give real grid rows. Anything with ``text`` and ``source``
attributes is a cell (:class:`CellLike`), so a reader's own cell type can be passed as is.

:class:`CellTyper` guesses, cheaply and from the rule profile's word lists, how well a text
fits each kind of column: a target value (``15个``, ``90%以上``, ``2023年底``, ``否``), a
basis (``工作要求``, ``根据年初工作安排``), a comparator (``≥``, ``正向``), a unit, a weight.
It does not parse values: that is :func:`jixiao.domain.values.parse_target`'s job, called
once the cell's column is known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from jixiao.domain.model import SourceRef
from jixiao.domain.profile import RuleProfile
from jixiao.domain.text import normalize as _normalize


@lru_cache(maxsize=1 << 16)
def normalize(text: str | None) -> str:
    """:func:`jixiao.domain.text.normalize`, memoised (cells repeat a lot in a document)."""
    return _normalize(text)


class CellLike(Protocol):
    """Anything with a text and a location: a :class:`Cell` or a file reader's grid cell."""

    @property
    def text(self) -> str: ...

    @property
    def source(self) -> SourceRef: ...


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its text as written (radicals repaired) and where it came from."""

    text: str
    source: SourceRef

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class CellRow:
    """One row of cells in reading order.

    ``positional`` says the cells keep their column positions (empty cells included), as in
    a spreadsheet or a pipe-separated row; otherwise empty cells have vanished and a cell's
    column is known only from its content.
    """

    cells: list[Cell]
    source: SourceRef
    positional: bool = False

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


def span(sources: Sequence[SourceRef | None]) -> SourceRef | None:
    """The smallest SourceRef covering several (same file): first line to last line."""
    refs = [s for s in sources if s is not None]
    if not refs:
        return None
    first = refs[0]
    lines = [s.line for s in refs if s.line is not None]
    ends = [s.line_end if s.line_end is not None else s.line for s in refs]
    ends_i = [e for e in ends if e is not None]
    if not lines:
        rows = [s.row for s in refs if s.row is not None]
        if not rows or min(rows) == max(rows):
            return first
        return SourceRef(
            file=first.file,
            page=first.page,
            table=first.table,
            sheet=first.sheet,
            row=min(rows),
        )
    lo, hi = min(lines), max(ends_i)
    return SourceRef(
        file=first.file,
        page=first.page,
        table=first.table,
        sheet=first.sheet,
        line=lo,
        line_end=hi if hi != lo else None,
    )


# --------------------------------------------------------------------------------------------
# Text similarity (level-3 name vs description: often equal, or one contains the other)
# --------------------------------------------------------------------------------------------


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}


def similarity(a: str | None, b: str | None) -> float:
    """0..1: how much of the shorter text occurs in the longer (character bigrams)."""
    x, y = normalize(a), normalize(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    if len(x) > len(y):
        x, y = y, x
    if len(x) >= 2 and x in y:
        return 1.0
    bx, by = _bigrams(x), _bigrams(y)
    return len(bx & by) / max(1, len(bx))


def dice(a: str | None, b: str | None) -> float:
    """0..1: character-bigram Dice coefficient (symmetric, length-aware)."""
    x, y = normalize(a), normalize(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    bx, by = _bigrams(x), _bigrams(y)
    return 2 * len(bx & by) / (len(bx) + len(by))


# --------------------------------------------------------------------------------------------
# Cell typing
# --------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")
_CMP_SYMBOLS = ("≥", "≤", ">=", "<=", "=", ">", "<", "＝", "≧", "≦", "≠")
_VTYPES = ("定量", "定性", "定量指标", "定性指标")
_DIRECTIONS = ("正向", "反向", "正向指标", "反向指标", "中性")
_BASIS_START = (
    "根据",
    "依据",
    "按照",
    "参照",
    "参考",
    "结合",
    "来源于",
    "来自",
    "按",
    "依照",
    "遵照",
)
_BASIS_END = (
    "标准",
    "要求",
    "计划",
    "规划",
    "安排",
    "调查",
    "问卷",
    "数据",
    "文件",
    "规定",
    "办法",
    "方案",
    "测算",
    "统计",
    "经验",
    "部署",
    "任务",
    "指标",
    "目标",
    "预算",
    "合同",
    "协议",
    "政策",
    "制度",
    "通知",
    "意见",
    "纲要",
    "需求",
    "需要",
    "实际",
    "情况",
    "惯例",
    "水平",
    "约定",
    "批复",
    "考核",
    "评估",
    "行业标准",
    "历史数据",
)
BASIS_ENDINGS = _BASIS_END
_BASIS_ANY = ("调查", "问卷", "计划标准", "行业标准", "历史标准", "预算支出标准")
_TIME = re.compile(
    r"^(?:(?:19|20)\d{2}年?(?:度)?)?(?:\d{1,2}月(?:份)?)?(?:\d{1,2}日)?"
    r"(?:底|末|中旬|上旬|下旬|初|前|以前|之前|内|以内|完成|前完成|内完成|止)*$"
)
_DATE = re.compile(r"^(?:19|20)\d{2}[-./年]\d{1,2}(?:[-./月]\d{1,2}日?)?(?:前|以前|之前|止)?$")
_TIME_WORDS: tuple[str, ...] = (
    "年底",
    "年末",
    "年内",
    "月底",
    "月末",
    "季度",
    "上半年",
    "下半年",
    "全年",
    "当年",
    "按月",
    "按季",
    "按时",
    "及时",
    "当月",
    "次月",
    "当日",
    "当天",
    "工作日",
    "年度内",
    "前完成",
    "底前",
    "末前",
    "月内",
    "周内",
    "日内",
)


@dataclass(slots=True)
class CellTyper:
    """Quick guesses of a cell's column from its text, with the profile's word lists."""

    profile: RuleProfile
    units: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    booleans: frozenset[str] = frozenset()
    empties: frozenset[str] = frozenset()
    templates: tuple[re.Pattern[str], ...] = ()
    cmp_prefix: tuple[str, ...] = ()
    cmp_suffix: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    basis_words: tuple[str, ...] = ()
    _quant: re.Pattern[str] = field(default=re.compile("$^"))
    unit_start: re.Pattern[str] = field(default=re.compile("$^"))
    _value_cache: dict[str, float] = field(default_factory=dict)
    _basis_cache: dict[str, float] = field(default_factory=dict)

    @classmethod
    def for_profile(cls, profile: RuleProfile) -> CellTyper:
        hit = _TYPERS.get(id(profile))
        if hit is not None and hit.profile is profile:
            return hit
        values = profile.section("values")
        units_sec = _mapping(values.get("units"))
        base = [str(u) for u in units_sec.get("base", [])]
        prefixes = [str(p) for p in _mapping(units_sec.get("prefixes"))]
        no_prefix = {str(u) for u in units_sec.get("no_prefix", [])}
        units = set(base) | {str(a) for a in _mapping(units_sec.get("aliases"))}
        units |= {str(a) for a in _mapping(units_sec.get("scaled"))}
        units |= {str(a) for a in _mapping(units_sec.get("multipliers"))}
        units |= {p + u for p in prefixes for u in base if u not in no_prefix}
        units |= {"元", "万元", "亿元", "%", "万美元", "人次", "个月", "年", "日"}
        units_t = tuple(sorted((normalize(u) for u in units if u), key=len, reverse=True))
        grades: list[str] = []
        for g in values.get("grades", []) or []:
            if isinstance(g, Mapping):
                grades.extend(str(w) for w in g.get("words", []))
        boolean = _mapping(values.get("boolean"))
        booleans = {normalize(str(w)) for k in ("true", "false") for w in boolean.get(k, [])}
        empty = _mapping(values.get("empty"))
        templates = tuple(re.compile(str(p)) for p in empty.get("template_patterns", []))
        cmps = _mapping(values.get("comparators"))
        prefix = [normalize(str(w)) for ws in _mapping(cmps.get("prefix")).values() for w in ws]
        suffix = [normalize(str(w)) for ws in _mapping(cmps.get("suffix")).values() for w in ws]
        words = _mapping(values.get("words"))
        fillers = tuple(normalize(str(w)) for w in words.get("fillers", []))
        basis_words = tuple(
            normalize(str(w)) for ws in _mapping(values.get("basis")).values() for w in ws
        )
        unit_alt = "|".join(re.escape(u) for u in units_t)
        pre_alt = "|".join(re.escape(p) for p in sorted(set(prefix), key=len, reverse=True))
        suf_alt = "|".join(re.escape(s) for s in sorted(set(suffix), key=len, reverse=True))
        fill_alt = "|".join(re.escape(f) for f in sorted(set(fillers), key=len, reverse=True))
        quant = re.compile(
            rf"^(?:{fill_alt})?(?:{pre_alt}|二(?=\d))?(?:{fill_alt})?[约±]?"
            rf"\d+(?:[.,]\d+)*(?:(?:[-~至到]|--)\d+(?:[.,]\d+)*)?\s*"
            rf"(?:{unit_alt})?(?:/(?:{unit_alt}|[\u3400-\u9fff]{{1,2}}))?"
            rf"(?:{suf_alt})?(?:左右|上下)?$"
            if unit_alt
            else r"^\d+(?:\.\d+)?$"
        )
        typer = cls(
            profile=profile,
            units=units_t,
            grades=tuple(normalize(g) for g in grades),
            booleans=frozenset(booleans),
            empties=frozenset(normalize(str(w)) for w in empty.get("values", [])),
            templates=templates,
            cmp_prefix=tuple(sorted(set(prefix), key=len, reverse=True)),
            cmp_suffix=tuple(sorted(set(suffix), key=len, reverse=True)),
            fillers=fillers,
            basis_words=basis_words,
            _quant=quant,
            unit_start=re.compile(rf"^(?:{unit_alt})(?!\d)" if unit_alt else "$^"),
        )
        if len(_TYPERS) > 16:
            _TYPERS.clear()
        _TYPERS[id(profile)] = typer
        return typer

    # -- kinds -----------------------------------------------------------------------------

    def is_template(self, text: str) -> bool:
        """An unfilled template instruction (``(100字以内)``, ``请填写…``): counts as empty."""
        s = normalize(text)
        return bool(s) and any(rx.search(s) for rx in self.templates)

    def is_blank_value(self, text: str) -> bool:
        s = normalize(text)
        return s in self.empties or self.is_template(text)

    def is_number(self, text: str) -> bool:
        return bool(_NUMBER.match(normalize(text)))

    def is_comparator(self, text: str) -> bool:
        s = normalize(text)
        if not s or len(s) > 5:
            return False
        return s in _CMP_SYMBOLS or s in _DIRECTIONS or s in self.cmp_prefix

    def is_unit(self, text: str) -> bool:
        s = normalize(text)
        if not s or len(s) > 6 or _DIGIT.search(s):
            return False
        return s in self.units or ("/" in s and all(p in self.units for p in s.split("/") if p))

    def is_vtype(self, text: str) -> bool:
        return normalize(text) in _VTYPES

    def value_score(self, text: str) -> float:
        """How much a text looks like a 指标值: 2.5 clearly, ~1 maybe, negative: unlikely."""
        hit = self._value_cache.get(text)
        if hit is not None:
            return hit
        score = self._value_score(normalize(text))
        if len(self._value_cache) > 20000:
            self._value_cache.clear()
        self._value_cache[text] = score
        return score

    def _value_score(self, s: str) -> float:
        if not s:
            return 0.0
        n = len(s)
        if s in self.booleans or s in self.empties:
            return 2.0
        if any(rx.search(s) for rx in self.templates):
            return 1.0
        if n <= 24 and self._quant.match(s):
            return 2.5
        if n <= 16 and ((_TIME.match(s) and _DIGIT.search(s)) or _DATE.match(s)):
            return 2.5
        has_digit = _DIGIT.search(s) is not None
        if n <= 10 and (s.startswith(_TIME_WORDS) or s.endswith(_TIME_WORDS)):
            return 2.0
        if has_digit and n <= 12 and len(_CJK.findall(s)) <= 5:
            return 1.6
        if n <= 8 and any(g in s for g in self.grades):
            return 0.9
        if has_digit and n <= 20:
            return 0.6
        if n <= 6:
            return 0.3
        if n <= 20:
            return -0.4
        return -1.5

    def basis_score(self, text: str) -> float:
        """How much a text looks like a 指标值确定依据 (2.5 clearly … negative: unlikely)."""
        hit = self._basis_cache.get(text)
        if hit is not None:
            return hit
        s = normalize(text)
        score = -0.6
        n = len(s)
        if not s:
            score = 0.0
        elif s in ("计划标准", "行业标准", "历史标准", "预算支出标准", "其他", "其他标准"):
            score = 3.0
        elif (n <= 40 and s.startswith(_BASIS_START) and not self._quant.match(s)) or (
            n <= 16 and any(w in s for w in _BASIS_ANY)
        ):
            score = 2.5
        elif n <= 10 and s.endswith(_BASIS_END):
            score = 2.0
        elif n <= 20 and s.endswith(_BASIS_END):
            score = 1.0
        elif n <= 8 and any(w in s for w in self.basis_words):
            score = 0.8
        if len(self._basis_cache) > 20000:
            self._basis_cache.clear()
        self._basis_cache[text] = score
        return score

    def text_score(self, text: str) -> float:
        """How much a text looks like a name or description (free text, not a value)."""
        s = normalize(text)
        if not s:
            return 0.0
        v = self.value_score(text)
        if v >= 2.0:
            return -1.0
        if v >= 1.5:
            return 0.0
        if not _CJK.search(s):
            return -0.5
        return 1.0

    def is_tiny_piece(self, text: str) -> bool:
        """A 1–2 character CJK piece that cannot stand alone (the wrapped tail of a cell)."""
        s = normalize(text)
        return (
            0 < len(s) <= 2
            and _CJK.search(s) is not None
            and s not in self.booleans
            and s not in self.empties
            and self.value_score(s) < 1.5
        )


_TYPERS: dict[int, CellTyper] = {}


def _mapping(v: Any) -> Mapping[str, Any]:
    return v if isinstance(v, Mapping) else {}

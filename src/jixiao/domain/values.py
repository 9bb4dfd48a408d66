"""The target-value grammar (指标值解析): every way users write a 指标值, read into a Target.

Forms (DOMAIN.md §2; full list with examples in ``docs/values.md``):

- quantitative (定量): ``15个``, ``26亿元``, ``≥95%``, ``90%以上``, ``不超过5天``, ``±3%以内``,
  ``80%-90%``, ``1600元/亩``, ``3,309,840.00``, ``两个``;
- time (时效): ``2023年底``, ``2023年12月31日前``, ``2023-06-30``, ``6月底前``, ``年内``,
  ``三季度末``, ``2023.07-2024.01``, Excel serial dates (``44561``) in a 时效 row;
- boolean (是/否): ``是``, ``否``, ``有``, ``无``;
- qualitative (定性): graded wording (``显著提升``, ``效果明显``, ``达成年度指标``) and any text
  the grammar does not understand (with a note);
- empty (未填): ``""``, ``/``, ``-``, template instructions such as ``(100字以内)``.

Every word list, unit and threshold comes from the rule profile's ``[values]`` section
(``profiles/national/values.toml``). :func:`parse_target` never raises: what it cannot read
becomes a qualitative target with a Chinese note, and any guess (a default comparator,
suspected extraction damage) is recorded in ``comparator_source`` and ``notes``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any

from jixiao.domain.model import BasisCode
from jixiao.domain.profile import ProfileError, RuleProfile, load_profile
from jixiao.domain.target import (
    NUMBER_MAX_EXPONENT,
    Comparator,
    ComparatorSource,
    Target,
    TargetKind,
)
from jixiao.domain.text import normalize

__all__ = [
    "basis_code",
    "convert_quantity",
    "format_target",
    "parse_target",
    "parse_target_columns",
]

_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of the Excel 1900 date system (after its leap bug)
_INTERNAL_NOTE = "内部错误"

# --------------------------------------------------------------------------------------------
# Grammar: the profile's [values] section, compiled once per profile object.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """A unit as written (canonical spelling), its base unit and the factor to reach it."""

    name: str
    base: str | None  # None: a bare multiplier (万, 亿) with no unit
    factor: Decimal


@dataclass(frozen=True, slots=True)
class _Grammar:
    comparator_default: str
    basis_exact: tuple[tuple[str, BasisCode], ...]
    basis_words: tuple[tuple[str, BasisCode], ...]
    prefix_cmp: tuple[tuple[str, Comparator], ...]
    suffix_cmp: tuple[tuple[str, Comparator], ...]
    fillers: tuple[str, ...]
    approximate: tuple[str, ...]
    trailing: tuple[str, ...]  # words after the value that change nothing: (含), 完成
    units: Mapping[str, _Unit]
    unit_max_len: int
    empty_values: frozenset[str]
    template_res: tuple[re.Pattern[str], ...]
    true_words: frozenset[str]
    false_words: frozenset[str]
    grades: tuple[tuple[str, tuple[str, ...]], ...]
    year_end_words: tuple[str, ...]
    half_year: Mapping[str, int]
    before_suffix: tuple[str, ...]
    before_prefix: tuple[str, ...]
    after_suffix: tuple[str, ...]
    serial_min: int
    serial_max: int
    year_min: int
    year_max: int
    ge_as_2: bool
    ge_as_2_min_percent: Decimal
    ge_as_2_max: Decimal
    eq_as_er: bool
    max_extra_text: int
    time_words: tuple[str, ...]  # year-end and half-year words (a value may be one of them)
    reserved: tuple[str, ...]  # words with a meaning: never taken for an unknown unit
    contexts: dict[tuple[str | None, str | None, int | None], _Context] = field(
        default_factory=dict, compare=False
    )


def _strs(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(str(x) for x in v)


def _longest_first(pairs: Sequence[tuple[str, Comparator]]) -> tuple[tuple[str, Comparator], ...]:
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _cmp_words(section: Any) -> tuple[tuple[str, Comparator], ...]:
    pairs: list[tuple[str, Comparator]] = []
    if isinstance(section, Mapping):
        for sym, words in section.items():
            cmp = Comparator(normalize(str(sym)))
            pairs.extend((normalize(w), cmp) for w in _strs(words) if normalize(w))
    return _longest_first(pairs)


def _build_units(sec: Mapping[str, Any]) -> dict[str, _Unit]:
    units: dict[str, _Unit] = {}
    base = [normalize(u) for u in _strs(sec.get("base"))]
    no_prefix = {normalize(u) for u in _strs(sec.get("no_prefix"))}
    prefixes = {normalize(k): Decimal(str(v)) for k, v in dict(sec.get("prefixes", {})).items()}
    for b in base:
        if b in no_prefix:
            continue
        for p, f in prefixes.items():
            units[p + b] = _Unit(p + b, b, f)
    for b in base:
        units[b] = _Unit(b, b, Decimal(1))
    for name, spec in dict(sec.get("scaled", {})).items():
        target, factor = spec
        n = normalize(name)
        units[n] = _Unit(n, normalize(str(target)), Decimal(str(factor)))
        if n not in no_prefix:
            for p, f in prefixes.items():
                units.setdefault(
                    p + n, _Unit(p + n, normalize(str(target)), f * Decimal(str(factor)))
                )
    for name, factor in dict(sec.get("multipliers", {})).items():
        n = normalize(name)
        units.setdefault(n, _Unit(n, None, Decimal(str(factor))))
    for alias, canon in dict(sec.get("aliases", {})).items():
        c = normalize(str(canon))
        if c in units:
            u = units[c]
            units[normalize(alias)] = _Unit(u.name, u.base, u.factor)
    return units


def _compile(profile: RuleProfile) -> _Grammar:
    v = profile.section("values")
    basis_exact = tuple((normalize(c.value), c) for c in BasisCode)
    basis_words: list[tuple[str, BasisCode]] = []
    for code, words in dict(v.get("basis", {})).items():
        bc = BasisCode(code)
        basis_words.extend((normalize(w), bc) for w in _strs(words) if normalize(w))
    comparators = v.get("comparators", {})
    words = v.get("words", {})
    units_sec = v.get("units", {})
    units = _build_units(units_sec)
    empty = v.get("empty", {})
    boolean = v.get("boolean", {})
    time = v.get("time", {})
    damage = v.get("damage", {})
    grades = tuple(
        (str(g["name"]), tuple(normalize(w) for w in _strs(g.get("words")) if normalize(w)))
        for g in v.get("grades", [])
    )
    reserved = {
        normalize(w)
        for w in (
            *[w for ws in dict(comparators.get("prefix", {})).values() for w in _strs(ws)],
            *[w for ws in dict(comparators.get("suffix", {})).values() for w in _strs(ws)],
            *_strs(words.get("fillers")),
            *_strs(words.get("approximate")),
            *[w for _, ws in grades for w in ws],
            *_strs(time.get("year_end")),
            *dict(time.get("half_year", {})).keys(),
            *_strs(time.get("before")),
            *_strs(time.get("after")),
            *_strs(boolean.get("true")),
            *_strs(boolean.get("false")),
            "季度",
            "底",
            "末",
            "年",
            "月",
        )
    }
    return _Grammar(
        comparator_default=str(v.get("comparator_default", "category")),
        basis_exact=basis_exact,
        basis_words=tuple(basis_words),
        prefix_cmp=_cmp_words(comparators.get("prefix")),
        suffix_cmp=_cmp_words(comparators.get("suffix")),
        fillers=tuple(
            sorted((normalize(w) for w in _strs(words.get("fillers"))), key=len, reverse=True)
        ),
        approximate=tuple(
            sorted((normalize(w) for w in _strs(words.get("approximate"))), key=len, reverse=True)
        ),
        trailing=tuple(
            sorted((normalize(w) for w in _strs(words.get("trailing"))), key=len, reverse=True)
        ),
        units=units,
        unit_max_len=max((len(k) for k in units), default=0),
        empty_values=frozenset(normalize(w).lower() for w in _strs(empty.get("values"))),
        template_res=tuple(re.compile(p) for p in _strs(empty.get("template_patterns"))),
        true_words=frozenset(normalize(w).lower() for w in _strs(boolean.get("true"))),
        false_words=frozenset(normalize(w).lower() for w in _strs(boolean.get("false"))),
        grades=grades,
        year_end_words=tuple(
            sorted((normalize(w) for w in _strs(time.get("year_end"))), key=len, reverse=True)
        ),
        half_year={normalize(k): int(m) for k, m in dict(time.get("half_year", {})).items()},
        before_suffix=tuple(sorted(_strs(time.get("before")), key=len, reverse=True)),
        before_prefix=tuple(sorted(_strs(time.get("before_prefix")), key=len, reverse=True)),
        after_suffix=tuple(sorted(_strs(time.get("after")), key=len, reverse=True)),
        serial_min=int(time.get("excel_serial_min", 20000)),
        serial_max=int(time.get("excel_serial_max", 73050)),
        year_min=int(time.get("year_min", 1990)),
        year_max=int(time.get("year_max", 2100)),
        ge_as_2=bool(damage.get("ge_as_2", True)),
        ge_as_2_min_percent=Decimal(str(damage.get("ge_as_2_min_percent", 100))),
        ge_as_2_max=Decimal(str(damage.get("ge_as_2_max", 100))),
        eq_as_er=bool(damage.get("eq_as_er", True)),
        max_extra_text=int(words.get("max_extra_text", 8)),
        time_words=tuple(
            normalize(w) for w in (*_strs(time.get("year_end")), *time.get("half_year", {}))
        ),
        reserved=tuple(sorted(w for w in reserved if w)),
    )


@lru_cache(maxsize=1)
def _default_profile() -> RuleProfile:
    return load_profile(None)


_GRAMMARS: dict[int, tuple[RuleProfile, _Grammar]] = {}


def _grammar(profile: RuleProfile | None) -> tuple[RuleProfile, _Grammar]:
    p = profile if profile is not None else _default_profile()
    hit = _GRAMMARS.get(id(p))
    if hit is not None and hit[0] is p:
        return hit
    if len(_GRAMMARS) > 32:
        _GRAMMARS.clear()
    try:
        grammar = _compile(p)
    except (
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        ArithmeticError,  # decimal.InvalidOperation among them
        re.error,
    ) as exc:
        raise ProfileError(f"规则配置 {p.name}: [values] 设置有误: {exc!r}") from exc
    entry = (p, grammar)
    _GRAMMARS[id(p)] = entry
    return entry


# --------------------------------------------------------------------------------------------
# Context: what the row says about the value (category, plan year).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    default_cmp: Comparator | None  # the category's default, None without a category
    expected_kind: str | None  # "quantitative" / "time" / "any" / None
    year: int | None


def _context(
    g: _Grammar, profile: RuleProfile, level1: str | None, level2: str | None, year: int | None
) -> _Context:
    key = (level1, level2, year)
    hit = g.contexts.get(key)
    if hit is None:
        if len(g.contexts) > 4096:
            g.contexts.clear()
        hit = g.contexts[key] = _make_context(g, profile, level1, level2, year)
    return hit


def _make_context(
    g: _Grammar, profile: RuleProfile, level1: str | None, level2: str | None, year: int | None
) -> _Context:
    cats = profile.categories
    l2 = cats.find_level2(level2, level1) if level2 else None
    default: Comparator | None = None
    kind: str | None = None
    if l2 is not None:
        default, kind = l2.default_comparator, l2.expected_kind
    elif level1:
        l1 = cats.find_level1(level1)
        if l1 is not None and l1.level2:
            defaults = {x.default_comparator for x in l1.level2}
            kinds = {x.expected_kind for x in l1.level2}
            default = defaults.pop() if len(defaults) == 1 else None
            kind = kinds.pop() if len(kinds) == 1 else None
    if g.comparator_default == "equal" and default is not None:
        default = Comparator.EQ
    return _Context(default, kind, year)


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

_ARABIC = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*")


def _cn_to_int(text: str) -> int | None:
    """A Chinese numeral (``十五``, ``两百``, ``三万``, ``一千二百``) as an int, or None."""
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0:
                return None
            digit = _CN_DIGITS[ch] if _CN_DIGITS[ch] != 0 else digit
            if _CN_DIGITS[ch] == 0:
                digit = None
        elif ch in _CN_SMALL:
            section += (digit if digit is not None else 1) * _CN_SMALL[ch]
            digit = None
        elif ch in _CN_BIG:
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * _CN_BIG[ch]
            section = 0
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _exact_mul(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = max(28, len(a.as_tuple().digits) + len(b.as_tuple().digits) + 4)
        return a * b


def _exact_div(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = max(28, len(a.as_tuple().digits) + len(b.as_tuple().digits) + 28)
        return a / b


def _clean(d: Decimal) -> Decimal:
    """Drop trailing zeros without turning 100 into 1E+2 (exact at any size)."""
    with localcontext() as ctx:
        ctx.prec = max(28, len(d.as_tuple().digits) + 2)
        if d == d.to_integral_value():
            return d.quantize(Decimal(1))
        return d.normalize()


def _fmt_num(d: Decimal) -> str:
    return f"{d:f}"


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


def _match_unit(g: _Grammar, s: str, pos: int) -> tuple[_Unit, int] | None:
    """The longest known unit at ``s[pos:]`` (with an optional ``/denominator``)."""
    found: tuple[_Unit, int] | None = None
    for n in range(min(g.unit_max_len, len(s) - pos), 0, -1):
        u = g.units.get(s[pos : pos + n])
        if u is not None:
            found = (u, pos + n)
            break
    if found is None:
        return None
    unit, end = found
    if end < len(s) and s[end] == "/":
        for n in range(min(g.unit_max_len, len(s) - end - 1), 0, -1):
            d = g.units.get(s[end + 1 : end + 1 + n])
            if d is not None and d.base is not None and unit.base is not None:
                return (
                    _Unit(f"{unit.name}/{d.name}", f"{unit.base}/{d.name}", unit.factor),
                    end + 1 + n,
                )
    return found


def _resolve_unit(g: _Grammar, text: str) -> _Unit | None:
    s = normalize(text)
    if not s:
        return None
    m = _match_unit(g, s, 0)
    if m is not None and m[1] == len(s):
        return m[0]
    return None


def convert_quantity(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``; None when they do not convert.

    ``convert_quantity(Decimal(26), "亿元", "元") == 2600000000``; 万人 → 人; 公里 → 米;
    ``个`` → ``%`` is None. Units the grammar does not know convert only to themselves.
    """
    g = _grammar(None)[1]
    a = _resolve_unit(g, from_unit)
    b = _resolve_unit(g, to_unit)
    if a is None or b is None:
        return value if normalize(from_unit) == normalize(to_unit) and normalize(to_unit) else None
    if a.base != b.base:
        return None
    return _clean(_exact_div(_exact_mul(value, a.factor), b.factor))


# --------------------------------------------------------------------------------------------
# Dates (时效)
# --------------------------------------------------------------------------------------------

_CN_MONTH = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
_QUARTER = r"(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?|[Qq](?P<q2>[1-4])(?:末|底)?"
_RE_DAY = re.compile(r"(?P<y>\d{4})(?:年|[-./])(?P<m>\d{1,2})(?:月|[-./])(?P<d>\d{1,2})[日号]?")
_RE_DAY8 = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_RE_MONTH = re.compile(
    r"(?P<y>\d{4})(?:年|[-./])(?P<m>\d{1,2})(?:月份|月)?(?P<p>底|末|上旬|中旬|下旬)?"
)
_RE_YQUARTER = re.compile(r"(?P<y>\d{4})年?(?:度)?(?:" + _QUARTER + ")")
_RE_QUARTER = re.compile(_QUARTER)
_RE_NOYEAR_MONTH = re.compile(
    r"(?P<m>" + _CN_MONTH + r")月(?:份)?(?:(?P<d>\d{1,2})[日号]|(?P<p>底|末|上旬|中旬|下旬))?"
)
_RE_MONTH_SPAN = re.compile(r"(?P<a>\d{1,2})(?:-|~|至|到)(?P<b>\d{1,2})月(?:份)?(?:底|末)?")
_RE_MONTH_DAY = re.compile(r"(?P<m>\d{1,2})[./](?P<d>\d{1,2})")
_RE_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
_RANGE_SEPS = ("~", "至", "到", "-")


@dataclass(frozen=True, slots=True)
class _Point:
    """A point or period in time as written: year (maybe missing), month, day (maybe missing)."""

    year: int | None
    month: int
    day: int | None = None
    first_day: int = 1  # first day of the period (for a quarter: its first month's day 1)
    first_month: int | None = None


def _month_num(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _cn_to_int(text)


def _quarter_num(text: str) -> int:
    return int(text) if text.isdigit() else {"一": 1, "二": 2, "三": 3, "四": 4}[text]


def _period_day(p: str | None) -> int | None:
    return {"上旬": 10, "中旬": 20}.get(p or "")


def _year_ok(g: _Grammar, y: int) -> bool:
    return g.year_min <= y <= g.year_max


def _valid_point(p: _Point | None) -> _Point | None:
    """The point if its month and day exist (a day without a year may be up to 31)."""
    if p is None or not 1 <= p.month <= 12:
        return None
    if p.day is not None:
        last = _last_day(p.year, p.month) if p.year is not None else 31
        if not 1 <= p.day <= last:
            return None
    return p


def _parse_point(g: _Grammar, s: str, ctx: _Context) -> _Point | None:
    """One date, month, quarter, half-year or year-end (whole string); None if not a date."""
    return _valid_point(_read_point(g, s, ctx))


def _read_point(g: _Grammar, s: str, ctx: _Context) -> _Point | None:
    m = _RE_DAY.fullmatch(s)
    if m:
        return _Point(int(m["y"]), int(m["m"]), int(m["d"]))
    if ctx.expected_kind == "time" and (m := _RE_DAY8.fullmatch(s)):
        return _Point(int(m["y"]), int(m["m"]), int(m["d"]))
    if ctx.expected_kind == "time" and (m := _RE_MONTH_DAY.fullmatch(s)):
        return _Point(None, int(m["m"]), int(m["d"]))
    m = _RE_MONTH.fullmatch(s)
    if m and _year_ok(g, int(m["y"])):
        # "2023.07" is a date, but in a quantitative row "2023.5" is a number
        if "月" not in s and "年" not in s and ctx.expected_kind == "quantitative":
            return None
        return _Point(int(m["y"]), int(m["m"]), _period_day(m["p"]))
    m = _RE_YQUARTER.fullmatch(s)
    if m and _year_ok(g, int(m["y"])):
        q = _quarter_num(m["q"] or m["q2"])
        return _Point(int(m["y"]), q * 3, first_month=q * 3 - 2)
    year: int | None = None
    rest = s
    ym = re.match(r"(\d{4})(年度|年)?", s)
    if ym and _year_ok(g, int(ym[1])) and (ym[2] or ctx.expected_kind == "time" or len(s) > 4):
        year, rest = int(ym[1]), s[ym.end() :]
        if not ym[2] and rest and not rest.startswith(("年", "底", "末", "上半年", "下半年")):
            return None
    if year is not None and rest in ("", "底", "末", "度"):
        return _Point(year, 12, first_month=1)
    if rest in g.year_end_words:
        return _Point(year, 12, first_month=1)
    if rest in g.half_year:
        mm = g.half_year[rest]
        return _Point(year, mm, first_month=mm - 5)
    m = _RE_QUARTER.fullmatch(rest)
    if m:
        q = _quarter_num(m["q"] or m["q2"])
        return _Point(year, q * 3, first_month=q * 3 - 2)
    m = _RE_NOYEAR_MONTH.fullmatch(rest)
    if m:
        month = _month_num(m["m"])
        if month is None:
            return None
        day = int(m["d"]) if m["d"] else _period_day(m["p"])
        return _Point(year, month, day)
    return None


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _end_date(p: _Point, year: int) -> date:
    return date(year, p.month, p.day if p.day is not None else _last_day(year, p.month))


def _start_date(p: _Point, year: int) -> date:
    if p.day is not None and p.first_month is None:
        return date(year, p.month, p.day)
    return date(year, p.first_month or p.month, 1)


def _strip_time_affixes(g: _Grammar, s: str) -> tuple[str, Comparator | None]:
    cmp: Comparator | None = None
    for sym, c in (("≤", Comparator.LE), ("<=", Comparator.LE), ("≥", Comparator.GE),
                   (">=", Comparator.GE), ("<", Comparator.LT), (">", Comparator.GT)):  # fmt: skip
        if s.startswith(sym):
            s, cmp = s[len(sym) :], c
            break
    for w in g.before_prefix:
        if s.startswith(w) and len(s) > len(w):
            s, cmp = s[len(w) :], cmp or Comparator.LE
            break
    for w in ("于", "在"):
        if s.startswith(w) and len(s) > 1:
            s = s[1:]
            break
    return s, cmp


def _parse_time(g: _Grammar, s: str, raw: str, ctx: _Context) -> Target | None:
    body, cmp = _strip_time_affixes(g, s)
    if not body:
        return None
    notes: list[str] = []
    candidates: list[tuple[str, Comparator | None]] = []
    for w in g.before_suffix:
        if body.endswith(w) and len(body) > len(w):
            candidates.append((body[: -len(w)], Comparator.LE))
    for w in g.after_suffix:
        if body.endswith(w) and len(body) > len(w):
            candidates.append((body[: -len(w)], Comparator.GE))
    candidates.append((body, None))
    for text, suffix_cmp in candidates:
        got = _parse_period(g, text, ctx)
        if got is None:
            continue
        start_p, end_p = got
        explicit = cmp or suffix_cmp
        return _time_target(raw, start_p, end_p, explicit, ctx, notes)
    return None


def _parse_period(g: _Grammar, s: str, ctx: _Context) -> tuple[_Point | None, _Point] | None:
    p = _parse_point(g, s, ctx)
    if p is not None:
        return None, p
    m = _RE_MONTH_SPAN.fullmatch(s)
    if m:
        a, b = int(m["a"]), int(m["b"])
        return _Point(None, a, first_month=a), _Point(None, b)
    year_prefix = re.match(r"(\d{4})年", s)
    for sep in _RANGE_SEPS:
        idx = s.find(sep)
        while idx > 0:
            left, right = s[:idx], s[idx + len(sep) :]
            lp = _parse_point(g, left, ctx)
            rp = _parse_point(g, right, ctx) if right else None
            if rp is None and year_prefix and right and lp is not None and lp.year is not None:
                rp = _parse_point(g, f"{lp.year}年{right}", ctx)
            if lp is not None and rp is not None:
                if rp.year is None and lp.year is not None:
                    ry = lp.year + (1 if rp.month < lp.month else 0)
                    rp = _Point(ry, rp.month, rp.day, rp.first_day, rp.first_month)
                return lp, rp
            idx = s.find(sep, idx + 1)
    return None


def _time_target(
    raw: str,
    start_p: _Point | None,
    end_p: _Point,
    explicit: Comparator | None,
    ctx: _Context,
    notes: list[str],
) -> Target:
    comparator = explicit or Comparator.LE
    source = ComparatorSource.EXPLICIT if explicit else ComparatorSource.DEFAULT
    year = end_p.year if end_p.year is not None else ctx.year
    if end_p.year is not None and ctx.year is not None and end_p.year != ctx.year:
        notes.append(f"截止年份{end_p.year}与计划年度{ctx.year}不同")
    if year is None:
        if end_p.day is not None and end_p.day < _last_day(2001, end_p.month):
            notes.append(f"未写年份: 截止{end_p.month}月{end_p.day}日, 计划年度确定后解读")
        return Target(
            raw=raw,
            kind=TargetKind.TIME,
            comparator=comparator,
            comparator_source=source,
            deadline_month=end_p.month,
            notes=tuple(notes),
        )
    try:
        deadline = _end_date(end_p, year)
        start = None
        if start_p is not None:
            sy = start_p.year if start_p.year is not None else year
            start = _start_date(start_p, sy)
    except ValueError:
        return _qualitative(raw, [f"日期无效: {normalize(raw)}"], None)
    if start is not None and start > deadline:
        notes.append(f"起始日期{start.isoformat()}晚于截止日期{deadline.isoformat()}")
    return Target(
        raw=raw,
        kind=TargetKind.TIME,
        comparator=comparator,
        comparator_source=source,
        deadline=deadline,
        deadline_month=deadline.month,
        start=start,
        notes=tuple(notes),
    )


def _excel_serial(g: _Grammar, s: str, raw: str, ctx: _Context) -> Target | None:
    if ctx.expected_kind != "time" or not _RE_SERIAL.fullmatch(s):
        return None
    n = int(s.split(".")[0])
    if not g.serial_min <= n <= g.serial_max:
        return None
    d = _EXCEL_EPOCH + timedelta(days=n)
    return Target(
        raw=raw,
        kind=TargetKind.TIME,
        comparator=Comparator.LE,
        comparator_source=ComparatorSource.DEFAULT,
        deadline=d,
        deadline_month=d.month,
        notes=(f"按Excel日期序号解读: {n} → {d.isoformat()}",),
    )


# --------------------------------------------------------------------------------------------
# Quantities (定量)
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Num:
    value: Decimal
    digits: str  # as written, without thousands separators
    chinese: bool
    end: int


def _read_number(s: str, pos: int) -> _Num | None:
    m = _ARABIC.match(s, pos)
    if m:
        text = m.group().replace(",", "")
        try:
            d = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            return None
        if not d.is_zero() and abs(d.adjusted()) > NUMBER_MAX_EXPONENT:
            return None  # 100+ digits: no amount or count; kept as text (see target.py)
        return _Num(d, text, False, m.end())
    m = _CN_NUMBER.match(s, pos)
    if m:
        n = _cn_to_int(m.group())
        if n is not None:
            return _Num(Decimal(n), str(n), True, m.end())
    return None


def _starts_number(s: str, pos: int) -> bool:
    if pos >= len(s):
        return False
    ch = s[pos]
    if ch.isascii() and ch.isdigit():
        return True
    if ch in "+-±" and pos + 1 < len(s) and s[pos + 1].isascii() and s[pos + 1].isdigit():
        return True
    return ch in _CN_DIGITS or ch == "十" or s.startswith("百分之", pos)


def _strip_prefix(g: _Grammar, s: str, notes: list[str]) -> tuple[int, Comparator | None, bool]:
    """Skip comparator words and fillers before the number: (position, comparator, approx)."""
    pos = 0
    cmp: Comparator | None = None
    approx = False
    progress = True
    while progress and pos < len(s) and not _starts_number(s, pos):
        progress = False
        for w, c in g.prefix_cmp:
            if s.startswith(w, pos):
                if cmp is not None and c is not cmp:
                    notes.append(f"比较词矛盾: 先{cmp.value}后{c.value}, 取{cmp.value}")
                cmp = cmp or c
                pos += len(w)
                progress = True
                break
        if progress:
            continue
        for w in g.fillers:
            if s.startswith(w, pos):
                if w in g.approximate:
                    approx = True
                pos += len(w)
                progress = True
                break
    return pos, cmp, approx


def _strip_suffix(g: _Grammar, s: str, pos: int) -> tuple[int, Comparator | None, bool]:
    cmp: Comparator | None = None
    approx = False
    progress = True
    while progress and pos < len(s):
        progress = False
        for w in g.approximate:
            if s.startswith(w, pos):
                approx, pos, progress = True, pos + len(w), True
                break
        if progress:
            continue
        for w, c in g.suffix_cmp:
            if s.startswith(w, pos):
                cmp = cmp or c
                pos += len(w)
                progress = True
                break
        if progress:
            continue
        for w in g.trailing:
            if s.startswith(w, pos):
                pos, progress = pos + len(w), True
                break
    return pos, cmp, approx


_NEGATIONS = ("不", "未", "非")
_NEGATED = {
    Comparator.GE: Comparator.LT,
    Comparator.LE: Comparator.GT,
    Comparator.GT: Comparator.LE,
    Comparator.LT: Comparator.GE,
}

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_TRAILING_PUNCT = ".;,:!?。；，：！？\"'"


def _unknown_unit(g: _Grammar, s: str, pos: int) -> tuple[str, int] | None:
    """A short CJK word right after the number that is not a known unit (``15栋``)."""
    m = _CJK.match(s, pos)
    if not m:
        return None
    word = m.group()
    cut = len(word)
    for i in range(len(word)):
        tail = word[i:]
        if any(tail.startswith(w) for w, _ in g.suffix_cmp) or any(
            tail.startswith(w) for w in g.approximate
        ):
            cut = i
            break
    if cut == 0 or cut > 2:
        return None
    unit = word[:cut]
    if any(ch in _CN_DIGITS or ch in _CN_SMALL or ch in _CN_BIG for ch in unit):
        return None
    if any(unit.startswith(w) or w.startswith(unit) for w in g.reserved):
        return None
    return unit, pos + cut


def _parse_quantity(g: _Grammar, s: str, raw: str, ctx: _Context) -> Target | None:
    notes: list[str] = []
    cmp_source = ComparatorSource.EXPLICIT
    suspected_eq = False
    if g.eq_as_er and len(s) > 1 and s[0] == "二" and s[1].isascii() and s[1].isdigit():
        suspected_eq = True
        s = s[1:]
        notes.append(f"疑似“=”被识别为“二”: 按“={s}”读取")
    # the number may stand after some text: find where the numeric phrase starts
    pos, prefix_cmp, approx = _strip_prefix(g, s, notes)
    lead = ""
    if not _starts_number(s, pos):
        m = re.search(r"[0-9]|±|百分之", s[pos:])
        if not m:
            return None
        lead = s[pos : pos + m.start()]
        sub_pos, sub_cmp, sub_approx = _strip_prefix(g, s[pos + m.start() :], notes)
        pos = pos + m.start() + sub_pos
        # a comparator word inside the lead text ("较上年增长不低于5%") still counts
        if prefix_cmp is None:
            prefix_cmp = sub_cmp
            for w, c in g.prefix_cmp:
                if prefix_cmp is None and lead.endswith(w):
                    prefix_cmp = c
                    lead = lead[: -len(w)]
                    if lead.endswith(_NEGATIONS) and c in _NEGATED:
                        prefix_cmp = _NEGATED[c]
                        notes.append(f"“{lead[-1]}{w}”按否定读取为{prefix_cmp.value}")
                        lead = lead[:-1]
        approx = approx or sub_approx
    plus_minus = False
    percent_words = False
    if s.startswith("±", pos) or s.startswith("+-", pos) or s.startswith("+/-", pos):
        plus_minus = True
        pos += 1 if s[pos] == "±" else (2 if s.startswith("+-", pos) else 3)
    if s.startswith("百分之", pos):
        percent_words = True
        pos += 3
    first = _read_number(s, pos)
    if first is None:
        return None
    pos = first.end
    unit: _Unit | None = None
    unknown: str | None = None
    if percent_words:
        unit = g.units.get("%")
    got = _match_unit(g, s, pos) if unit is None else None
    if got is not None:
        unit, pos = got
    elif unit is None and s.startswith("(", pos):
        # the unit in brackets, as table headers write it: "90(%)", "≥15(个)"
        inner = _match_unit(g, s, pos + 1)
        if inner is not None and s.startswith(")", inner[1]):
            unit, pos = inner[0], inner[1] + 1
    second: _Num | None = None
    # a range "80-90%", "80%~90%", "80至90%"
    for sep in _RANGE_SEPS:
        if s.startswith(sep, pos) and not plus_minus:
            nxt = _read_number(s, pos + len(sep))
            if nxt is not None and not nxt.chinese:
                second = nxt
                pos = nxt.end
                got2 = _match_unit(g, s, pos)
                if got2 is not None:
                    u2, pos = got2
                    if unit is not None and u2.name != unit.name:
                        notes.append(f"范围两端单位不同: {unit.name} 与 {u2.name}, 按{u2.name}读取")
                    unit = u2
            break
    if unit is None:
        uk = _unknown_unit(g, s, pos)
        if uk is not None and not first.chinese:
            unknown, pos = uk
            notes.append(f"单位“{unknown}”不在单位表中, 未换算")
    pos, suffix_cmp, approx2 = _strip_suffix(g, s, pos)
    approx = approx or approx2
    tail = s[pos:].strip(_TRAILING_PUNCT)
    extra = lead + tail
    if extra:
        if first.chinese or len(extra) > g.max_extra_text or unknown is not None:
            return None
        if unit is None or any(ch.isdigit() for ch in extra):
            return None
        if unit is not None and unit.base == "年" and _year_ok(g, int(first.value)) and not second:
            return None
        where = "、".join(
            x for x in (f"数值前“{lead}”" if lead else "", f"数值后“{tail}”" if tail else "") if x
        )
        notes.append(f"另有文字未解读: {where}")
    if approx:
        notes.append("约数 (约/左右): 按所写数值读取")
    # comparator
    comparator: Comparator | None = prefix_cmp or suffix_cmp
    if prefix_cmp and suffix_cmp and prefix_cmp is not suffix_cmp:
        notes.append(f"比较词矛盾: {prefix_cmp.value} 与 {suffix_cmp.value}, 取{prefix_cmp.value}")
    if suspected_eq:
        if comparator is None:
            comparator, cmp_source = Comparator.EQ, ComparatorSource.SUSPECTED
        else:
            notes.append("“二”之后另有比较词, 按比较词读取")
    unit_name = unit.name if unit is not None else unknown
    value = first.value
    lower = upper = None
    if plus_minus or second is not None:
        if plus_minus:
            lower, upper = -value, value
        else:
            assert second is not None
            lower, upper = value, second.value
            if lower > upper:
                notes.append(f"范围下限{_fmt_num(lower)}大于上限{_fmt_num(upper)}")
        if comparator is not None and not plus_minus and cmp_source is ComparatorSource.EXPLICIT:
            notes.append(f"范围带比较词“{comparator.value}”, 按范围读取")
        return Target(
            raw=raw,
            kind=TargetKind.QUANTITATIVE,
            unit=unit_name,
            normalized_unit=_norm_unit(unit, unknown),
            lower=lower,
            upper=upper,
            notes=tuple(notes),
        )
    if comparator is None:
        comparator, cmp_source = (ctx.default_cmp or Comparator.EQ), ComparatorSource.DEFAULT
        if unit is not None and unit.name == "%" and g.ge_as_2:
            _check_ge_as_2(g, first, ctx, notes)
            if notes and notes[-1].startswith("疑似“≥”") and ctx.default_cmp is Comparator.GE:
                comparator, cmp_source = Comparator.GE, ComparatorSource.SUSPECTED
    normalized = _clean(_exact_mul(value, unit.factor) if unit is not None else value)
    return Target(
        raw=raw,
        kind=TargetKind.QUANTITATIVE,
        comparator=comparator,
        comparator_source=cmp_source,
        value=value,
        unit=unit_name,
        normalized_value=normalized,
        normalized_unit=_norm_unit(unit, unknown),
        notes=tuple(notes),
    )


def _norm_unit(unit: _Unit | None, unknown: str | None) -> str | None:
    if unit is not None:
        return unit.base
    return unknown


def _check_ge_as_2(g: _Grammar, num: _Num, ctx: _Context, notes: list[str]) -> None:
    """Flag "290%" as a probable "≥90%" (PDF extraction read ≥ as 2); never repair it."""
    digits = num.digits
    if num.chinese or num.value <= g.ge_as_2_min_percent or not digits.startswith("2"):
        return
    rest = digits[1:]
    if not rest or rest.startswith(("0", ".")):
        return
    try:
        candidate = Decimal(rest)
    except InvalidOperation:  # pragma: no cover - digits only
        return
    if not Decimal(0) < candidate <= g.ge_as_2_max:
        return
    if ctx.default_cmp is Comparator.GE:
        notes.append(f"疑似“≥”被识别为“2”: 可能为≥{rest}%, 数值按所写{digits}%保留, 请核对")
    else:
        notes.append(f"数值{digits}%超过100%, 可能是“≥{rest}%”被误识别, 请核对")


# --------------------------------------------------------------------------------------------
# Boolean, qualitative, empty
# --------------------------------------------------------------------------------------------


def _grade_of(g: _Grammar, s: str) -> str | None:
    for name, words in g.grades:
        if any(w in s for w in words):
            return name
    return None


def _qualitative(raw: str, notes: list[str], grade: str | None) -> Target:
    return Target(raw=raw, kind=TargetKind.QUALITATIVE, grade=grade, notes=tuple(notes))


def _empty_reason(g: _Grammar, s: str, low: str, ctx: _Context) -> str | None:
    """'' for a plain empty cell, a note for a special one, None when not empty."""
    if low in g.empty_values:
        if low in ("不适用", "不涉及"):
            return "写明不适用, 视为未填写"
        return ""
    for rx in g.template_res:
        if rx.search(s):
            return "表格填写说明, 视为未填写"
    if (
        low in g.false_words
        and low in ("无", "没有")
        and ctx.expected_kind in ("quantitative", "time")
    ):
        return f"“{s}”在定量/时效指标中视为未填写"
    return None


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def parse_target(
    raw: str | None,
    *,
    level1: str | None = None,
    level2: str | None = None,
    year: int | None = None,
    profile: RuleProfile | None = None,
) -> Target:
    """Read one 指标值 as written into a :class:`Target`. Never raises on any text.

    (A broken rule profile is the one error: :class:`ProfileError`, raised for any value.)

    ``level1``/``level2`` name the row's categories (for the default comparator and for
    Excel serial dates in 时效 rows); ``year`` resolves deadlines written without a year
    (``6月底前``, ``年内``).
    """
    text = "" if raw is None else str(raw)
    p, g = _grammar(profile)
    ctx = _context(g, p, level1, level2, year)
    try:
        return _parse(g, text, ctx)
    except Exception as exc:  # the grammar must never stop an import; say so in a note
        return Target(
            raw=text,
            kind=TargetKind.QUALITATIVE,
            notes=(f"{_INTERNAL_NOTE}: 指标值无法解读 ({type(exc).__name__}), 按定性处理",),
        )


def _parse(g: _Grammar, raw: str, ctx: _Context) -> Target:
    s = normalize(raw).strip(_TRAILING_PUNCT)
    low = s.lower()
    reason = _empty_reason(g, s, low, ctx)
    if reason is not None:
        return Target(raw=raw, kind=TargetKind.EMPTY, notes=(reason,) if reason else ())
    if low in g.true_words or low in g.false_words:
        flag = low in g.true_words
        notes: tuple[str, ...] = ()
        if ctx.expected_kind == "quantitative":
            notes = (f"定量指标填写了是/否“{s}”",)
        return Target(raw=raw, kind=TargetKind.BOOLEAN, flag=flag, notes=notes)
    found = _excel_serial(g, s, raw, ctx)
    if found is None:
        found = _recurring(g, s, raw, ctx)
    if found is None and (
        ctx.expected_kind == "time" or _TIME_HINT.search(s) or any(w in s for w in g.time_words)
    ):
        found = _parse_time(g, s, raw, ctx)
    if found is None:
        found = _parse_quantity(g, s, raw, ctx)
    if found is not None:
        return found
    grade = _grade_of(g, s)
    notes_q: list[str] = []
    if _HUGE_NUMBER.search(s):
        notes_q.append(
            f"数字位数过多 (超出 10^±{NUMBER_MAX_EXPONENT} 的范围), 不作为数值读取, 按定性指标处理"
        )
    elif _LOOKS_LIKE_DATE.search(s):
        notes_q.append("看似日期但无法解读 (日期不存在或格式不明), 按定性指标处理")
    elif grade is None:
        notes_q.append("未能识别为数值、日期或是/否, 按定性指标处理")
    elif _ARABIC.search(s):
        notes_q.append("文字中含数字但无法确定数值, 按定性指标处理")
    return _qualitative(raw, notes_q, grade)


# 周期性期限: a deadline that recurs each month/quarter/…: 每月10日前, 每季度末, 每周五前
_RECURRING = re.compile(
    r"每(?:个)?(?P<period>月|月份|季度|季|半年|年度|年|周|星期|旬)(?:的)?"
    r"(?P<when>第?\d{1,2}(?:个工作日|日|号)|末|底|初|上旬|中旬|下旬|[一二三四五六日天1-7])"
    r"(?P<before>之前|以前|前|之内|以内|内)?"
    r"(?:完成|发放|拨付|支付|兑付|上报|报送|办结|到位)?(?:到位|完毕)?"
)


def _recurring(g: _Grammar, s: str, raw: str, ctx: _Context) -> Target | None:
    """A deadline that recurs each period (``每月10日前``): 时效, no single date.
    ``每年6月底前`` is the plan year's deadline (6月底前)."""
    if s.startswith("每年") and s[2:3].isdigit():
        yearly = _parse_time(g, s[2:], raw, ctx)
        if yearly is not None and yearly.kind is TargetKind.TIME:
            return _replace(yearly, notes=(*yearly.notes, f"“{s}”: 按计划年度的期限读取"))
        return None
    m = _RECURRING.fullmatch(s)
    if m is None:
        return None
    before = m["before"] is not None or m["when"] in ("末", "底", "上旬", "中旬", "下旬", "初")
    return Target(
        raw=raw,
        kind=TargetKind.TIME,
        comparator=Comparator.LE,
        comparator_source=ComparatorSource.EXPLICIT if before else ComparatorSource.DEFAULT,
        notes=(f"周期性期限“{s}”: 没有单一截止日期, 每期按时完成即达成",),
    )


# a digit run too long to be read as a number (see _read_number)
_HUGE_NUMBER = re.compile(rf"\d{{{NUMBER_MAX_EXPONENT + 2}}}|\.0{{{NUMBER_MAX_EXPONENT}}}")
_TIME_HINT = re.compile(r"[年月季Qq]|\d{4}[-./]\d")
_LOOKS_LIKE_DATE = re.compile(r"\d{4}(?:年|[-./])\d{1,2}(?:月|[-./]\d)")

_COLUMN_CMP = {
    "正向": Comparator.GE,
    "正向指标": Comparator.GE,
    "反向": Comparator.LE,
    "反向指标": Comparator.LE,
}
_QUALITATIVE_MARKS = ("定性", "定性指标")


def parse_target_columns(
    comparator: str | None,
    value: str | None,
    unit: str | None,
    *,
    level1: str | None = None,
    level2: str | None = None,
    year: int | None = None,
    profile: RuleProfile | None = None,
) -> Target:
    """Read the split form: 指标性质 (``≥``, ``大于等于``, ``定性``) / 指标值 / 度量单位.

    ``raw`` is the three cells as written joined by spaces (``"≥ 90 %"``). A comparator or
    unit inside the value cell counts too; when it contradicts its column, a note says so.
    """
    cells = [c for c in (comparator, value, unit) if c is not None and str(c).strip()]
    raw = " ".join(str(c).strip() for c in cells)
    p, g = _grammar(profile)
    ctx = _context(g, p, level1, level2, year)
    try:
        return _parse_columns(g, ctx, comparator, value, unit, raw)
    except Exception as exc:
        return Target(
            raw=raw,
            kind=TargetKind.QUALITATIVE,
            notes=(f"{_INTERNAL_NOTE}: 指标值无法解读 ({type(exc).__name__}), 按定性处理",),
        )


def _parse_columns(
    g: _Grammar,
    ctx: _Context,
    comparator: str | None,
    value: str | None,
    unit: str | None,
    raw: str,
) -> Target:
    v = "" if value is None else str(value)
    base = _parse(g, v, ctx)
    if base.kind is TargetKind.EMPTY:
        return _replace(base, raw=raw)
    c_text = normalize(comparator)
    u_text = normalize(unit)
    notes = list(base.notes)
    if c_text in _QUALITATIVE_MARKS:
        if base.kind is TargetKind.QUANTITATIVE:
            notes.append("指标性质为“定性”, 但指标值是数值")
        return _replace(base, raw=raw, notes=tuple(notes))
    col_cmp: Comparator | None = None
    if c_text:
        col_cmp = _COLUMN_CMP.get(c_text)
        if col_cmp is None:
            for w, c in g.prefix_cmp:
                if c_text == w:
                    col_cmp = c
                    break
        if col_cmp is None:
            notes.append(f"指标性质“{comparator}”未能识别")
    if base.kind is TargetKind.QUANTITATIVE:
        t = base
        if u_text and u_text not in ("/", "-"):
            col_unit = _resolve_unit(g, u_text)
            if t.unit is None:
                # apply the column unit to the bare number
                if col_unit is not None:
                    nv = (
                        _clean(_exact_mul(t.value, col_unit.factor))
                        if t.value is not None
                        else None
                    )
                    t = _replace(
                        t, unit=col_unit.name, normalized_unit=col_unit.base, normalized_value=nv
                    )
                    if col_unit.name == "%" and t.comparator_source is ComparatorSource.DEFAULT:
                        t = _recheck_percent(g, ctx, t)
                        notes = list(dict.fromkeys([*notes, *t.notes]))
                else:
                    t = _replace(t, unit=unit.strip() if unit else None, normalized_unit=u_text)
                    notes.append(f"单位“{unit}”不在单位表中, 未换算")
            elif col_unit is None or col_unit.name != t.unit:
                notes.append(f"度量单位列“{unit}”与指标值中的单位“{t.unit}”不同, 按指标值读取")
        if col_cmp is not None:
            if t.comparator_source is ComparatorSource.EXPLICIT and t.comparator is not col_cmp:
                notes.append(
                    f"指标性质“{col_cmp.value}”与指标值中的"
                    f"“{t.comparator.value if t.comparator else ''}”不同, 按指标性质读取"
                )
            if t.lower is None and t.upper is None:
                # a written comparator column rules out "≥ read as 2" in the value cell
                notes = [n for n in notes if not n.startswith(("疑似“≥”", "数值"))]
                t = _replace(t, comparator=col_cmp, comparator_source=ComparatorSource.EXPLICIT)
        return _replace(t, raw=raw, notes=tuple(notes))
    if base.kind is TargetKind.TIME and col_cmp is not None:
        return _replace(
            base, raw=raw, comparator=col_cmp, comparator_source=ComparatorSource.EXPLICIT,
            notes=tuple(notes),
        )  # fmt: skip
    if u_text and base.kind is not TargetKind.TIME:
        notes.append(f"度量单位“{unit}”用于非数值指标值")
    return _replace(base, raw=raw, notes=tuple(notes))


def _recheck_percent(g: _Grammar, ctx: _Context, t: Target) -> Target:
    if t.value is None or not g.ge_as_2:
        return t
    digits = _fmt_num(t.value)
    notes: list[str] = []
    _check_ge_as_2(g, _Num(t.value, digits, False, 0), ctx, notes)
    if not notes:
        return t
    if notes[0].startswith("疑似“≥”") and ctx.default_cmp is Comparator.GE:
        return _replace(
            t, comparator=Comparator.GE, comparator_source=ComparatorSource.SUSPECTED,
            notes=(*t.notes, *notes),
        )  # fmt: skip
    return _replace(t, notes=(*t.notes, *notes))


def _replace(t: Target, **changes: Any) -> Target:
    fields = {name: getattr(t, name) for name in Target.__slots__}
    fields.update(changes)
    return Target(**fields)


def format_target(t: Target) -> str:
    """A canonical text of the target that :func:`parse_target` reads back to the same target.

    Examples: ``"≥ 90 %"``, ``"15 个"`` (default comparator: not written), ``"80~90 %"``,
    ``"±3 %"``, ``"≤ 2023-12-31"``, ``"2023-07-01~2024-01-31"``, ``"6月底"``, ``"是"``.
    Parse it with the same category and year as the original.
    """
    if t.kind is TargetKind.EMPTY:
        return ""
    if t.kind is TargetKind.BOOLEAN:
        return "是" if t.flag else "否"
    if t.kind is TargetKind.QUALITATIVE:
        return t.raw
    if t.is_recurring:
        return normalize(t.raw).strip(_TRAILING_PUNCT)  # 每月10日前: the wording is the value
    if t.kind is TargetKind.TIME:
        parts: list[str] = []
        if t.comparator_source is ComparatorSource.EXPLICIT and t.comparator is not None:
            parts.append(t.comparator.value)
        if t.deadline is not None:
            if t.start is not None:
                parts.append(f"{t.start.isoformat()}~{t.deadline.isoformat()}")
            else:
                parts.append(t.deadline.isoformat())
        elif t.deadline_month is not None:
            parts.append(f"{t.deadline_month}月底")
        return " ".join(parts)
    unit = f" {t.unit}" if t.unit else ""
    if t.lower is not None and t.upper is not None:
        if t.lower == -t.upper and t.upper > 0:
            return f"±{_fmt_num(t.upper)}{unit}"
        return f"{_fmt_num(t.lower)}~{_fmt_num(t.upper)}{unit}"
    number = _fmt_num(t.value) if t.value is not None else ""
    if t.comparator_source is ComparatorSource.EXPLICIT and t.comparator is not None:
        return f"{t.comparator.value} {number}{unit}"
    if t.comparator_source is ComparatorSource.SUSPECTED and t.comparator is Comparator.EQ:
        return f"二{number}{unit}"
    return f"{number}{unit}"


def basis_code(text: str | None, profile: RuleProfile | None = None) -> BasisCode | None:
    """指标值确定依据 as a code: the code's own name, else the first keyword hit, else 其他.

    ``None`` for an empty cell. ``"根据年初工作安排"`` → 计划标准, ``"工作要求"`` → 计划标准,
    ``"调查问卷"`` → 其他 (unless the profile's ``[values.basis]`` lists it).
    """
    s = normalize(text)
    if not s or s in ("/", "-", "无"):
        return None
    _, g = _grammar(profile)
    for name, code in g.basis_exact:
        if name in s:
            return code
    for word, code in g.basis_words:
        if word in s:
            return code
    return BasisCode.OTHER

"""Property tests of the value grammar: parsing never raises, formatting reads back the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.domain.target import Comparator, ComparatorSource, Target, TargetKind
from jixiao.domain.values import (
    convert_quantity,
    format_target,
    parse_target,
    parse_target_columns,
)

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LEVEL2 = [None, "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
          "生态效益指标", "可持续性影响", "服务对象满意度指标", "未知类别"]  # fmt: skip
YEARS = [None, 2021, 2023, 2024]

# The category default comparators of the national profile, written out by hand.
DEFAULTS = {
    None: Comparator.EQ,
    "数量指标": Comparator.GE,
    "质量指标": Comparator.GE,
    "成本指标": Comparator.LE,
    "社会效益指标": Comparator.GE,
    "服务对象满意度指标": Comparator.GE,
}
# unit as written → (base unit, factor), by hand.
UNITS = {
    None: (None, Decimal(1)),
    "个": ("个", Decimal(1)),
    "人": ("人", Decimal(1)),
    "人次": ("人次", Decimal(1)),
    "万人次": ("人次", Decimal(10_000)),
    "家": ("家", Decimal(1)),
    "项": ("项", Decimal(1)),
    "天": ("天", Decimal(1)),
    "%": ("%", Decimal(1)),
    "元": ("元", Decimal(1)),
    "万元": ("元", Decimal(10_000)),
    "亿元": ("元", Decimal(100_000_000)),
    "美元": ("美元", Decimal(1)),
    "万美元": ("美元", Decimal(10_000)),
    "公里": ("米", Decimal(1000)),
    "亩": ("亩", Decimal(1)),
    "元/亩": ("元/亩", Decimal(1)),
    "万元/亩": ("元/亩", Decimal(10_000)),
    "次/年": ("次/年", Decimal(1)),
    "小时": ("小时", Decimal(1)),
}

WORDS = ["≥", "≤", ">=", "＞＝", "＜", "=", "不低于", "不超过", "至少", "不少于", "以上", "以内",
         "以下", "左右", "约", "±", "-", "~", "至", "个", "人", "%", "％", "万元", "亿元", "万美元",
         "元/亩", "百分比", "天", "年", "月", "日", "底", "前", "年底", "年内", "季度", "Q", "是",
         "否", "无", "显著", "提升", "明显", "有所", "二", "2", "0", "9", "44561", "2023", ".",
         ",", "/", "(", ")", "字以内", "上半年", "第三", "百分之", "十", "两", " ", "\t",
         "\x00"]  # fmt: skip

composed = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.integers(min_value=-(10**6), max_value=10**12).map(str),
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
    ),
    max_size=7,
).map("".join)
texts = st.text(max_size=6)
any_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=12),
    composed,
    st.integers().map(lambda n: str(n) * 3),
)


def reading(t: Target) -> Target:
    """What a target means, without its raw text and notes."""
    return replace(t, raw="", notes=())


def _invariants(t: Target) -> None:
    assert not any(n.startswith("内部错误:") for n in t.notes), t
    if t.kind is TargetKind.QUANTITATIVE:
        assert t.value is not None or (t.lower is not None and t.upper is not None)
        if t.value is not None and t.unit is not None and t.normalized_unit is not None:
            assert convert_quantity(t.value, t.unit, t.normalized_unit) == t.normalized_value
    else:
        assert t.value is None and t.unit is None and t.normalized_value is None
    if t.kind is TargetKind.TIME:
        assert t.deadline is not None or t.deadline_month is not None
        if t.deadline is not None:
            assert t.deadline_month == t.deadline.month
    if t.kind is TargetKind.BOOLEAN:
        assert t.flag is not None
    if t.comparator_source is ComparatorSource.DEFAULT:
        assert t.comparator is not None


@PROPS
@given(raw=any_text, level2=st.sampled_from(LEVEL2), year=st.sampled_from(YEARS))
def test_parse_never_raises_and_keeps_raw(raw: str, level2: str | None, year: int | None) -> None:
    t = parse_target(raw, level2=level2, year=year)
    assert isinstance(t, Target)
    assert t.raw == raw
    _invariants(t)


@PROPS
@given(raw=any_text, level2=st.sampled_from(LEVEL2), year=st.sampled_from(YEARS))
def test_format_then_parse_gives_the_same_reading(
    raw: str, level2: str | None, year: int | None
) -> None:
    t = parse_target(raw, level2=level2, year=year)
    again = parse_target(format_target(t), level2=level2, year=year)
    assert reading(again) == reading(t), (raw, format_target(t))


def test_parse_never_raises_on_huge_and_control_input() -> None:
    for raw in ["9" * 20000, "≥" + "9" * 3000 + "%", "\x00" * 100, "\u202e≥90%", "２" * 50 + "个"]:
        t = parse_target(raw, level2="时效指标")
        _invariants(t)


# --- generated targets: format, parse, and compare with the hand-computed target -------------

values = st.decimals(min_value=-(10**9), max_value=10**12, places=2, allow_nan=False)


@st.composite
def quantitative(draw: st.DrawFn) -> tuple[Target, str | None]:
    level2 = draw(st.sampled_from(sorted(DEFAULTS, key=str)))
    unit = draw(st.sampled_from(sorted(UNITS, key=str)))
    value = draw(values)
    if unit == "%" and value > 100:
        value = value % 100  # "290%" is suspected damage; tested elsewhere
    explicit = draw(st.sampled_from([None, *Comparator]))
    base, factor = UNITS[unit]
    t = Target(
        raw="",
        kind=TargetKind.QUANTITATIVE,
        comparator=explicit or DEFAULTS[level2],
        comparator_source=ComparatorSource.EXPLICIT if explicit else ComparatorSource.DEFAULT,
        value=value,
        unit=unit,
        normalized_value=value * factor,
        normalized_unit=base,
    )
    return t, level2


@st.composite
def ranges(draw: st.DrawFn) -> tuple[Target, str | None]:
    unit = draw(st.sampled_from(sorted(UNITS, key=str)))
    lo = draw(st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False))
    span = draw(st.decimals(min_value=Decimal("0.1"), max_value=10**3, places=1, allow_nan=False))
    plus_minus = draw(st.booleans())
    lower, upper = (-span, span) if plus_minus else (lo, lo + span)
    t = Target(
        raw="",
        kind=TargetKind.QUANTITATIVE,
        unit=unit,
        normalized_unit=UNITS[unit][0],
        lower=lower,
        upper=upper,
    )
    return t, None


days = st.integers(min_value=0, max_value=(date(2099, 12, 31) - date(1990, 1, 1)).days).map(
    lambda n: date(1990, 1, 1) + timedelta(days=n)
)


@st.composite
def times(draw: st.DrawFn) -> tuple[Target, str | None]:
    level2 = draw(st.sampled_from([None, "时效指标"]))
    cmp = draw(st.sampled_from([None, Comparator.LE, Comparator.GE]))
    src = ComparatorSource.EXPLICIT if cmp else ComparatorSource.DEFAULT
    if draw(st.booleans()):
        month = draw(st.integers(min_value=1, max_value=12))
        t = Target(
            raw="", kind=TargetKind.TIME, comparator=cmp or Comparator.LE,
            comparator_source=src, deadline_month=month,
        )  # fmt: skip
        return t, level2
    deadline = draw(days)
    start = None
    if draw(st.booleans()):
        start = deadline - timedelta(days=draw(st.integers(min_value=0, max_value=900)))
        if start.year < 1990:
            start = None
    t = Target(
        raw="", kind=TargetKind.TIME, comparator=cmp or Comparator.LE, comparator_source=src,
        deadline=deadline, deadline_month=deadline.month, start=start,
    )  # fmt: skip
    return t, level2


simple = st.one_of(
    st.booleans().map(lambda f: (Target(raw="", kind=TargetKind.BOOLEAN, flag=f), None)),
    st.just((Target.empty(""), None)),
    st.sampled_from(
        [("显著提升", "显著"), ("效果明显", "明显"), ("有所提高", "有所"), ("达成年度指标", "达成")]
    ).map(lambda p: (Target(raw=p[0], kind=TargetKind.QUALITATIVE, grade=p[1]), None)),
)


@PROPS
@given(case=st.one_of(quantitative(), ranges(), times(), simple))
def test_generated_targets_read_back_exactly(case: tuple[Target, str | None]) -> None:
    target, level2 = case
    text = format_target(target)
    again = parse_target(text, level2=level2)
    assert reading(again) == reading(target), text


@PROPS
@given(
    comparator=st.one_of(st.none(), st.sampled_from(["≥", "≤", "=", "＞＝", "定性", "正向", "?"])),
    value=st.one_of(st.none(), any_text),
    unit=st.one_of(st.none(), st.sampled_from(["%", "个", "万元", "百分比", "栋", "/", ""]), texts),
    level2=st.sampled_from(LEVEL2),
)
def test_split_columns_never_raise(
    comparator: str | None, value: str | None, unit: str | None, level2: str | None
) -> None:
    t = parse_target_columns(comparator, value, unit, level2=level2)
    _invariants(t)
    if value is None or not value.strip():
        assert t.kind is TargetKind.EMPTY

"""The target-value grammar (指标值解析): every written form, table-driven, plus the seed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from answer_key import load_answer_key, plan_from_answer_key
from jixiao.domain.model import BasisCode
from jixiao.domain.profile import load_profile
from jixiao.domain.target import Comparator, ComparatorSource, Target, TargetKind
from jixiao.domain.values import (
    basis_code,
    convert_quantity,
    format_target,
    parse_target,
    parse_target_columns,
)

Q = TargetKind.QUANTITATIVE
T = TargetKind.TIME
B = TargetKind.BOOLEAN
L = TargetKind.QUALITATIVE
E = TargetKind.EMPTY
GE, LE, EQ, GT, LT = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.GT, Comparator.LT
EXP, DEF, SUS = ComparatorSource.EXPLICIT, ComparatorSource.DEFAULT, ComparatorSource.SUSPECTED

NUM = "数量指标"
QUAL = "质量指标"
TIME = "时效指标"
COST = "成本指标"
SAT = "服务对象满意度指标"
ECO = "生态效益指标"

D = Decimal


def _check(t: Target, expected: dict[str, Any]) -> None:
    for key, want in expected.items():
        if key == "note":
            assert any(want in n for n in t.notes), (t.raw, t.notes)
            continue
        if key == "normalized":
            got = (t.normalized_value, t.normalized_unit)
            assert got == want, (t.raw, key, got, want)
            continue
        got = getattr(t, key)
        assert got == want, (t.raw, key, got, want)


# (raw, context, expected fields). Context: level2 and/or year. Hand-worked normalisations
# are written in the row: 26亿元 = 26 × 100 000 000 元.
CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    # --- quantities with and without comparator words -----------------------------------
    (
        "15个",
        {},
        dict(
            kind=Q,
            comparator=EQ,
            comparator_source=DEF,
            value=D(15),
            unit="个",
            normalized=(D(15), "个"),
        ),
    ),
    ("15个", {"level2": NUM}, dict(comparator=GE, comparator_source=DEF, value=D(15))),
    ("2000人", {"level2": "社会效益指标"}, dict(kind=Q, comparator=GE, value=D(2000), unit="人")),
    ("26亿元", {}, dict(kind=Q, value=D(26), unit="亿元", normalized=(D(26 * 100_000_000), "元"))),
    ("70万美元", {}, dict(value=D(70), unit="万美元", normalized=(D(70 * 10_000), "美元"))),
    ("100%", {"level2": QUAL}, dict(comparator=GE, comparator_source=DEF, value=D(100), unit="%")),
    ("90%以上", {}, dict(comparator=GE, comparator_source=EXP, value=D(90), unit="%")),
    ("90%以下", {}, dict(comparator=LE, comparator_source=EXP, value=D(90))),
    ("90%及以上", {}, dict(comparator=GE, value=D(90))),
    ("95%(含)以上", {}, dict(comparator=GE, value=D(95))),
    ("≥95%", {}, dict(comparator=GE, comparator_source=EXP, value=D(95), unit="%")),
    ("＞＝95％", {}, dict(comparator=GE, comparator_source=EXP, value=D(95), unit="%")),
    (">=95%", {}, dict(comparator=GE, value=D(95))),
    ("≧98%", {}, dict(comparator=GE, value=D(98))),
    ("≦2%", {}, dict(comparator=LE, value=D(2))),
    ("≥ 50 个", {}, dict(comparator=GE, value=D(50), unit="个")),
    ("≤30万元", {}, dict(comparator=LE, value=D(30), unit="万元", normalized=(D(300_000), "元"))),
    ("<=5天", {}, dict(comparator=LE, value=D(5), unit="天")),
    ("＜5%", {}, dict(comparator=LT, comparator_source=EXP, value=D(5))),
    (">0", {}, dict(comparator=GT, value=D(0), unit=None, normalized=(D(0), None))),
    ("=100%", {}, dict(comparator=EQ, comparator_source=EXP, value=D(100))),
    ("不低于90%", {}, dict(comparator=GE, comparator_source=EXP, value=D(90))),
    ("不超过5天", {}, dict(comparator=LE, value=D(5), unit="天", normalized=(D(5), "天"))),
    ("5天以内", {}, dict(comparator=LE, value=D(5), unit="天")),
    (
        "5个工作日内",
        {},
        dict(comparator=LE, value=D(5), unit="个工作日", normalized=(D(5), "工作日")),
    ),
    ("至少3次", {}, dict(comparator=GE, value=D(3), unit="次")),
    ("不少于2000人", {}, dict(comparator=GE, value=D(2000), unit="人")),
    ("大于等于80%", {}, dict(comparator=GE, value=D(80))),
    ("高于85%", {}, dict(comparator=GT, value=D(85))),
    ("低于3%", {}, dict(comparator=LT, value=D(3))),
    ("超过100家", {}, dict(comparator=GT, value=D(100), unit="家")),
    ("达到95%", {}, dict(comparator=GE, comparator_source=EXP, value=D(95))),
    ("控制在预算范围内", {}, dict(kind=L)),
    (
        "1000万元以内",
        {"level2": COST},
        dict(comparator=LE, comparator_source=EXP, value=D(1000), normalized=(D(10_000_000), "元")),
    ),
    (
        "150万元",
        {"level2": COST},
        dict(comparator=LE, comparator_source=DEF, normalized=(D(1_500_000), "元")),
    ),
    ("≥100百分比", {}, dict(comparator=GE, value=D(100), unit="%", normalized=(D(100), "%"))),
    ("百分之九十", {}, dict(value=D(90), unit="%")),
    ("1600元/亩", {}, dict(value=D(1600), unit="元/亩", normalized=(D(1600), "元/亩"))),
    ("0.16万元/亩", {}, dict(value=D("0.16"), unit="万元/亩", normalized=(D(1600), "元/亩"))),
    ("≥2次/年", {}, dict(comparator=GE, value=D(2), unit="次/年")),
    ("3万人次", {}, dict(value=D(3), unit="万人次", normalized=(D(30_000), "人次"))),
    ("1.2万人", {}, dict(value=D("1.2"), unit="万人", normalized=(D(12_000), "人"))),
    ("0.5亿元", {}, dict(value=D("0.5"), unit="亿元", normalized=(D(50_000_000), "元"))),
    ("3000元", {}, dict(unit="元", normalized=(D(3000), "元"))),
    ("1.5万", {}, dict(value=D("1.5"), unit="万", normalized=(D(15_000), None))),
    ("10公里", {}, dict(value=D(10), unit="公里", normalized=(D(10_000), "米"))),
    ("500平方米", {}, dict(unit="平方米", normalized=(D(500), "平方米"))),
    ("200亩", {}, dict(unit="亩", normalized=(D(200), "亩"))),
    ("5吨", {}, dict(unit="吨", normalized=(D(5), "吨"))),
    ("100千克", {}, dict(unit="千克", normalized=(D("0.1"), "吨"))),
    ("12个月", {}, dict(kind=Q, unit="个月", normalized=(D(12), "月"))),
    ("4小时内", {}, dict(comparator=LE, unit="小时")),
    ("3套", {}, dict(unit="套")),
    ("20台", {}, dict(unit="台")),
    ("6场", {}, dict(unit="场")),
    ("12期", {}, dict(unit="期")),
    ("300户", {}, dict(unit="户")),
    ("8所", {}, dict(unit="所")),
    ("2座", {}, dict(unit="座")),
    ("10篇", {}, dict(unit="篇")),
    ("4件", {}, dict(unit="件")),
    ("0起", {}, dict(value=D(0), unit="起")),
    ("≥90分", {}, dict(comparator=GE, unit="分")),
    ("2个百分点", {}, dict(unit="个百分点", normalized=(D(2), "个百分点"))),
    ("99.5%", {}, dict(value=D("99.5"))),
    ("≥90（%）", {}, dict(comparator=GE, value=D(90), unit="%", notes=())),
    ("15(个)", {}, dict(value=D(15), unit="个")),
    ("≥95%（含）", {}, dict(comparator=GE, value=D(95), notes=())),
    ("100%完成", {"level2": QUAL}, dict(comparator=GE, value=D(100), notes=())),
    ("≤0.5‰", {}, dict(comparator=LE, value=D("0.5"), unit="‰")),
    ("≥1次/月", {}, dict(comparator=GE, unit="次/月", normalized=(D(1), "次/月"))),
    ("1.5万元/人", {}, dict(unit="万元/人", normalized=(D(15_000), "元/人"))),
    ("5千元", {}, dict(unit="千元", normalized=(D(5000), "元"))),
    ("-5%", {}, dict(value=D(-5), unit="%")),
    (
        "3,309,840.00",
        {},
        dict(kind=Q, value=D("3309840.00"), unit=None, normalized=(D(3_309_840), None)),
    ),
    ("3，309，840.00元", {}, dict(value=D("3309840.00"), normalized=(D(3_309_840), "元"))),
    ("两个", {}, dict(value=D(2), unit="个")),
    ("十项", {}, dict(value=D(10), unit="项")),
    ("一百二十人", {}, dict(value=D(120), unit="人")),
    ("三家", {}, dict(value=D(3), unit="家")),
    ("15幢", {}, dict(value=D(15), unit="幢", normalized=(D(15), "幢"), note="不在单位表中")),
    ("90%左右", {}, dict(value=D(90), comparator_source=DEF, note="约数")),
    ("约100人", {}, dict(value=D(100), note="约数")),
    ("满意度≥90%", {}, dict(comparator=GE, value=D(90), note="满意度")),
    (
        "较上年增长10%",
        {"level2": "经济效益指标"},
        dict(comparator=GE, value=D(10), note="较上年增长"),
    ),
    ("15个签约项目", {}, dict(value=D(15), unit="个", note="签约项目")),
    ("≥90%以下", {}, dict(comparator=GE, note="矛盾")),
    # --- ranges --------------------------------------------------------------------------
    ("±3%以内", {}, dict(kind=Q, comparator=None, value=None, lower=D(-3), upper=D(3), unit="%")),
    ("±5%", {}, dict(lower=D(-5), upper=D(5))),
    ("80%-90%", {}, dict(kind=Q, comparator=None, lower=D(80), upper=D(90), unit="%")),
    ("80-90%", {}, dict(lower=D(80), upper=D(90), unit="%")),
    ("3～5家", {}, dict(lower=D(3), upper=D(5), unit="家", normalized=(None, "家"))),
    ("10至20万元", {}, dict(lower=D(10), upper=D(20), unit="万元", normalized=(None, "元"))),
    # --- extraction damage ---------------------------------------------------------------
    (
        "290%",
        {"level2": QUAL},
        dict(
            kind=Q, comparator=GE, comparator_source=SUS, value=D(290), unit="%", note="可能为≥90%"
        ),
    ),
    ("295%", {"level2": SAT}, dict(comparator=GE, comparator_source=SUS, value=D(295))),
    ("290%", {}, dict(comparator=EQ, comparator_source=DEF, value=D(290), note="≥90%")),
    ("290%", {"level2": COST}, dict(comparator=LE, comparator_source=DEF, note="≥90%")),
    ("2100%", {"level2": QUAL}, dict(comparator_source=SUS, note="可能为≥100%")),
    ("200%", {"level2": QUAL}, dict(comparator_source=DEF, notes=())),
    ("150%", {"level2": QUAL}, dict(comparator_source=DEF, notes=())),
    ("二100%", {}, dict(comparator=EQ, comparator_source=SUS, value=D(100), note="“二”")),
    # --- time ----------------------------------------------------------------------------
    (
        "2023年底",
        {},
        dict(
            kind=T,
            comparator=LE,
            comparator_source=DEF,
            deadline=date(2023, 12, 31),
            deadline_month=12,
        ),
    ),
    (
        "2023年12月31日前",
        {},
        dict(kind=T, comparator=LE, comparator_source=EXP, deadline=date(2023, 12, 31)),
    ),
    ("2023年12月31日之前", {}, dict(comparator_source=EXP, deadline=date(2023, 12, 31))),
    ("2023-06-30", {}, dict(kind=T, deadline=date(2023, 6, 30), deadline_month=6)),
    ("2023/6/30", {}, dict(deadline=date(2023, 6, 30))),
    ("2023.6.30", {}, dict(deadline=date(2023, 6, 30))),
    ("2023年6月", {}, dict(deadline=date(2023, 6, 30))),
    ("2024年2月底", {}, dict(deadline=date(2024, 2, 29))),
    ("2023年10月底前", {}, dict(comparator_source=EXP, deadline=date(2023, 10, 31))),
    (
        "截至2023年12月31日",
        {},
        dict(comparator=LE, comparator_source=EXP, deadline=date(2023, 12, 31)),
    ),
    ("不晚于2023年10月", {}, dict(comparator_source=EXP, deadline=date(2023, 10, 31))),
    ("≤2023年11月", {}, dict(comparator_source=EXP, deadline=date(2023, 11, 30))),
    ("6月底前", {}, dict(kind=T, deadline=None, deadline_month=6, comparator_source=EXP)),
    ("6月底前", {"year": 2023}, dict(kind=T, deadline=date(2023, 6, 30), deadline_month=6)),
    ("六月底", {"year": 2023}, dict(deadline=date(2023, 6, 30))),
    ("6月15日前", {}, dict(deadline=None, deadline_month=6, note="6月15日")),
    ("6月15日前", {"year": 2023}, dict(deadline=date(2023, 6, 15))),
    ("6月30日前", {}, dict(deadline_month=6, notes=())),  # the month's last day: no note
    ("12.31", {"level2": TIME}, dict(kind=T, deadline_month=12)),
    ("12.31", {"level2": TIME, "year": 2023}, dict(deadline=date(2023, 12, 31))),
    ("12.31", {}, dict(kind=Q, value=D("12.31"))),
    ("2023年6月之后", {}, dict(comparator=GE, comparator_source=EXP, deadline=date(2023, 6, 30))),
    ("2023年11月30日前完成", {}, dict(comparator_source=EXP, deadline=date(2023, 11, 30))),
    ("年底前完成", {"year": 2023}, dict(comparator_source=EXP, deadline=date(2023, 12, 31))),
    ("2023年4季度", {}, dict(deadline=date(2023, 12, 31))),
    ("年内", {}, dict(kind=T, deadline=None, deadline_month=12)),
    ("年内", {"year": 2023}, dict(deadline=date(2023, 12, 31))),
    ("年底", {"year": 2024}, dict(deadline=date(2024, 12, 31))),
    ("本年度", {}, dict(kind=T, deadline_month=12)),
    ("年底前", {}, dict(kind=T, deadline_month=12)),
    ("上半年", {"year": 2023}, dict(deadline=date(2023, 6, 30))),
    ("2023年下半年", {}, dict(deadline=date(2023, 12, 31))),
    ("Q3", {}, dict(kind=T, deadline_month=9)),
    ("三季度末", {"year": 2023}, dict(deadline=date(2023, 9, 30))),
    ("第一季度", {}, dict(deadline_month=3)),
    ("2023年第三季度", {}, dict(deadline=date(2023, 9, 30))),
    ("2023.07-2024.01", {}, dict(kind=T, start=date(2023, 7, 1), deadline=date(2024, 1, 31))),
    ("2023年1月-12月", {}, dict(start=date(2023, 1, 1), deadline=date(2023, 12, 31))),
    ("2023年3月至2023年6月", {}, dict(start=date(2023, 3, 1), deadline=date(2023, 6, 30))),
    ("1-12月", {"year": 2023}, dict(start=date(2023, 1, 1), deadline=date(2023, 12, 31))),
    ("2023年", {}, dict(kind=T, deadline=date(2023, 12, 31))),
    ("2022年底", {"year": 2023}, dict(deadline=date(2022, 12, 31), note="计划年度2023")),
    ("2023", {"level2": TIME}, dict(kind=T, deadline=date(2023, 12, 31))),
    ("20231231", {"level2": TIME}, dict(kind=T, deadline=date(2023, 12, 31))),
    ("44561", {"level2": TIME}, dict(kind=T, deadline=date(2021, 12, 31), note="Excel")),
    # 周期性期限: a deadline each period, no single date
    ("每月10日前", {}, dict(kind=T, comparator=LE, comparator_source=EXP, deadline=None,
                          deadline_month=None, note="周期性期限")),
    ("每月5号前发放到位", {"year": 2023}, dict(kind=T, deadline=None, deadline_month=None)),
    ("每季度末", {}, dict(kind=T, comparator=LE, comparator_source=EXP, deadline_month=None)),
    ("每周五", {}, dict(kind=T, comparator=LE, comparator_source=DEF, deadline_month=None)),
    ("每季度第10个工作日前", {}, dict(kind=T, deadline=None, deadline_month=None)),
    ("每年6月底前", {"year": 2023}, dict(kind=T, deadline=date(2023, 6, 30), note="计划年度")),
    ("每月1次", {}, dict(kind=Q, value=D(1), unit="次")),  # a frequency, not a deadline
    ("44561", {"level2": NUM}, dict(kind=Q, value=D(44561), unit=None)),
    ("44561", {}, dict(kind=Q, value=D(44561))),
    ("2023.5", {"level2": NUM}, dict(kind=Q, value=D("2023.5"))),
    ("2050.50", {}, dict(kind=Q, value=D("2050.50"))),
    ("2023-02-30", {}, dict(kind=L, note="日期")),
    # --- boolean -------------------------------------------------------------------------
    ("是", {}, dict(kind=B, flag=True, comparator=None)),
    ("否", {"level2": ECO}, dict(kind=B, flag=False, notes=())),
    ("有", {}, dict(kind=B, flag=True)),
    ("无", {"level2": ECO}, dict(kind=B, flag=False)),
    ("没有", {}, dict(kind=B, flag=False)),
    ("是", {"level2": NUM}, dict(kind=B, flag=True, note="定量指标")),
    # --- qualitative ---------------------------------------------------------------------
    ("显著提升", {}, dict(kind=L, grade="显著", notes=())),
    ("大幅提高", {}, dict(kind=L, grade="显著")),
    ("明显改善", {}, dict(kind=L, grade="明显")),
    ("效果明显", {}, dict(kind=L, grade="明显")),
    ("有所提高", {}, dict(kind=L, grade="有所")),
    ("逐步完善", {}, dict(kind=L, grade="有所")),
    ("达成年度指标", {}, dict(kind=L, grade="达成")),
    ("按时完成", {}, dict(kind=L, grade="达成")),
    ("未达成年度指标", {}, dict(kind=L, grade="未达成")),
    ("十分满意", {}, dict(kind=L)),
    ("及时", {}, dict(kind=L, grade=None, note="按定性指标处理")),
    ("全区完成亿元以上签约项目15个", {}, dict(kind=L, note="含数字")),
    ("2023年完成招商引资任务", {}, dict(kind=L)),
    # --- empty ---------------------------------------------------------------------------
    ("", {}, dict(kind=E, notes=())),
    ("   ", {}, dict(kind=E)),
    ("/", {}, dict(kind=E)),
    ("-", {}, dict(kind=E)),
    ("—", {}, dict(kind=E)),
    ("N/A", {}, dict(kind=E)),
    ("暂无", {}, dict(kind=E)),
    ("(100字以内)", {}, dict(kind=E, note="填写说明")),
    ("（100字以内）", {}, dict(kind=E, note="填写说明")),
    ("不适用", {}, dict(kind=E, note="不适用")),
    ("无", {"level2": NUM}, dict(kind=E, note="视为未填写")),
    ("无", {"level2": TIME}, dict(kind=E)),
]


@pytest.mark.parametrize(("raw", "context", "expected"), CASES, ids=[c[0] or "''" for c in CASES])
def test_value_forms(raw: str, context: dict[str, Any], expected: dict[str, Any]) -> None:
    t = parse_target(raw, **context)
    assert t.raw == raw  # the raw text is always kept as written
    _check(t, expected)


def test_the_table_covers_at_least_sixty_distinct_forms() -> None:
    assert len({raw for raw, _, _ in CASES}) >= 60


def test_none_is_empty_with_empty_raw() -> None:
    t = parse_target(None)
    assert t.kind is E and t.raw == ""


def test_comparator_default_equal_profile(tmp_path: Path) -> None:
    """A profile that says comparator_default = "equal" makes every unmarked value "="."""
    f = tmp_path / "eq.toml"
    f.write_text('extends = "national"\n[values]\ncomparator_default = "equal"\n', encoding="utf-8")
    p = load_profile(f)
    t = parse_target("15个", level2=NUM, profile=p)
    assert (t.comparator, t.comparator_source) == (EQ, DEF)
    # explicit words still win
    assert parse_target("≥15个", level2=NUM, profile=p).comparator is GE


def test_profile_can_add_units_and_words(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text(
        'extends = "national"\n[values.units]\nscaled = { "斤" = ["吨", "0.0005"] }\n'
        '[values.comparators.prefix]\n"≥" = ["起码"]\n',
        encoding="utf-8",
    )
    p = load_profile(f)
    t = parse_target("起码400斤", profile=p)
    # 400 斤 × 0.0005 吨/斤 = 0.2 吨
    assert (t.comparator, t.value, t.unit, t.normalized_value, t.normalized_unit) == (
        GE, D(400), "斤", D("0.2"), "吨",
    )  # fmt: skip
    # arrays replace: the national "≥" prefix words (至少 …) are gone in this profile
    t = parse_target("至少3次", profile=p)
    assert (t.comparator_source, t.value) == (DEF, D(3))
    assert any("至少" in n for n in t.notes)
    # "不" before a remaining comparator word negates it: 不 + 低于 (<) → ≥, with a note
    t = parse_target("不低于90%", profile=p)
    assert (t.comparator, t.comparator_source) == (GE, EXP)
    assert any("否定" in n for n in t.notes)


def test_level1_alone_gives_a_default_when_its_level2s_agree() -> None:
    t = parse_target("95%", level1="满意度指标")
    assert (t.comparator, t.comparator_source) == (GE, DEF)
    t = parse_target("95%", level1="产出指标")  # 数量 ≥ but 成本 ≤: no agreement
    assert (t.comparator, t.comparator_source) == (EQ, DEF)


def test_category_aliases_and_weight_notes_find_the_default() -> None:
    assert parse_target("100%", level1="效果指标", level2="可持续性影响").comparator is GE
    assert parse_target("10万元", level2="成本指标(20分)").comparator is LE
    assert parse_target("3天", level2="时效").comparator is LE


# --- the seed ------------------------------------------------------------------------------

SEED_EXPECTED: dict[str, dict[str, Any]] = {
    "15个": dict(kind=Q, comparator=GE, comparator_source=DEF, value=D(15), unit="个",
                normalized=(D(15), "个")),
    "26亿元": dict(kind=Q, comparator=GE, value=D(26), unit="亿元",
                  normalized=(D(2_600_000_000), "元")),
    "100%": dict(kind=Q, comparator=GE, comparator_source=DEF, value=D(100), unit="%",
                 normalized=(D(100), "%")),
    "2023年底": dict(kind=T, comparator=LE, deadline=date(2023, 12, 31), deadline_month=12),
    "90%以上": dict(kind=Q, comparator=GE, comparator_source=EXP, value=D(90), unit="%"),
    "2000人": dict(kind=Q, comparator=GE, value=D(2000), unit="人", normalized=(D(2000), "人")),
    "95%以上": dict(kind=Q, comparator=GE, comparator_source=EXP, value=D(95), unit="%"),
    "70万美元": dict(kind=Q, comparator=GE, value=D(70), unit="万美元",
                    normalized=(D(700_000), "美元")),
    "否": dict(kind=B, flag=False),
}  # fmt: skip


def test_every_seed_target_parses() -> None:
    key = load_answer_key()
    seen = 0
    for project in key["projects"]:
        for row in project["indicators"]:
            t = parse_target(row["target"], level1=row["level1"], level2=row["level2"], year=2023)
            if row["target"] is None:
                assert t.kind is E
                continue
            _check(t, SEED_EXPECTED[row["target"]])
            assert t.notes == ()
            seen += 1
    # 7 filled targets in 103001001 (15个 26亿元 100% 2023年底 90%以上 2000人 95%以上)
    # + 8 in 103001002 (70万美元 100% 2023年底 90%以上 2000人 否 100% 95%以上)
    assert seen == 15


def test_seed_plan_targets_and_basis_codes() -> None:
    plan = plan_from_answer_key()
    codes = [i.basis_code for _, i in plan.indicators]
    assert codes.count(BasisCode.OTHER) == 2  # 调查问卷 (投资者满意度, both projects)
    assert codes.count(BasisCode.PLAN) == 17  # 根据年初工作安排 / 工作要求
    empties = [i.level3 for _, i in plan.indicators if i.target.is_empty]
    assert empties == ["促进经济增长", None, "开发区经济稳步发展", "促进经济增长"]


# --- split columns -------------------------------------------------------------------------

Cells = tuple[str | None, str | None, str | None]
COLUMN_CASES: list[tuple[Cells, dict[str, Any], dict[str, Any]]] = [
    (("≥", "90", "%"), {}, dict(kind=Q, comparator=GE, comparator_source=EXP, value=D(90), unit="%",
                                raw="≥ 90 %")),
    (("＞＝", "95", "％"), {}, dict(comparator=GE, value=D(95), unit="%")),
    (("大于等于", "15", "个"), {}, dict(comparator=GE, value=D(15), unit="个")),
    (("≤", "30", "万元"), {}, dict(comparator=LE, normalized=(D(300_000), "元"))),
    (("=", "100", "百分比"), {}, dict(comparator=EQ, unit="%")),
    ((None, "15", "个"), {"level2": NUM}, dict(comparator=GE, comparator_source=DEF)),
    (("", "3,309,840.00", "元"), {}, dict(value=D("3309840.00"), normalized=(D(3_309_840), "元"))),
    (("≥", "95%", None), {}, dict(comparator=GE, value=D(95), unit="%")),
    (("≥", "95", "幢"), {}, dict(unit="幢", note="不在单位表中")),
    (("正向", "80", "%"), {}, dict(comparator=GE)),
    (("反向", "5", "天"), {}, dict(comparator=LE)),
    (("≤", "90%以上", None), {}, dict(comparator=LE, note="按指标性质读取")),
    (("≥", "90", "个"), {}, dict(comparator=GE, unit="个")),
    (("≥", "90%", "个"), {}, dict(unit="%", note="度量单位列")),
    (("定性", "效果明显", None), {}, dict(kind=L, grade="明显")),
    (("≥", "", "%"), {}, dict(kind=E)),
    ((None, None, None), {}, dict(kind=E, raw="")),
    (("≤", "44561", None), {"level2": TIME}, dict(kind=T, deadline=date(2021, 12, 31),
                                                  comparator_source=EXP)),
    ((None, "290", "%"), {"level2": QUAL}, dict(comparator=GE, comparator_source=SUS)),
    (("≥", "290", "%"), {"level2": QUAL}, dict(comparator=GE, comparator_source=EXP, notes=())),
    (("≥", "290", "%"), {"level2": COST}, dict(comparator=GE, comparator_source=EXP, notes=())),
    ((None, "290", "%"), {"level2": COST}, dict(comparator=LE, comparator_source=DEF, note="≥90%")),
    (("?", "5", "个"), {}, dict(comparator_source=DEF, note="未能识别")),
    ((None, "是", None), {}, dict(kind=B, flag=True)),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "context", "expected"), COLUMN_CASES)
def test_split_columns(
    cells: tuple[str | None, str | None, str | None],
    context: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    _check(parse_target_columns(*cells, **context), expected)


# --- format --------------------------------------------------------------------------------

FORMATS = [
    ("≥95%", {}, "≥ 95 %"),
    ("15个", {"level2": NUM}, "15 个"),
    ("80%-90%", {}, "80~90 %"),
    ("±3%以内", {}, "±3 %"),
    ("2023年12月31日前", {}, "≤ 2023-12-31"),
    ("2023年底", {}, "2023-12-31"),
    ("2023.07-2024.01", {}, "2023-07-01~2024-01-31"),
    ("6月底前", {}, "≤ 6月底"),
    ("每月10日前", {}, "每月10日前"),  # a recurring deadline: its wording is its value
    ("否", {}, "否"),
    ("显著提升", {}, "显著提升"),
    ("/", {}, ""),
    ("3,309,840.00", {}, "3309840.00"),
]


@pytest.mark.parametrize(("raw", "context", "text"), FORMATS)
def test_format_target(raw: str, context: dict[str, Any], text: str) -> None:
    t = parse_target(raw, **context)
    assert format_target(t) == text
    again = parse_target(format_target(t), **context)
    assert _reading(again) == _reading(t)


def _reading(t: Target) -> Target:
    from dataclasses import replace

    return replace(t, raw="", notes=())


# --- units and basis -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "src", "dst", "want"),
    [
        (D(26), "亿元", "元", D(2_600_000_000)),
        (D(150), "万元", "元", D(1_500_000)),
        (D(1_500_000), "元", "万元", D(150)),
        (D(3), "亿元", "万元", D(30_000)),
        (D(70), "万美元", "美元", D(700_000)),
        (D(2), "万人", "人", D(20_000)),
        (D(10), "公里", "米", D(10_000)),
        (D(10), "公里", "千米", D(10)),
        (D(1), "平方公里", "平方米", D(1_000_000)),
        (D(5), "日", "天", D(5)),
        (D(90), "百分比", "%", D(90)),
        (D(16), "万元/亩", "元/亩", D(160_000)),
        (D(3), "幢", "幢", D(3)),
    ],
)
def test_convert_quantity(value: Decimal, src: str, dst: str, want: Decimal) -> None:
    assert convert_quantity(value, src, dst) == want


@pytest.mark.parametrize(
    ("src", "dst"),
    [("个", "%"), ("元", "美元"), ("万元", "人"), ("天", "月"), ("幢", "个"), ("元/亩", "元")],
)
def test_convert_quantity_incompatible(src: str, dst: str) -> None:
    assert convert_quantity(D(1), src, dst) is None


def test_convert_quantity_is_exact_for_huge_amounts() -> None:
    big = D("123456789012345678901234567890.12")
    assert convert_quantity(big, "亿元", "元") == D("12345678901234567890123456789012000000")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("根据年初工作安排", BasisCode.PLAN),
        ("工作要求", BasisCode.PLAN),
        ("年度工作计划", BasisCode.PLAN),
        ("调查问卷", BasisCode.OTHER),
        ("行业标准", BasisCode.INDUSTRY),
        ("参照国家标准", BasisCode.INDUSTRY),
        ("上年完成情况", BasisCode.HISTORY),
        ("历史标准", BasisCode.HISTORY),
        ("预算支出标准", BasisCode.BUDGET),
        ("项目预算", BasisCode.BUDGET),
        ("其他", BasisCode.OTHER),
        ("领导指示", BasisCode.OTHER),
        ("", None),
        (None, None),
        ("/", None),
    ],
)
def test_basis_code(text: str | None, code: BasisCode | None) -> None:
    assert basis_code(text) is code


def test_basis_code_follows_the_profile(tmp_path: Path) -> None:
    f = tmp_path / "b.toml"
    f.write_text('extends = "national"\n[values.basis]\n"行业标准" = ["问卷"]\n', encoding="utf-8")
    assert basis_code("调查问卷", load_profile(f)) is BasisCode.INDUSTRY


def test_parse_never_raises_on_odd_input() -> None:
    for raw in ["\x00\x01", "9" * 5000 + "亿元", "≥" * 300, "（" * 50, "\ud800", "2023年99月",
                "二" * 30, "±", "百分之", "%", "万元", "-" * 10, "1e309", "∞"]:  # fmt: skip
        t = parse_target(raw, level2=TIME)
        assert t.raw == raw
        assert not any("内部错误" in n for n in t.notes), (raw, t.notes)


def test_huge_numbers_stay_exact() -> None:
    t = parse_target("9" * 40 + "亿元")
    assert t.value == D("9" * 40)
    assert t.normalized_value == D("9" * 40 + "00000000")


def test_numbers_beyond_the_plan_range_are_not_numbers() -> None:
    """Up to 10^100 a number is read exactly; a longer digit run (a damaged cell) is kept
    as text with a note: beyond it, 亿元 → 元 or a ratio could leave Decimal's range."""
    from jixiao.domain.target import NUMBER_MAX_EXPONENT

    edge = "9" * (NUMBER_MAX_EXPONENT + 1)  # 10^101 − 1: adjusted exponent 100
    at_edge = parse_target(f"≥{edge}亿元")
    assert at_edge.normalized_value == D(edge + "00000000")
    from jixiao.domain import jsonio

    back = jsonio.target_from_dict(jsonio.loads(jsonio.dumps(jsonio.target_to_dict(at_edge))))
    assert back.normalized_value == at_edge.normalized_value  # a plan file holds it too
    t = parse_target("≥" + "9" * (NUMBER_MAX_EXPONENT + 2) + "个")
    assert t.kind is L and t.value is None
    assert any("位数过多" in n for n in t.notes)
    tiny = parse_target("0." + "0" * NUMBER_MAX_EXPONENT + "1%")
    assert tiny.kind is L and tiny.value is None


# --- jixiao value ----------------------------------------------------------------------------


def _cli(*args: str) -> Any:
    import json as _json

    from typer.testing import CliRunner

    from jixiao.cli import app

    result = CliRunner().invoke(app, ["value", *args])
    assert result.exit_code == 0, result.output
    return _json.loads(result.output, parse_float=Decimal) if "--json" in args else result.output


def test_cli_value_json_keys() -> None:
    d = _cli("26亿元", "--json")
    assert {"raw", "kind", "comparator", "value", "unit", "normalized", "notes"} <= set(d)
    assert d["raw"] == "26亿元" and d["kind"] == "quantitative"
    assert d["comparator"] == "=" and d["comparator_source"] == "default"
    assert (d["value"], d["unit"]) == (26, "亿元")
    assert d["normalized"] == {"value": 2_600_000_000, "unit": "元"}
    assert d["notes"] == []


def test_cli_value_uses_category_year_and_profile() -> None:
    d = _cli("290%", "--level2", "质量指标", "--json")
    assert (d["comparator"], d["comparator_source"]) == ("≥", "suspected")
    assert any("可能为≥90%" in n for n in d["notes"])
    d = _cli("6月底前", "--year", "2023", "--json")
    assert (d["kind"], d["deadline"], d["comparator"]) == ("time", "2023-06-30", "≤")
    d = _cli(
        "15个", "--level1", "产出指标", "--level2", "数量指标", "--profile", "sichuan", "--json"
    )
    assert d["comparator"] == "≥"
    d = _cli("是", "--json")
    assert (d["kind"], d["comparator"], d["flag"]) == ("boolean", None, True)
    assert d["normalized"] == {"value": None, "unit": None}


def test_cli_value_split_columns() -> None:
    d = _cli("3,309,840.00", "--comparator", "≤", "--unit", "元", "--json")
    assert (d["comparator"], d["value"], d["unit"]) == ("≤", Decimal("3309840.00"), "元")
    assert d["raw"] == "≤ 3,309,840.00 元"


def test_cli_value_table_is_readable() -> None:
    out = _cli("≥95%")
    assert "定量" in out and "≥ (明确写出)" in out and "规范写法" in out
    out = _cli("290%", "--level2", "质量指标")
    assert "疑似" in out


def test_cli_value_bad_profile_is_one_chinese_line() -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    result = CliRunner().invoke(app, ["value", "15个", "--profile", "no/such.toml"])
    assert result.exit_code == 2
    assert "规则配置文件不存在" in result.output and "Traceback" not in result.output


def test_a_broken_values_profile_is_a_clear_error(tmp_path: Path) -> None:
    from jixiao.domain.profile import ProfileError

    f = tmp_path / "bad.toml"
    f.write_text('extends = "national"\n[values.comparators.prefix]\n"≥≥" = ["起码"]\n', "utf-8")
    with pytest.raises(ProfileError, match=r"\[values\]"):
        parse_target("15个", profile=load_profile(f))


def test_an_internal_failure_becomes_a_noted_qualitative_target(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jixiao.domain.values as values

    def boom(*args: Any) -> Target:
        raise RuntimeError("bug")

    monkeypatch.setattr(values, "_parse", boom)
    t = parse_target("15个")
    assert (t.kind, t.raw) == (L, "15个")
    assert t.notes and t.notes[0].startswith("内部错误:") and "RuntimeError" in t.notes[0]

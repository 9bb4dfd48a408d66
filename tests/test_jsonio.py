"""Plan ⇄ JSON: a lossless round trip with exact Decimal numbers (计划的 JSON 交换格式)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from answer_key import plan_from_answer_key
from jixiao.domain import jsonio
from jixiao.domain.model import (
    BasisCode,
    Checkpoint,
    FundLine,
    Funds,
    Indicator,
    Leftover,
    Measure,
    Plan,
    Project,
    SourceRef,
    SubGoal,
)
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.target import Comparator, ComparatorSource, Target, TargetKind
from jixiao.domain.values import parse_target

D = Decimal


def rich_plan() -> Plan:
    """A plan with every field filled, every target kind and awkward text."""
    src_pdf = SourceRef(file="部门预算.pdf", page=12, table=2, row=7, column=3)
    src_xlsx = SourceRef(file="目标表.xlsx", sheet="项目1", cell="C7", row=7, column=3)
    src_txt = SourceRef(file="seed.txt", line=173, line_end=175)
    targets = [
        parse_target("≥95%", level2="服务对象满意度指标"),
        parse_target("3,309,840.00元", level2="成本指标"),
        parse_target("26亿元", level2="数量指标"),
        parse_target("±3%以内"),
        parse_target("80%-90%"),
        parse_target("1600元/亩"),
        parse_target("290%", level2="质量指标"),  # suspected comparator with a note
        parse_target("2023.07-2024.01", level2="时效指标"),
        parse_target("6月底前"),  # deadline month only
        parse_target("44561", level2="时效指标"),
        parse_target("否"),
        parse_target("效果明显"),
        parse_target("(100字以内)"),
        Target(
            raw="0.000001",
            kind=TargetKind.QUANTITATIVE,
            comparator=Comparator.LT,
            comparator_source=ComparatorSource.EXPLICIT,
            value=D("0.000001"),
            unit=None,
            normalized_value=D("1E-6"),
            notes=('引号"和\\反斜杠', "换行\n制表\t", "emoji 🎯"),
        ),
    ]
    indicators = [
        Indicator(
            level1="产出指标(50分)",
            level2="数量指标",
            level3=f"指标{i}",
            description=f"描述 {i}",
            target=t,
            basis="根据年初工作安排" if i % 2 else "调查问卷",
            basis_code=BasisCode.PLAN if i % 2 else BasisCode.OTHER,
            weight=D("12.5") if i % 3 else None,
            long_term_target=parse_target("≥100个") if i == 1 else None,
            id=f"p1-{i}",
            source=(src_pdf, src_xlsx, src_txt, None)[i % 4],
        )
        for i, t in enumerate(targets)
    ]
    project = Project(
        code="103001001",
        name="招商费用",
        department="开发区商务局",
        unit="商务局本级",
        funds=Funds(
            total=Money(D("150.00"), MoneyUnit.WAN),
            lines=[
                FundLine("财政拨款", Money(D("149.5"), MoneyUnit.WAN)),
                FundLine("其他资金", Money(D("5000"), MoneyUnit.YUAN)),
                FundLine("上级补助", Money(D("0.0000"), MoneyUnit.YI)),
            ],
        ),
        purpose="主要用于全区招商引资相关工作。",
        spending_plan=[
            Checkpoint("3月底", 3, D(10)),
            Checkpoint("6月底", 6, D("50.5")),
            Checkpoint("12月底", 12, D(100)),
        ],
        goal="完成年度招商引资任务",
        long_term_goal="三年内引进亿元项目50个",
        indicators=indicators,
        source=src_txt,
    )
    bare = Project(code=None, name=None)
    return Plan(
        year=2023,
        department="某开发区商务局",
        unit="本级",
        overall_goal="我局根据管委会工作部署…统筹协调全区打击侵犯假冒工作。",
        sub_goals=[
            SubGoal(
                title="强抓招商引资、促进经济发展",
                goal="组织实施全区招商引资活动。",
                indicators=["完成年度招商引资任务"],
                targets=[indicators[0]],
                project_codes=["103001001"],
                source=src_txt,
            ),
            SubGoal(title="空分项"),
        ],
        measures=[Measure("完善制度建设", "建立健全内控制度", src_txt), Measure("加强支出管理")],
        projects=[project, bare],
        leftovers=[Leftover("无法归类的一行", src_pdf, "不在任何表格中"), Leftover("x")],
        source_file="部门预算.pdf",
    )


def _round_trip(plan: Plan) -> Plan:
    return jsonio.plan_from_json(jsonio.plan_to_json(plan))


def test_rich_plan_round_trip_is_lossless() -> None:
    plan = rich_plan()
    back = _round_trip(plan)
    assert back == plan
    # every Decimal comes back as a Decimal with the same value, never a float
    for (_, a), (_, b) in zip(plan.indicators, back.indicators, strict=True):
        for name in ("value", "normalized_value", "lower", "upper"):
            va, vb = getattr(a.target, name), getattr(b.target, name)
            assert va == vb
            assert vb is None or isinstance(vb, Decimal)
    # and the text is stable: writing the read plan gives the same JSON
    assert jsonio.plan_to_json(back) == jsonio.plan_to_json(plan)


def test_answer_key_plan_round_trip_is_lossless() -> None:
    plan = plan_from_answer_key()
    back = _round_trip(plan)
    assert back == plan
    assert back.project("103001002").indicators[0].target.normalized_value == D(700_000)


def test_numbers_are_exact_json_numbers() -> None:
    text = jsonio.plan_to_json(rich_plan())
    assert '"value": 3309840.00' in text  # as written, trailing zeros kept
    assert '"value": 2600000000' in text  # 26 亿元 = 26 × 10^8 元
    assert '"amount": 150.00' in text
    assert '"yuan": 1500000.00' in text  # 150.00 万元 × 10 000
    assert '"value": 0.000001' in text  # never 1E-6
    assert "e-" not in text.lower().replace("none", "")
    data = json.loads(text)  # plain JSON readers see numbers, not strings
    amount = data["projects"][0]["funds"]["total"]["amount"]
    assert isinstance(amount, float) and amount == 150.0


def test_target_json_keys() -> None:
    d = jsonio.target_to_dict(parse_target("≤30万元"))
    assert d["raw"] == "≤30万元"
    assert (d["kind"], d["comparator"], d["comparator_source"]) == ("quantitative", "≤", "explicit")
    assert (d["value"], d["unit"]) == (D(30), "万元")
    assert d["normalized"] == {"value": D(300_000), "unit": "元"}


def test_non_finite_numbers_are_refused() -> None:
    plan = Plan(
        projects=[Project("1", "x", indicators=[Indicator("a", "b", "c", weight=D("NaN"))])]
    )
    with pytest.raises(ValueError, match="非有限"):
        jsonio.plan_to_json(plan)


def test_foreign_json_is_refused() -> None:
    with pytest.raises(ValueError, match="不是 jixiao 计划"):
        jsonio.plan_from_dict({"format": "something.else"})


# --- property: any target survives the trip ------------------------------------------------

texts = st.text(max_size=20)
decimals = st.one_of(
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**15),
                max_value=10**15),
)  # fmt: skip
targets = st.builds(
    Target,
    raw=texts,
    kind=st.sampled_from(TargetKind),
    comparator=st.one_of(st.none(), st.sampled_from(Comparator)),
    comparator_source=st.one_of(st.none(), st.sampled_from(ComparatorSource)),
    value=decimals,
    unit=st.one_of(st.none(), texts),
    normalized_value=decimals,
    normalized_unit=st.one_of(st.none(), texts),
    lower=decimals,
    upper=decimals,
    deadline=st.one_of(st.none(), st.dates()),
    deadline_month=st.one_of(st.none(), st.integers(1, 12)),
    start=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1))),
    flag=st.one_of(st.none(), st.booleans()),
    grade=st.one_of(st.none(), texts),
    notes=st.lists(texts, max_size=3).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(t=targets, weight=decimals, level3=st.one_of(st.none(), texts))
def test_any_indicator_round_trips(t: Target, weight: Decimal | None, level3: str | None) -> None:
    plan = Plan(projects=[Project("p", "n", indicators=[Indicator("l1", "l2", level3, target=t,
                                                                  weight=weight)])])  # fmt: skip
    assert _round_trip(plan) == plan


def test_text_that_looks_like_the_internal_number_mark_stays_text() -> None:
    """jsonio marks Decimals internally; a user's text must never be turned into a number."""
    for raw in ("\x00DEC:5", "\u0000DEC:-1.5", "DEC:5"):
        plan = Plan(overall_goal=raw, projects=[Project("1", raw)])
        back = _round_trip(plan)
        assert back.overall_goal == raw and back.projects[0].name == raw

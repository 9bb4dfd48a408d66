"""The monitoring report on the seed's demo data and on small hand-made plans.

Every expected figure is worked out in the comments from the inputs of the test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from answer_key import plan_from_answer_key
from jixiao.domain.errors import InputError
from jixiao.domain.model import Checkpoint, Funds, Indicator, Plan, Project
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.values import parse_target
from jixiao.monitor import (
    Light,
    LightResult,
    MonitorReport,
    monitor_plan,
    read_adjustments,
    read_ledger,
    report_to_dict,
    rules_from_profile,
    run_monitor,
)

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "seed"
PLAN = plan_from_answer_key()
AS_OF = date(2023, 7, 31)
NATIONAL = rules_from_profile("national")


@pytest.fixture(scope="module")
def demo() -> MonitorReport:
    return run_monitor(
        PLAN, payments=SEED / "payments.csv", progress=SEED / "progress.yaml", as_of=AS_OF
    )


def _score(lr: LightResult) -> Decimal:
    """The r or v figure of a light, rounded to 0.01."""
    assert lr.score is not None
    return round(Decimal(lr.score.numerator) / Decimal(lr.score.denominator), 2)


def _pct(x: Fraction | None, places: int = 2) -> Decimal:
    assert x is not None
    return round(Decimal(x.numerator) / Decimal(x.denominator) * 100, places)


# --- the seed demo ------------------------------------------------------------------------


def test_demo_spending_on_plan_and_lagging(demo: MonitorReport) -> None:
    p1 = demo.project("103001001")
    p2 = demo.project("103001002")
    # 103001001: payments 5+4+6 | 20+20+20 | 14−2 万元 = 87 万元 of 150: 执行率 58%
    assert p1.spending.spent_yuan == Decimal(870000)
    assert p1.spending.rate == Fraction(58, 100)
    # 时序进度 7/12 = 58.33%; 计划进度 50 + (7−6)/(10−6) × 30 = 57.5%
    assert p1.spending.time == Fraction(7, 12)
    assert p1.spending.planned == Fraction(575, 1000)
    # r = 58 / 58.333 × 100 = 99.43 → green
    assert p1.spending.light.light is Light.GREEN
    assert _score(p1.spending.light) == Decimal("99.43")
    # gaps: 58 − 58.33 = −0.33 points; 58 − 57.5 = +0.5 points
    assert p1.spending.gap_time == Fraction(58) - Fraction(700, 12)
    assert p1.spending.gap_plan == Fraction(1, 2)
    # 103001002: 800+600+700+500+400 = 3000 万元 of 8000: 37.5%; r = 64.29 → yellow
    assert p2.spending.spent_yuan == Decimal(30000000)
    assert p2.spending.rate == Fraction(3, 8)
    assert p2.spending.light.light is Light.YELLOW
    assert len({p1.spending.light.light, p2.spending.light.light}) == 2  # the lights differ


def test_demo_refund_is_counted(demo: MonitorReport) -> None:
    p1 = demo.project("103001001").spending
    # the 会务服务费退回 of −20000 元 on 2023-07-20 reduces July: 90000 − 20000 + 50000
    assert p1.refunds == 1 and p1.refunds_yuan == Decimal(-20000)
    assert demo.ledger.by_project["103001001"].by_month[6] == Decimal(120000)


def test_demo_indicator_lights(demo: MonitorReport) -> None:
    lights = {s.indicator.level3: s.light for s in demo.project("103001001").indicators}
    # 签约项目 8 of 15: v = 8 / (15 × 7/12) × 100 = 8 / 8.75 × 100 = 91.43 → green
    assert lights["签约项目"].light is Light.GREEN
    assert _score(lights["签约项目"]) == Decimal("91.43")
    # 跨境电商交易额 11 of 26 亿元: v = 11 / 15.1667 × 100 = 72.53 → yellow
    assert lights["跨境电商交易额"].light is Light.YELLOW
    assert _score(lights["跨境电商交易额"]) == Decimal("72.53")
    # 投资者满意度 96% against 95% (a level, not pro-rated): 96/95 × 100 = 101.05 → green
    assert lights["投资者满意度"].light is Light.GREEN
    assert _score(lights["投资者满意度"]) == Decimal("101.05")
    # 完成时间 2023年底, not done, not yet due → green; empty target → no light
    assert lights["完成时间"].light is Light.GREEN
    assert lights["促进经济增长"].light is Light.NONE
    # worst of green, yellow, … → the project is yellow
    assert demo.project("103001001").light is Light.YELLOW
    lights2 = {s.indicator.level3: s.light for s in demo.project("103001002").indicators}
    # 实际利用外资到位数 20 of 70万美元: 20 / (70 × 7/12) × 100 = 20 / 40.833 × 100 = 48.98 → red
    assert lights2["实际利用外资到位数"].light is Light.RED
    # 是否破坏生态环境: 否 as targeted → green
    assert lights2["项目实施是否破坏我市生态环境"].light is Light.GREEN
    assert demo.project("103001002").light is Light.RED


def test_demo_rows_needing_a_reason(demo: MonitorReport) -> None:
    # 增加就业 900 of 2000人: 900 / 1166.67 × 100 = 77.14 → yellow, and no reason given.
    # Every other red/yellow row (and 103001002's spending) has a reason in progress.yaml.
    assert [(r.project_code, r.row, r.light) for r in demo.needs_reason] == [
        ("103001002", "增加就业", Light.YELLOW)
    ]
    assert demo.missing_progress == []


def test_demo_department_is_money_weighted(demo: MonitorReport) -> None:
    dep = demo.department.spending
    # (87 + 3000) / (150 + 8000) = 3087 / 8150 = 37.88%, not (58 + 37.5) / 2 = 47.75%
    assert dep.spent_yuan == Decimal(30870000)
    assert dep.adjusted_yuan == Decimal(81500000)
    assert dep.rate == Fraction(3087, 8150)
    assert _pct(dep.rate) == Decimal("37.88")
    # r = 37.88 / 58.33 × 100 = 64.93 → yellow
    assert dep.light.light is Light.YELLOW
    # both plans are at 57.5%, so the weighted plan is 57.5%
    assert dep.planned == Fraction(575, 1000)
    assert demo.department.worst_project_light is Light.RED


def test_demo_forecasts(demo: MonitorReport) -> None:
    f1 = demo.project("103001001").spending.forecast
    # plan_pace: 87 × 100 / 57.5 = 151.30 万元 > 150 → capped at the budget
    assert f1.capped and f1.yuan == Decimal(1500000)
    f2 = demo.project("103001002").spending.forecast
    # 3000 × 100 / 57.5 = 5217.391304 万元 = 52173913.04 元
    assert not f2.capped and f2.yuan == Decimal("52173913.04")
    inds = {s.indicator.level3: s for s in demo.project("103001002").indicators}
    # unit's forecast: 55万美元
    assert inds["实际利用外资到位数"].forecast == 55
    assert inds["实际利用外资到位数"].forecast_source == "unit"
    # pace: 900 / (7/12) = 1542.857… 人
    assert inds["增加就业"].forecast == Fraction(900 * 12, 7)
    assert inds["增加就业"].forecast_source == "pace"
    # a level (93%) forecasts itself
    assert inds["投资者满意度"].forecast == 93


def test_demo_monthly_series(demo: MonitorReport) -> None:
    series = demo.department.series
    march = series[2]
    # end of March: 15 + 800 = 815 万元; plan 10% of 8150 = 815 万元; time 3/12 = 25%
    assert march.spent_yuan == Decimal(8150000)
    assert march.plan_yuan == Decimal(8150000)
    assert march.time_percent == 25
    july = series[6]
    assert july.spent_yuan == Decimal(30870000) and not july.partial
    assert series[7].spent_yuan is None  # after the as-of date
    # December of the plan: 100% of the budget
    assert series[11].plan_yuan == Decimal(81500000)


def test_json_has_the_fields_the_issue_names(demo: MonitorReport) -> None:
    d = report_to_dict(demo)
    p1, p2 = d["projects"]
    assert p1["code"] == "103001001" and p1["spent_wan"] == Decimal(87)
    assert p1["execution_rate"] == Decimal("58.00")
    assert p1["time_progress"] == Decimal("58.33")
    assert p1["planned_progress"] == Decimal("57.50")
    assert p1["spending_light"]["light"] == "green" and p1["light"] == "yellow"
    assert p2["spending_light"]["light"] == "yellow" and p2["light"] == "red"
    ind = {i["level3"]: i for i in p1["indicators"]}
    assert ind["签约项目"]["light"] == "green" and ind["签约项目"]["score"] == Decimal("91.43")
    assert ind["跨境电商交易额"]["deviation_reasons"] == {
        "其他": "上半年外贸需求回落, 跨境电商订单减少; 下半年随促销季回升"
    }
    assert d["department"]["execution_rate"] == Decimal("37.88")
    assert len(d["department"]["series"]) == 12
    assert d["ledger"]["issue_counts"] == {"refund": 1}
    assert d["needs_reason"][0]["row"] == "增加就业"


# --- variants -----------------------------------------------------------------------------


def test_sichuan_floors_on_the_demo() -> None:
    rep = run_monitor(PLAN, payments=SEED / "payments.csv", as_of=AS_OF, profile="sichuan")
    # end of July: June floor 40%. 58% → green; 37.5% < 40% → red
    assert rep.project("103001001").spending.light.light is Light.GREEN
    assert rep.project("103001002").spending.light.light is Light.RED


def test_day_variant_on_the_demo() -> None:
    rules = replace(NATIONAL, time_method="day")
    ledger = read_ledger(
        SEED / "payments.csv", project_codes=["103001001", "103001002"], as_of=AS_OF, rules=rules
    )
    rep = monitor_plan(PLAN, as_of=AS_OF, ledger=ledger, rules=rules)
    s = rep.project("103001001").spending
    # 212/365 = 58.08%; r = 58 / 58.08 × 100 = 99.86
    assert s.time == Fraction(212, 365)
    assert _score(s.light) == Decimal("99.86")


# --- hand-made plans ----------------------------------------------------------------------


def _plan(*projects: Project, year: int = 2023) -> Plan:
    return Plan(year=year, projects=list(projects))


def _project(
    code: str,
    wan: str,
    plan: list[Checkpoint] | None = None,
    indicators: list[Indicator] | None = None,
) -> Project:
    return Project(
        code=code,
        name=f"项目{code}",
        funds=Funds(total=Money(Decimal(wan), MoneyUnit.WAN)),
        spending_plan=plan
        if plan is not None
        else [
            Checkpoint("3月底", 3, Decimal(10)),
            Checkpoint("6月底", 6, Decimal(50)),
            Checkpoint("10月底", 10, Decimal(80)),
            Checkpoint("12月底", 12, Decimal(100)),
        ],
        indicators=indicators or [],
    )


def _ledger(tmp_path: Path, rows: str) -> Path:
    f = tmp_path / "ledger.csv"
    f.write_text("date,project_code,amount\n" + rows, encoding="utf-8")
    return f


def test_zero_budget_does_not_crash(tmp_path: Path) -> None:
    plan = _plan(_project("A", "0"), _project("B", "100"))
    f = _ledger(tmp_path, "2023-03-01,A,5000\n2023-03-01,B,300000\n")
    rep = run_monitor(plan, payments=f, as_of=AS_OF)
    a = rep.project("A").spending
    assert a.rate is None and a.light.light is Light.NONE
    assert any("调整后预算数为 0" in n for n in a.notes)
    assert any("但有支出" in n for n in a.notes)
    d = report_to_dict(rep)
    assert d["projects"][0]["execution_rate"] is None
    # department: (5000 + 300000) / (0 + 1000000) = 30.5%
    assert rep.department.spending.rate == Fraction(305000, 1000000)


def test_as_of_before_the_first_checkpoint(tmp_path: Path) -> None:
    plan = _plan(_project("A", "100"))
    f = _ledger(tmp_path, "2023-01-20,A,40000\n2023-02-10,A,20000\n")
    rep = run_monitor(plan, payments=f, as_of=date(2023, 2, 28))
    s = rep.project("A").spending
    # time 2/12; planned 10 × 2/3 = 6.667%; rate 60000 / 1000000 = 6%
    assert s.time == Fraction(1, 6) and s.planned == Fraction(2, 30)
    # r = 6 / 16.667 × 100 = 36 → red
    assert s.light.score == 36 and s.light.light is Light.RED
    # forecast plan_pace: 6 万元 × 100 / 6.667 = 90 万元
    assert s.forecast.yuan == Decimal(900000)


def test_as_of_in_early_january_gives_no_ratio(tmp_path: Path) -> None:
    plan = _plan(_project("A", "100"))
    f = _ledger(tmp_path, "2023-01-05,A,1000\n")
    rep = run_monitor(plan, payments=f, as_of=date(2023, 1, 10))
    s = rep.project("A").spending
    assert s.time == 0 and s.light.light is Light.NONE
    # plan at t = 0 is 0 and time progress is 0: no forecast can be formed
    assert s.forecast.yuan is None and s.forecast.method == "none"


def test_plan_not_ending_at_100(tmp_path: Path) -> None:
    plan = _plan(
        _project(
            "A", "100", [Checkpoint("6月底", 6, Decimal(30)), Checkpoint("12月底", 12, Decimal(90))]
        )
    )
    f = _ledger(tmp_path, "2023-05-01,A,360000\n")
    rep = run_monitor(plan, payments=f, as_of=AS_OF)
    p = rep.project("A")
    assert any("未达到 100" in n for n in p.plan_notes)
    # planned at 7 months: 30 + (7−6)/6 × 60 = 40%; forecast 36 × 90 / 40 = 81 万元
    assert p.spending.planned == Fraction(40, 100)
    assert p.spending.forecast.yuan == Decimal(810000)


def test_forecast_methods(tmp_path: Path) -> None:
    plan = _plan(_project("A", "8000"))
    f = _ledger(tmp_path, "2023-06-01,A,30000000\n")
    ledger = read_ledger(f, project_codes=["A"], as_of=AS_OF, rules=NATIONAL)
    # linear: 3000 / (7/12) = 5142.857143 万元
    r = monitor_plan(
        plan, as_of=AS_OF, ledger=ledger, rules=replace(NATIONAL, forecast_spending_method="linear")
    )
    assert r.project("A").spending.forecast.yuan == Decimal("51428571.43")
    # plan_remaining: 3000 + 8000 × (100 − 57.5) / 100 = 3000 + 3400 = 6400 万元
    r = monitor_plan(
        plan,
        as_of=AS_OF,
        ledger=ledger,
        rules=replace(NATIONAL, forecast_spending_method="plan_remaining"),
    )
    assert r.project("A").spending.forecast.yuan == Decimal(64000000)


def test_budget_adjustments(tmp_path: Path) -> None:
    plan = _plan(_project("A", "150"), _project("B", "8000"), _project("C", "10"))
    led = _ledger(tmp_path, "2023-03-01,A,870000\n2023-03-01,B,30000000\n")
    adj = tmp_path / "adj.csv"
    adj.write_text(
        "项目编码,调整后预算数(万元),调整金额(万元),调整日期,备注\n"
        "A,100,,2023-05-10,调减\n"  # A: 150 → 100
        "B,,-2000,2023-06-01,调减\n"  # B: 8000 − 2000 = 6000
        "B,,500,2023-09-01,晚于截止日期\n"  # not applied
        "X,10,,2023-05-01,未知项目\n"  # not applied
        "C,abc,,2023-05-01,金额无效\n",  # not applied
        encoding="utf-8",
    )
    rep = run_monitor(plan, payments=led, adjustments=adj, as_of=AS_OF)
    a = rep.project("A").spending
    # 87 / 100 = 87% (on the adjusted budget); the annual budget stays 150
    assert a.adjusted_yuan == Decimal(1000000) and a.budget_yuan == Decimal(1500000)
    assert a.rate == Fraction(87, 100)
    b = rep.project("B").spending
    # 3000 / 6000 = 50%
    assert b.adjusted_yuan == Decimal(60000000) and b.rate == Fraction(1, 2)
    assert rep.project("C").spending.adjusted_yuan == Decimal(100000)
    assert rep.adjustments is not None
    rows = {i.source.row: i.message for i in rep.adjustments.issues}
    assert set(rows) == {4, 5, 6}
    assert "晚于截止日期" in rows[4] and "X 不在计划中" in rows[5] and "金额无效" in rows[6]
    # department: (87 + 3000) / (100 + 6000 + 10)
    assert rep.department.spending.rate == Fraction(30870000, 61100000)


def test_adjustments_absolute_wins_over_change(tmp_path: Path) -> None:
    plan = _plan(_project("A", "150"))
    adj = tmp_path / "adj.csv"
    adj.write_text("项目编码,调整后预算数,调整金额\nA,120,\nA,,30\n", encoding="utf-8")
    data = read_adjustments(adj, plan, AS_OF, NATIONAL)
    # default unit 万元: 120 万元
    assert data.adjusted_yuan("A", Decimal(1500000)) == Decimal(1200000)
    assert any("以调整后预算数为准" in i.message for i in data.issues)


def test_indicator_rules_on_a_small_plan(tmp_path: Path) -> None:
    def ind(l1: str, l2: str, name: str, target: str) -> Indicator:
        return Indicator(l1, l2, name, target=parse_target(target, level1=l1, level2=l2, year=2023))

    plan = _plan(
        _project(
            "A",
            "100",
            indicators=[
                ind("产出指标", "成本指标", "单位成本", "≤30万元"),
                ind("产出指标", "时效指标", "验收时间", "2023年6月底前"),
                ind("效益指标", "社会效益指标", "群众获得感", "显著提升"),
                ind("产出指标", "数量指标", "培训人次", "≥1200人次"),
                ind("产出指标", "数量指标", "覆盖乡镇", "≥10个"),
                ind("产出指标", "数量指标", "宣传次数", "≥12次"),
            ],
        )
    )
    led = _ledger(tmp_path, "2023-03-01,A,600000\n")
    prog = tmp_path / "p.csv"
    prog.write_text(
        "项目编码,三级指标,截至目前完成值,全年预计完成值\n"
        "A,单位成本,32万元,\n"  # > 30 → red
        "A,验收时间,未完成,\n"  # 30 June passed → red
        "A,群众获得感,部分达成,\n"  # → yellow
        "A,培训人次,1200人次,\n"  # 1200 / (1200 × 7/12) × 100 = 171.43 → blue
        "A,覆盖乡镇,若干,\n",  # unreadable → no light, said why
        encoding="utf-8",
    )
    rep = run_monitor(plan, payments=led, progress=prog, as_of=AS_OF)
    st = {s.indicator.level3: s for s in rep.project("A").indicators}
    assert st["单位成本"].light.light is Light.RED
    assert st["验收时间"].light.light is Light.RED and "已过" in st["验收时间"].light.reason
    assert st["群众获得感"].light.light is Light.YELLOW
    assert st["培训人次"].light.light is Light.BLUE
    assert st["培训人次"].light.score == Fraction(1200 * 100 * 12, 1200 * 7)
    assert st["覆盖乡镇"].light.light is Light.NONE and "不是数值" in st["覆盖乡镇"].light.reason
    assert st["宣传次数"].light.light is Light.NONE
    assert ("A", "宣传次数") in rep.missing_progress
    # red and yellow rows without reasons (and the spending, 60% / 58.33% = green, needs none)
    assert {r.row for r in rep.needs_reason} == {"单位成本", "验收时间", "群众获得感"}
    assert rep.project("A").light is Light.RED


def test_plan_year_must_match_as_of(tmp_path: Path) -> None:
    plan = _plan(_project("A", "100"), year=2024)
    f = _ledger(tmp_path, "2023-03-01,A,1\n")
    with pytest.raises(InputError, match="不在计划年度 2024"):
        run_monitor(plan, payments=f, as_of=AS_OF)


def test_recurring_deadline_lights(tmp_path: Path) -> None:
    """每月10日前: no single deadline; green when the periods so far were on time, red
    when one was missed (never "无期限, 不评灯")."""

    def ind(name: str) -> Indicator:
        return Indicator("产出指标", "时效指标", name, target=parse_target("每月10日前", year=2023))

    plan = _plan(_project("A", "100", indicators=[ind("补贴发放"), ind("报表报送")]))
    led = _ledger(tmp_path, "2023-03-01,A,600000\n")
    prog = tmp_path / "p.csv"
    prog.write_text(
        "项目编码,三级指标,截至目前完成值\nA,补贴发放,已完成\nA,报表报送,未完成\n", encoding="utf-8"
    )
    rep = run_monitor(plan, payments=led, progress=prog, as_of=AS_OF)
    st = {s.indicator.level3: s for s in rep.project("A").indicators}
    assert st["补贴发放"].light.light is Light.GREEN and "各期按时" in st["补贴发放"].light.reason
    assert st["报表报送"].light.light is Light.RED and "周期性期限" in st["报表报送"].light.reason

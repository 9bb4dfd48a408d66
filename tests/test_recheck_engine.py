"""Recheck of hand-made published forms: one discrepancy reason at a time, every template.

The forms live in ``tests/data/recheck/*.txt`` (tab-separated like a copied spreadsheet);
``make_forms.py`` writes the .xlsx/.html copies of ``national_inflated.txt``. Every expected
number is worked out by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.domain.model import Indicator, Plan, Project
from jixiao.domain.values import parse_target
from jixiao.recheck import FormRecheck, recheck_file

D = Decimal
DATA = Path(__file__).parent / "data" / "recheck"


def one(name: str, profile: str | None = None, plan: Plan | None = None) -> FormRecheck:
    results = recheck_file(DATA / name, profile, plan=plan)
    assert len(results) == 1
    return results[0]


def reasons(r: FormRecheck) -> list[str]:
    return [d.reason for d in r.discrepancies]


def test_consistent_form_has_no_discrepancy() -> None:
    r = one("national_clean.txt")
    # 执行率 98/100 = 98% → 10 × 0.98 = 9.8; 1850/2000 × 10 = 9.25; the rest full or in band
    # (达成年度指标 13 of 15 lies in [12, 15]): 9.8 + 9.25 + 20 + 10 + 10 + 15 + 13 + 10 = 97.05
    assert r.execution.recomputed == D("9.80") and r.execution.published == D("9.8")
    assert reasons(r) == []
    assert r.published_total == D("97.05") and r.recomputed_total == D("97.05")
    assert r.status == "ok" and r.inflation == 0
    assert r.profile_name == "national" and not r.template.forced


def test_every_row_reason_on_one_inflated_form() -> None:
    r = one("national_inflated.txt")
    by_row = {c.row.index: c for c in r.rows}
    # 1870/2000 × 10 = 9.35, printed 10 (rounded up to whole points): +0.65
    assert by_row[1].reasons == ["rounded"] and by_row[1].difference == D("0.65")
    # 96% against ≥95%: met, full marks 20, printed 18: −2
    assert by_row[2].reasons == ["met-but-not-full"] and by_row[2].difference == D(-2)
    # 部分达成 on 15 points allows [9, 12); 14 is outside → lower edge 9: +5
    assert by_row[6].reasons == ["qualitative-out-of-band"] and by_row[6].recomputed == D(9)
    # satisfaction 95% against ≥90% is met: 10, printed 10 × 95% = 9.5: −0.5
    assert by_row[7].reasons == ["rate-scored-satisfaction"] and by_row[7].difference == D("-0.5")
    # 100/100 executed = 100% → 10, printed 9: −1
    assert "execution-score-inconsistent" in reasons(r)
    assert r.execution.recomputed == D(10) and r.execution.difference == D(-1)
    # 总分 98.5 printed; 9 + 10 + 18 + 10 + 10 + 15 + 14 + 9.5 = 95.5: +3
    total = next(d for d in r.discrepancies if d.reason == "total-not-sum")
    assert total.difference == D("3.0") and r.published_sum == D("95.5")
    # net: 0.65 − 2 + 5 − 0.5 − 1 + 3 = 5.15; recomputed 10 + 9.35 + 20 + 10 + 10 + 15 + 9 + 10
    assert r.inflation == D("5.15") and r.recomputed_total == D("93.35")


@pytest.mark.parametrize("suffix", ["txt", "xlsx", "html"])
def test_same_form_in_every_file_kind(suffix: str) -> None:
    r = one(f"national_inflated.{suffix}")
    assert sorted(reasons(r)) == sorted(
        [
            "execution-score-inconsistent",
            "rounded",
            "met-but-not-full",
            "qualitative-out-of-band",
            "rate-scored-satisfaction",
            "total-not-sum",
        ]
    )
    assert r.inflation == D("5.15")


def test_money_rows_and_budget_cut() -> None:
    r = one("national_money.txt")
    # 年度资金总额 printed 0 0 0 while 财政拨款 holds 200 / 120 / 120: rechecked on the sources
    money = next(d for d in r.discrepancies if d.reason == "money-rows-inconsistent")
    assert r.execution.money_from == "各资金来源合计"
    assert r.execution.rate_percent == D(100) and money.difference == D(-10)
    # 200 → 120 is a 40% cut (≥ 20%) behind a 100% rate (≥ 95%)
    cut = next(d for d in r.discrepancies if d.reason == "budget-cut-high-execution")
    assert "调减 40%" in cut.message and "60%" in cut.message
    assert cut.difference is None


def test_unfilled_form_is_reported_not_an_error() -> None:
    r = one("national_unfilled.txt")
    assert r.status == "unfilled" and r.discrepancies == []
    assert [c.status for c in r.rows] == ["unfilled"] * 3
    assert "预算执行率得分未填" in r.unfilled and "总分未填" in r.unfilled
    assert any("举办活动场次" in u for u in r.unfilled)


def test_cut_off_form_rechecks_what_it_contains() -> None:
    r = one("national_cutoff.txt")
    # 76/80 = 95% → 9.5 as printed; row 1 met → 25 as printed
    assert r.execution.recomputed == D("9.50") and r.rows[0].status == "ok"
    assert r.rows[1].status == "cut-off"
    assert r.status == "incomplete" and "总分" in r.missing
    assert any("维修合格率" in m for m in r.missing)


def test_grade_inconsistent_with_recomputed_total() -> None:
    r = one("national_grade.txt")
    # 40/50 = 80% → 8; 80/100 × 50 = 40; 9000/10000 × 30 = 27; 10: total 85 → 良, printed 优
    assert r.recomputed_total == D(85) and r.recomputed_grade == "良"
    assert reasons(r) == ["grade-inconsistent"]


def test_target_lowered_against_the_approved_plan() -> None:
    approved = Plan(
        year=2023,
        projects=[
            Project(
                "P1",
                "职业技能培训补贴",
                indicators=[
                    Indicator(
                        "产出指标", "数量指标", "培训人次",
                        target=parse_target("≥2000人次", level1="产出指标", level2="数量指标"),
                    )
                ],
            )
        ],
    )
    assert reasons(one("national_target.txt")) == []  # without the plan nothing to compare
    r = one("national_target.txt", plan=approved)
    # published ≥1500人次 vs approved ≥2000人次: 1800/2000 × 50 = 45, printed 50: +5
    row = r.rows[0]
    assert row.reasons == ["target-lowered"] and row.recomputed == D(45)
    assert row.approved_target == "≥2000人次" and r.inflation == D(5)


def test_sichuan_template_detected_and_its_rules_used() -> None:
    r = one("sichuan_10_90.txt")
    assert r.profile_name == "sichuan"
    assert any("90 分" in why for why in r.template.reasons)
    # 指标性质/指标值/度量单位 columns joined: "≥95%"; 96% met → 30, printed 28
    assert r.rows[1].row.target == "≥95%"
    assert reasons(r) == ["met-but-not-full"] and r.inflation == D(-2)


def test_hubei_template_uses_its_execution_points_and_bands() -> None:
    r = one("hubei_20.txt")
    assert r.profile_name == "hubei"
    # 47.5/50 = 95% → 20 × 0.95 = 19 as printed; 部分达成 16 of 30 lies in Hubei's [15, 24)
    assert r.execution.points == D(20) and r.execution.recomputed == D(19)
    assert reasons(r) == [] and r.recomputed_total == D(85)
    # forced national: the 10号 band for 部分达成 is [18, 24), so 16 is out of band
    forced = one("hubei_20.txt", "national")
    assert forced.template.forced and forced.profile_name == "national"
    assert "qualitative-out-of-band" in reasons(forced)


def test_national_template_reasons_name_the_points() -> None:
    r = one("national_clean.txt")
    why = " ".join(r.template.reasons)
    assert "预算执行率分值 10" in why and "产出指标 50" in why
    ranking = dict(r.template.ranking)
    assert ranking["national"] > ranking["hubei"] and ranking["national"] > ranking["sichuan"]

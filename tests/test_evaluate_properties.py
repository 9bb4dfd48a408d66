"""Properties of the scoring rules and of whole evaluations (hypothesis).

* every score lies within [0, its weight];
* a ≥ score never falls as the actual rises;
* a project's total lies within [0, 100] under every bundled profile;
* writing an amount in 万元 or in 元 never changes a score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.domain.model import FundLine, Funds, Indicator, Plan, Project
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.profile import load_profile
from jixiao.domain.values import parse_target
from jixiao.evaluate import actuals_from_mapping, evaluate_plan, scoring
from jixiao.evaluate.settings import EvaluateSettings, QuantitativeSettings

D = Decimal
NATIONAL = EvaluateSettings.from_profile(load_profile("national"))
PROFILES = {name: load_profile(name) for name in ("national", "sichuan", "hubei")}

amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(
    min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False
)
weights = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)
quantitative_settings = st.builds(
    lambda le, eq, k: replace(NATIONAL.quantitative, le_rule=le, eq_rule=eq, le_zero_at_ratio=k),
    st.sampled_from(["linear_penalty", "target_over_actual"]),
    st.sampled_from(["as_ge", "deviation"]),
    st.decimals(min_value=D("1.1"), max_value=5, places=1),
)


def within(r: scoring.RuleScore, weight: Decimal) -> bool:
    return D(0) <= r.score <= weight


@settings(max_examples=300, deadline=None)
@given(
    amounts, positive, weights, st.sampled_from(["≥", "≤", "=", ">", "<"]), quantitative_settings
)
def test_quantitative_scores_within_weight(
    actual: Decimal, target: Decimal, weight: Decimal, cmp: str, q: QuantitativeSettings
) -> None:
    r = scoring.score_quantitative(cmp, actual, target, weight, q)
    assert within(r, weight)
    assert r.achieved == (r.score == weight) or weight == 0


@settings(max_examples=200, deadline=None)
@given(amounts, positive, positive, weights, quantitative_settings)
def test_range_scores_within_weight(
    actual: Decimal, a: Decimal, b: Decimal, weight: Decimal, q: QuantitativeSettings
) -> None:
    lower, upper = min(a, b), max(a, b)
    assert within(scoring.score_range(actual, lower, upper, weight, q), weight)


@settings(max_examples=300, deadline=None)
@given(amounts, amounts, positive, weights)
def test_ge_never_falls_as_actual_rises(
    a: Decimal, b: Decimal, target: Decimal, weight: Decimal
) -> None:
    low, high = min(a, b), max(a, b)
    assert (
        scoring.score_ge(low, target, weight).score <= scoring.score_ge(high, target, weight).score
    )


@settings(max_examples=200, deadline=None)
@given(amounts, amounts, positive, weights, quantitative_settings)
def test_le_never_rises_as_actual_rises(
    a: Decimal, b: Decimal, target: Decimal, weight: Decimal, q: QuantitativeSettings
) -> None:
    low, high = min(a, b), max(a, b)
    assert (
        scoring.score_le(high, target, weight, q).score
        <= scoring.score_le(low, target, weight, q).score
    )


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-400, 400),
    weights,
    st.sampled_from(["deadline", "monthly_penalty"]),
    st.integers(0, 100),
)
def test_time_scores_within_weight(days: int, weight: Decimal, rule: str, penalty: int) -> None:
    deadline = date(2023, 12, 31)
    t = replace(NATIONAL.time, rule=rule, penalty_percent_per_month=D(penalty))
    assert within(scoring.score_time(deadline + timedelta(days=days), deadline, weight, t), weight)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 2),
    st.one_of(st.none(), st.decimals(min_value=-10, max_value=200, places=2)),
    weights,
)
def test_qualitative_scores_within_weight(
    band: int, score: Decimal | None, weight: Decimal
) -> None:
    q = NATIONAL.qualitative
    r = scoring.score_qualitative(q.bands[band], score, weight, q)
    assert within(r, weight)
    if score is not None and r.problem is None:
        assert r.score == score  # an accepted score is used as given


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.none(), st.decimals(min_value=0, max_value=5, places=4)),
    st.sampled_from(list(PROFILES)),
)
def test_execution_score_within_points(rate: Decimal | None, name: str) -> None:
    ex = EvaluateSettings.from_profile(PROFILES[name]).execution
    assert within(scoring.execution_score(rate, ex), ex.points)


# --- whole evaluations -------------------------------------------------------------------------

ActualOf = Callable[[int, int], str]
ROW_KINDS: list[tuple[str, str, str | None, ActualOf]] = [
    ("产出指标", "数量指标", "≥{n}个", lambda n, r: f"{r}个"),
    ("产出指标", "质量指标", "≥{n}%", lambda n, r: f"{r}%"),
    ("产出指标", "时效指标", "2023年底", lambda n, r: "2023年12月1日" if r % 2 else "2024年2月1日"),
    ("产出指标", "成本指标", "≤{n}万元", lambda n, r: f"{r}万元"),
    ("效益指标", "社会效益指标", "{n}人", lambda n, r: f"{r}人"),
    ("效益指标", "生态效益指标", "否", lambda n, r: "否" if r % 3 else "是"),
    ("效益指标", "可持续影响指标", "效果明显", lambda n, r: "达成年度指标"),
    ("效益指标", "经济效益指标", None, lambda n, r: "部分达成年度指标并具有一定效果"),
    ("满意度指标", "服务对象满意度指标", "≥{n}%", lambda n, r: f"{r}%"),
]

rows_strategy = st.lists(
    st.tuples(
        st.integers(0, len(ROW_KINDS) - 1),
        st.integers(1, 500),  # target number
        st.integers(0, 800),  # actual number
        st.one_of(st.none(), st.integers(0, 60)),  # unit weight or none
        st.one_of(st.none(), st.integers(0, 40)),  # evaluator's score
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=80, deadline=None)
@given(rows_strategy, st.integers(1, 1000), st.integers(0, 1500), st.sampled_from(list(PROFILES)))
def test_total_within_zero_and_hundred(
    rows: list[tuple[int, int, int, int | None, int | None]], budget: int, spent: int, name: str
) -> None:
    indicators = []
    reported = []
    for n, (kind, target, actual, weight, score) in enumerate(rows):
        l1, l2, pattern, actual_of = ROW_KINDS[kind]
        raw = pattern.format(n=target) if pattern else None
        indicators.append(
            Indicator(
                l1,
                l2,
                f"指标{n}",
                target=parse_target(raw, level1=l1, level2=l2, year=2023),
                weight=D(weight) if weight is not None else None,
            )
        )
        reported.append({"index": n + 1, "actual": actual_of(target, actual), "score": score})
    money = Money(D(budget), MoneyUnit.WAN)
    plan = Plan(
        year=2023,
        projects=[
            Project(
                "P", "p", funds=Funds(money, [FundLine("财政拨款", money)]), indicators=indicators
            )
        ],
    )
    acts = actuals_from_mapping(
        {
            "projects": [
                {
                    "code": "P",
                    "funds": [{"adjusted": budget, "spent": spent}],
                    "indicators": reported,
                }
            ]
        }
    )
    pe = evaluate_plan(plan, acts, PROFILES[name]).projects[0]
    assert D(0) <= pe.total <= D(100)
    for r in pe.indicators:
        assert D(0) <= r.score <= r.weight


@settings(max_examples=80, deadline=None)
@given(positive, amounts, st.sampled_from(["≥", "≤"]), st.sampled_from(["万元", "亿元"]))
def test_money_unit_never_changes_a_score(
    target: Decimal, actual: Decimal, cmp: str, unit: str
) -> None:
    factor = {"万元": D(10000), "亿元": D(100000000)}[unit]

    def score(actual_text: str) -> Decimal:
        l2 = "成本指标" if cmp == "≤" else "数量指标"
        ind = Indicator(
            "产出指标",
            l2,
            "金额",
            target=parse_target(f"{cmp}{target}{unit}", level1="产出指标", level2=l2, year=2023),
        )
        money = Money(D(1), MoneyUnit.WAN)
        plan = Plan(
            year=2023,
            projects=[
                Project(
                    "P", "p", funds=Funds(money, [FundLine("财政拨款", money)]), indicators=[ind]
                )
            ],
        )
        acts = actuals_from_mapping(
            {
                "projects": [
                    {
                        "code": "P",
                        "funds": [{"adjusted": 1, "spent": 1}],
                        "indicators": [{"index": 1, "actual": actual_text}],
                    }
                ]
            }
        )
        return evaluate_plan(plan, acts).projects[0].indicators[0].score

    in_unit = score(f"{actual}{unit}")
    in_yuan = score(f"{(actual * factor).normalize():f}元")
    assert in_unit == in_yuan

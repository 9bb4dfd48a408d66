"""Benchmark: self-evaluation scoring (绩效自评) of many projects × 10 indicators, built in memory.

The target of issue 6 is 100,000 projects × 10 indicators (1,000,000 rows) in under 10 s.
The default size here is smaller so that ``bench/run.py`` stays quick; set
``JIXIAO_BENCH_EVAL_PROJECTS=100000`` for the full batch. Each run prints rows/second and the
extrapolated time for 100,000 projects.

Subject: ``evaluate_plan`` — matching actuals to rows, fund rows, 执行率, weights (equal split),
one rule per row (≥, ≤, =, 时效, 是/否, 定性), explanations, totals, grades, department roll-up.
Actual values vary per project (numbers drawn from a seeded pseudo-random sequence over
ranges of 15 to 20,001 values per indicator); every distinct text goes once through the value
grammar (``parse_target``) and is then served from the evaluation's cache, which is how real
forms behave too (100%, 是, 达成年度指标 repeat). The report prints how many were distinct.

Baseline: the bare Decimal arithmetic of the same scores (actual/target × weight for every
row, summed per project), without matching, parsing, rules or reporting.
"""

from __future__ import annotations

import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from jixiao.domain.model import FundLine, Funds, Indicator, Plan, Project
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.profile import load_profile
from jixiao.domain.values import parse_target
from jixiao.evaluate import (
    Actuals,
    FundActual,
    IndicatorActual,
    ProjectActuals,
    evaluate_plan,
)
from run import Benchmark

PROJECTS = int(os.environ.get("JIXIAO_BENCH_EVAL_PROJECTS", "5000"))
FULL = 100_000
INDICATORS = 10

# (level1, level2, level3, target text, actual generator)
_ROWS = [
    ("产出指标", "数量指标", "培训人次", "≥500人次", lambda r: f"{r.randint(300, 700)}人次"),
    ("产出指标", "数量指标", "签约项目", "15个", lambda r: f"{r.randint(8, 22)}个"),
    ("产出指标", "质量指标", "验收合格率", "≥95%", lambda r: f"{r.randint(850, 1000) / 10}%"),
    (
        "产出指标",
        "时效指标",
        "完成时间",
        "2023年11月底",
        lambda r: f"2023年{r.randint(9, 12)}月{r.randint(1, 28)}日",
    ),
    ("产出指标", "成本指标", "单位成本", "≤30万元", lambda r: f"{r.randint(200, 450) / 10}万元"),
    ("效益指标", "经济效益指标", "带动投资", "≥2亿元", lambda r: f"{r.randint(10000, 30000)}万元"),
    ("效益指标", "社会效益指标", "增加就业", "2000人", lambda r: f"{r.randint(1500, 2600)}人"),
    (
        "效益指标",
        "生态效益指标",
        "是否破坏生态环境",
        "否",
        lambda r: r.choice(["否", "否", "否", "是"]),
    ),
    (
        "效益指标",
        "可持续影响指标",
        "长效机制",
        "逐步完善",
        lambda r: r.choice(["达成年度指标", "部分达成年度指标并具有一定效果"]),
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "服务对象满意度",
        "≥90%",
        lambda r: f"{r.randint(800, 1000) / 10}%",
    ),
]
_SCORES = {
    "达成年度指标": Decimal(7),
    "部分达成年度指标并具有一定效果": Decimal(5),
}  # 效益 rows: 7.5 points


def build(n_projects: int, seed: int = 6) -> tuple[Plan, Actuals]:
    """A plan of ``n_projects`` projects × 10 indicators and matching actuals, in memory."""
    rng = random.Random(seed)
    profile = load_profile("national")
    targets = [
        parse_target(t, level1=l1, level2=l2, year=2023, profile=profile)
        for l1, l2, _, t, _ in _ROWS
    ]
    projects: list[Project] = []
    reports: list[ProjectActuals] = []
    for n in range(n_projects):
        code = f"P{n:07d}"
        budget = Decimal(rng.randint(50, 5000))
        projects.append(
            Project(
                code=code,
                name=f"项目{n}",
                funds=Funds(
                    total=Money(budget, MoneyUnit.WAN),
                    lines=[FundLine("财政拨款", Money(budget, MoneyUnit.WAN))],
                ),
                indicators=[
                    Indicator(level1=l1, level2=l2, level3=l3, target=t)
                    for (l1, l2, l3, _, _), t in zip(_ROWS, targets, strict=True)
                ],
            )
        )
        spent = budget * Decimal(rng.randint(700, 1000)) / 1000
        rows = []
        for _, _, l3, _, gen in _ROWS:
            actual = gen(rng)
            rows.append(IndicatorActual(level3=l3, actual=actual, score=_SCORES.get(actual)))
        reports.append(
            ProjectActuals(
                code=code,
                funds=[
                    FundActual(
                        "财政拨款",
                        Money(budget, MoneyUnit.WAN),
                        Money(budget, MoneyUnit.WAN),
                        Money(spent, MoneyUnit.WAN),
                    )
                ],
                indicators=rows,
            )
        )
    return Plan(year=2023, department="基准部门", projects=projects), Actuals(
        projects=reports, year=2023
    )


_PLAN, _ACTUALS = build(PROJECTS)
_PROFILE = load_profile("national")
_NUMBERS = [
    (Decimal(rng_a), Decimal(rng_t), Decimal(9))
    for rng_a, rng_t in zip(
        (random.Random(1).randint(1, 1000) for _ in range(PROJECTS * INDICATORS)),
        (random.Random(2).randint(1, 1000) for _ in range(PROJECTS * INDICATORS)),
        strict=True,
    )
]


def subject() -> object:
    return evaluate_plan(_PLAN, _ACTUALS, _PROFILE)


def baseline() -> object:
    total = Decimal(0)
    for a, t, w in _NUMBERS:
        total += w if a >= t else a / t * w
    return total


def _report() -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    ev = subject()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    b0 = time.perf_counter()
    baseline()
    base = time.perf_counter() - b0
    rows = PROJECTS * INDICATORS
    rate = rows / elapsed
    grades = ev.department.distribution  # type: ignore[attr-defined]
    distinct = len({i.actual for p in _ACTUALS.projects for i in p.indicators})
    print(
        f"evaluate: {PROJECTS:,} projects × {INDICATORS} indicators in {elapsed:.2f} s wall "
        f"({cpu:.2f} s CPU) = {rate:,.0f} indicators/s; {elapsed / base:.1f}× the bare Decimal "
        f"arithmetic ({base:.2f} s); extrapolated to {FULL:,} projects: "
        f"{FULL * INDICATORS / rate:.1f} s (target < 10 s); {distinct:,} distinct actual texts; "
        f"grades {grades}"
    )


BENCHMARKS = [
    Benchmark(
        name=f"evaluate_{PROJECTS}x{INDICATORS}",
        subject=subject,
        baseline=baseline,
        baseline_name="bare Decimal arithmetic",
        units=PROJECTS * INDICATORS,
        unit_name="indicators",
        repeat=1,
    )
]

if __name__ == "__main__":
    _report()

"""Target-value parsing throughput (指标值解析速度) over a realistic mix of ~1000 values.

The mix follows what filled-in 项目支出绩效目标表 contain: mostly percentages and counts with or
without comparator words, money, deadlines, some 是/否, qualitative wording, empty cells and
a little extraction damage; each value comes with its row's level-1/level-2 category.
Baseline: ``normalize()`` of the same strings (the text folding every parse starts with).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jixiao.domain.profile import load_profile
from jixiao.domain.text import normalize
from jixiao.domain.values import parse_target
from run import Benchmark

# (weight, level1, level2, template); {n} a count, {p} a percentage, {m} an amount, {y} a year
FORMS: list[tuple[int, str, str, str]] = [
    (12, "产出指标", "数量指标", "{n}个"),
    (6, "产出指标", "数量指标", "≥{n}人次"),
    (4, "产出指标", "数量指标", "不少于{n}家"),
    (3, "产出指标", "数量指标", "{n}万人"),
    (10, "产出指标", "质量指标", "{p}%"),
    (8, "产出指标", "质量指标", "≥{p}%"),
    (6, "产出指标", "质量指标", "{p}%以上"),
    (2, "产出指标", "质量指标", "＞＝{p}％"),
    (1, "产出指标", "质量指标", "2{p}%"),
    (8, "产出指标", "时效指标", "{y}年底"),
    (4, "产出指标", "时效指标", "{y}年12月31日前"),
    (3, "产出指标", "时效指标", "6月底前"),
    (2, "产出指标", "时效指标", "年内"),
    (1, "产出指标", "时效指标", "44561"),
    (1, "产出指标", "时效指标", "{y}.07-{y}.12"),
    (6, "产出指标", "成本指标", "≤{m}万元"),
    (3, "产出指标", "成本指标", "{m}元/亩"),
    (2, "产出指标", "成本指标", "{m},000.00"),
    (4, "效益指标", "经济效益指标", "{m}亿元"),
    (3, "效益指标", "社会效益指标", "{n}人"),
    (4, "效益指标", "社会效益指标", "显著提升"),
    (3, "效益指标", "社会效益指标", "有所提高"),
    (2, "效益指标", "生态效益指标", "否"),
    (2, "效益指标", "可持续影响指标", "长期"),
    (2, "效益指标", "可持续影响指标", "效果明显"),
    (10, "满意度指标", "服务对象满意度指标", "{p}%以上"),
    (4, "满意度指标", "服务对象满意度指标", "≥{p}%"),
    (2, "效益指标", "经济效益指标", "±3%以内"),
    (2, "产出指标", "质量指标", "80%-90%"),
    (4, "效益指标", "经济效益指标", ""),
    (1, "产出指标", "数量指标", "/"),
]


def make_mix(n: int = 1000, seed: int = 2023) -> list[tuple[str, str, str]]:
    rnd = random.Random(seed)
    weights = [f[0] for f in FORMS]
    out = []
    for form in rnd.choices(FORMS, weights=weights, k=n):
        _, l1, l2, tpl = form
        text = tpl.format(
            n=rnd.randint(1, 5000),
            p=rnd.choice([80, 85, 90, 95, 98, 100]),
            m=rnd.randint(1, 999),
            y=rnd.choice([2022, 2023, 2024]),
        )
        out.append((text, l1, l2))
    return out


MIX = make_mix()
PROFILE = load_profile()


def parse_all() -> None:
    for text, l1, l2 in MIX:
        parse_target(text, level1=l1, level2=l2, year=2023, profile=PROFILE)


def normalize_all() -> None:
    for text, _, _ in MIX:
        normalize(text)


BENCHMARKS = [
    Benchmark(
        name="values.parse_target",
        subject=parse_all,
        baseline=normalize_all,
        baseline_name="normalize()",
        units=len(MIX),
        unit_name="values",
    ),
]

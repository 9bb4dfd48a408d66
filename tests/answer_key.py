"""The seed's answer key (shared/fixtures/…expected.json) as a Plan, for tests of every module.

The answer key says what a correct parse must recover; building the Plan from it lets the
review, monitoring and evaluation tests run on the seed's real content independently of the
text ingester (whose own tests compare its output with the same key).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.domain.model import (
    Checkpoint,
    FundLine,
    Funds,
    Indicator,
    Measure,
    Plan,
    Project,
    SubGoal,
)
from jixiao.domain.money import Money, MoneyUnit

# shared/ lies beside the checkout (in development and in CI); JIXIAO_SHARED overrides.
SHARED = Path(os.environ.get("JIXIAO_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED_TEXT = SHARED / "seed" / "000_bf5cb89b1d3e99b6.txt"
ANSWER_KEY = SHARED / "fixtures" / "000_bf5cb89b1d3e99b6.expected.json"

_MONTHS = {"3月底": 3, "6月底": 6, "9月底": 9, "10月底": 10, "12月底": 12}


def load_answer_key() -> dict[str, Any]:
    key: dict[str, Any] = json.loads(ANSWER_KEY.read_text(encoding="utf-8"), parse_float=Decimal)
    return key


def plan_from_answer_key(year: int = 2023) -> Plan:
    """The seed plan exactly as the answer key states it, targets parsed by the value grammar."""
    from jixiao.domain.values import basis_code, parse_target

    key = load_answer_key()
    projects = []
    for p in key["projects"]:
        indicators = [
            Indicator(
                level1=i["level1"],
                level2=i["level2"],
                level3=i["level3"],
                description=i["description"],
                target=parse_target(i["target"], level1=i["level1"], level2=i["level2"], year=year),
                basis=i["basis"],
                basis_code=basis_code(i["basis"]),
            )
            for i in p["indicators"]
        ]
        budget = Money(Decimal(p["budget_wan"]), MoneyUnit.WAN)
        projects.append(
            Project(
                code=p["code"],
                name=p["name"],
                funds=Funds(
                    total=budget,
                    lines=[FundLine("财政拨款", Money(Decimal(p["fiscal_wan"]), MoneyUnit.WAN))],
                ),
                purpose=p["purpose"],
                spending_plan=[
                    Checkpoint(label, _MONTHS[label], Decimal(pct))
                    for label, pct in p["spending_plan"].items()
                ],
                goal=p["goal"],
                indicators=indicators,
            )
        )
    return Plan(
        year=year,
        overall_goal=key["overall_goal_starts_with"] + "…" + key["overall_goal_ends_with"],
        sub_goals=[
            SubGoal(title=g["title"], goal=g["goal"], indicators=list(g["indicators"]))
            for g in key["sub_goals"]
        ],
        measures=[Measure(title=m) for m in key["measures"]],
        projects=projects,
    )

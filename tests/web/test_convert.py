"""Rows ⇄ domain Plan: what is stored is exactly what the core sees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from answer_key import plan_from_answer_key
from jixiao.domain import jsonio
from jixiao.web.plans.convert import plan_to_domain, store_domain_plan
from jixiao.web.plans.models import Indicator, Plan, Project


def _comparable(d: dict[str, Any]) -> dict[str, Any]:
    # The plan's department/unit come from the organisation tree, not from the document.
    d = dict(d)
    d.pop("department")
    d.pop("unit")
    return d


def test_seed_plan_round_trips_through_the_database(world: Any) -> None:
    original = plan_from_answer_key()
    original.source_file = "000_bf5cb89b1d3e99b6.txt"
    plan = Plan.objects.create(organisation=world.a, year=2023)
    store_domain_plan(plan, original)

    back = plan_to_domain(Plan.objects.get(pk=plan.pk))

    assert _comparable(jsonio.plan_to_dict(back)) == _comparable(jsonio.plan_to_dict(original))
    assert back.department == "部门A" and back.unit is None


def test_unit_plan_names_department_and_unit(world: Any) -> None:
    plan = Plan.objects.create(organisation=world.a1, year=2023)
    back = plan_to_domain(plan)
    assert (back.department, back.unit) == ("部门A", "单位A1")


def test_decimals_come_back_without_padding(world: Any) -> None:
    original = plan_from_answer_key()
    plan = Plan.objects.create(organisation=world.a, year=2023)
    store_domain_plan(plan, original)
    stored = Project.objects.get(plan=plan, code="103001002")
    # the database pads to six places; the domain gets the number as written: 8000 万元
    assert stored.budget_amount == Decimal("8000")
    project = plan_to_domain(plan).project("103001002")
    assert project.funds.total is not None
    assert str(project.funds.total) == "8000万元"
    assert [str(c.percent) for c in project.spending_plan] == ["10", "50", "80", "100"]


def test_targets_keep_raw_text_and_parse(world: Any) -> None:
    plan = Plan.objects.create(organisation=world.a, year=2023)
    store_domain_plan(plan, plan_from_answer_key())
    row = Indicator.objects.get(project__code="103001001", level3="预算资金完成率")
    assert row.target_raw == "90%以上"
    assert row.target_display == "≥ 90 %"
    assert row.target is not None and row.target["comparator"] == "≥"

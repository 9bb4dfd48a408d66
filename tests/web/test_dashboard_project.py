"""The project dashboard: cumulative spending against the spending plan, indicator progress
with lights, the core's findings and the self-evaluation, each chart with its table."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from jixiao.web.cycle import summaries

from .test_cycle_support import approved_plan, confirm_ledger, open_round

pytestmark = pytest.mark.django_db


def chart(page: str, name: str) -> dict[str, Any]:
    m = re.search(rf'<script id="{name}-data" type="application/json">(.*?)</script>', page, re.S)
    assert m, f"no data block for {name}"
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def test_project_page_charts_and_tables(world: Any, login: Any) -> None:
    plan = approved_plan(world.a1)
    project = plan.projects.get()
    rnd = open_round(plan, world.users["finance"])
    confirm_ledger(
        rnd,
        world.users["unit_filler"],
        [("2023-02-10", "P001", "300000"), ("2023-05-20", "P001", "150000")],
    )
    ids = list(project.indicators.order_by("position").values_list("pk", flat=True))
    client = login("unit_filler")
    client.post(
        f"/monitoring/{rnd.pk}/projects/{project.pk}/",
        {"lock_version": "1", f"row-{ids[0]}-value": "14", f"row-{ids[2]}-value": "90%"},
    )
    page = client.get(f"/dashboard/projects/{project.pk}/").content.decode()
    spending = chart(page, "chart-spending")
    assert spending["title"]["text"] == "累计支出与支出计划 (万元)"
    spent, planned = (s["data"] for s in spending["series"])
    # cumulative: Feb 30, May 45 万元; plan: 150 × 50% at June = 75, 150 × 25% at March = 37.5
    assert (spent[0], spent[1], spent[4], spent[6], spent[7]) == (0.0, 30.0, 45.0, 45.0, None)
    assert (planned[2], planned[5], planned[11]) == (37.5, 75.0, 150.0)
    assert 'id="kpi-rate">30.00%<' in page  # 45 / 150

    indicators = chart(page, "chart-indicators")
    bars = indicators["series"][0]["data"]
    # 签约项目 v = 14 / (15 × 7/12) × 100 = 160 → blue (≥ 120: the target may be too low);
    # 促进经济增长 has no target → 无; 满意度 90 / 95 × 100 = 94.74 → green
    assert indicators["yAxis"]["data"] == ["签约项目", "促进经济增长", "投资者满意度"]
    assert [b["value"] for b in bars] == [160.0, None, 94.74]
    assert [b["itemStyle"]["color"] for b in bars] == ["#2e90fa", "#98a2b3", "#12b76a"]
    assert 'id="table-spending"' in page and 'id="table-indicators"' in page

    findings = summaries.review_findings(plan)["projects"][str(project.pk)]["rows"]
    assert findings, "the small plan has an empty target: the core reports it"
    assert page.count("data-check=") == len(findings)


def test_project_page_without_monitoring(world: Any, login: Any) -> None:
    plan = approved_plan(world.a1)
    page = login("auditor").get(f"/dashboard/projects/{plan.projects.get().pk}/").content.decode()
    assert "尚未开启运行监控" in page and "chart-spending" not in page
    assert (
        login("other_filler").get(f"/dashboard/projects/{plan.projects.get().pk}/").status_code
        == 403
    )

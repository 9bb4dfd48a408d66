"""Dashboards: the department overview (budget, execution against time and plan, lights,
review grades, self-evaluation grades) and the project page, with their chart data and table
fallbacks; the cache of the core's results is refreshed when the data changes.

部门A has two unit plans, each the small plan (one project of 150 万元, spending plan
6月底 50% / 12月底 100%): 单位A1's P001 spent 30 万元 by July, 单位A2's Q001 90 万元.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from jixiao.web.cycle import monitoring, summaries
from jixiao.web.cycle.models import SelfEvaluation

from .test_cycle_support import approved_plan, confirm_ledger, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(world: Any) -> dict[str, Any]:
    finance = world.users["finance"]
    p1 = approved_plan(world.a1)
    p2 = approved_plan(world.a2, code_prefix="Q")
    r1, r2 = open_round(p1, finance), open_round(p2, finance)
    confirm_ledger(r1, finance, [("2023-03-10", "P001", "300000")])
    confirm_ledger(r2, finance, [("2023-03-10", "Q001", "900000")])
    return {"plans": (p1, p2), "rounds": (r1, r2)}


def chart(page: str, name: str) -> dict[str, Any]:
    m = re.search(rf'<script id="{name}-data" type="application/json">(.*?)</script>', page, re.S)
    assert m, f"no data block for {name}"
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def test_department_overview_sums_money_and_shows_the_core_s_lights(
    world: Any, login: Any, department: dict[str, Any]
) -> None:
    page = login("dept_reviewer").get(f"/dashboard/departments/{world.a.pk}/").content.decode()
    # budget 150 + 150 = 300 万元; spent 30 + 90 = 120 万元; 执行率 120 / 300 = 40.00%
    assert 'id="kpi-budget">300<' in page
    assert 'id="kpi-spent">120<' in page
    assert 'id="kpi-rate">40.00%<' in page
    assert 'id="kpi-time">58.33%<' in page  # 7/12
    # both plans plan 50 + 50 × 1/6 = 58.33% by the end of July: weighted, still 58.33%
    assert 'id="kpi-planned">58.33%<' in page
    # P001: r = 20 / 58.33 × 100 = 34.29 → red; Q001: r = 60 / 58.33 × 100 = 102.86 → green
    assert re.search(r'<tr class="row-red"><td>\d+</td><td>P001</td>', page)
    assert re.search(r'<tr class="row-green"><td>\d+</td><td>Q001</td>', page)
    assert 'data-light-count="red">1<' in page and 'data-light-count="green">1<' in page

    progress = chart(page, "chart-progress")
    assert progress["title"]["text"] == "部门累计支出进度与时序进度、支出计划"
    assert progress["xAxis"]["data"][6] == "7月"
    spent, planned, time = (s["data"] for s in progress["series"])
    # March: 120 / 300 = 40%; July plan: 50 + 50 × 1/6 = 58.33% for both projects
    assert (spent[2], spent[6], spent[7]) == (40.0, 40.0, None)
    assert planned[6] == 58.33 and time[6] == 58.33
    assert [s["name"] for s in progress["series"]] == ["累计支出进度", "支出计划进度", "时序进度"]
    # every chart has its table (accessible fallback)
    for name in ("progress", "lights", "review", "evaluation", "plans"):
        assert f'id="table-{name}"' in page
    lights = chart(page, "chart-lights")
    assert lights["xAxis"]["data"][:2] == ["红灯", "黄灯"]
    assert [d["value"] for d in lights["series"][0]["data"]][:4] == [1, 0, 0, 1]


def test_review_and_self_evaluation_grades(
    world: Any, login: Any, department: dict[str, Any]
) -> None:
    p1, p2 = department["plans"]
    SelfEvaluation.objects.create(
        plan=p1,
        project=p1.projects.get(),
        status="confirmed",
        computed_total=Decimal("95"),
        computed_grade="优",
        final_total=Decimal("88"),
        final_grade="良",
    )
    page = login("finance").get(f"/dashboard/departments/{world.a.pk}/?year=2023").content.decode()
    evaluation = chart(page, "chart-evaluation")
    assert evaluation["title"]["text"] == "绩效自评等级分布"
    values = [d["value"] for d in evaluation["series"][0]["data"]]
    counts = dict(zip(evaluation["xAxis"]["data"], values, strict=True))
    # the confirmed (reviewer's) grade counts, not the computed one
    assert counts == {"优": 0, "良": 1, "中": 0, "差": 0, "未自评": 1}
    review = chart(page, "chart-review")
    expected: dict[str, int] = {}
    for plan in (p1, p2):
        for g in summaries.review_summary(plan)["projects"].values():
            expected[g["grade"]] = expected.get(g["grade"], 0) + 1
    values = [d["value"] for d in review["series"][0]["data"]]
    shown = dict(zip(review["xAxis"]["data"], values, strict=True))
    assert {k: v for k, v in shown.items() if v} == expected
    assert sum(shown.values()) == 2


def test_one_plan_shows_the_core_s_department_figures(world: Any, login: Any) -> None:
    plan = approved_plan(world.a1, projects=3)
    rnd = open_round(plan, world.users["finance"])
    confirm_ledger(
        rnd,
        world.users["finance"],
        [
            ("2023-02-01", "P001", "500000"),
            ("2023-05-01", "P002", "250000"),
            ("2023-06-01", "P003", "1"),
        ],
    )
    report, _ = monitoring.round_report(rnd)
    core_rate = monitoring.report_dict(report)["department"]["execution_rate"]
    page = login("unit_filler").get(f"/dashboard/departments/{world.a.pk}/").content.decode()
    assert f'id="kpi-rate">{core_rate}%<' in page
    # (50 + 25 + 0.0001) / 450 = 16.67%
    assert str(core_rate) == "16.67"


def test_the_cache_is_used_and_refreshed_when_data_change(
    world: Any, login: Any, department: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    reviews: list[int] = []
    real, real_review = summaries._summarise_round, summaries._review

    def counting(rnd: Any) -> Any:
        calls.append(rnd.pk)
        return real(rnd)

    def counting_review(plan: Any) -> Any:
        reviews.append(plan.pk)
        return real_review(plan)

    monkeypatch.setattr(summaries, "_summarise_round", counting)
    monkeypatch.setattr(summaries, "_review", counting_review)
    client = login("dept_reviewer")
    url = f"/dashboard/departments/{world.a.pk}/"
    client.get(url)
    first = len(calls)
    client.get(url)
    assert len(calls) == first  # served from the cache
    r1 = department["rounds"][0]
    project = department["plans"][0].projects.get()
    ids = list(project.indicators.order_by("position").values_list("pk", flat=True))
    login("unit_filler").post(
        f"/monitoring/{r1.pk}/projects/{project.pk}/",
        {"lock_version": "1", f"row-{ids[0]}-value": "2"},  # v = 2 / 8.75 = 22.86 → red
    )
    calls.clear()
    reviews.clear()
    page = login("dept_reviewer").get(url).content.decode()
    assert calls == [r1.pk]  # only the changed plan's round was computed again
    assert reviews == []  # progress does not change the targets: the review is kept
    lights = chart(page, "chart-lights")
    assert lights["series"][0]["data"][0]["value"] == 1  # 红灯
    # a change of the plan's content invalidates both (an indicator edited through the API)
    from jixiao.web.api.models import ApiToken

    p1 = department["plans"][0]
    p1.status = "draft"  # content can only change in a draft
    p1.save()
    calls.clear()
    login("dept_reviewer").get(url)
    assert calls == [r1.pk] and reviews == [p1.pk]  # (the plan's state is in the fingerprint)
    calls.clear()
    reviews.clear()
    _, raw = ApiToken.issue(world.users["unit_filler"], "t")
    r = login("unit_filler").patch(
        f"/api/v1/indicators/{ids[2]}",
        {"project_lock_version": project.lock_version, "target_raw": "99%以上"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert r.status_code == 200
    login("dept_reviewer").get(url)
    assert calls == [r1.pk] and reviews == [p1.pk]


def test_other_departments_are_refused(world: Any, login: Any, department: dict[str, Any]) -> None:
    assert login("other_filler").get(f"/dashboard/departments/{world.a.pk}/").status_code == 403
    assert login("admin").get(f"/dashboard/departments/{world.a.pk}/").status_code == 403
    # a unit filler sees its own unit's plan only
    page = login("unit_filler").get(f"/dashboard/departments/{world.a.pk}/").content.decode()
    assert "P001" in page and "Q001" not in page
    assert 'id="kpi-spent">30<' in page


def test_dashboard_home_sends_users_to_their_department(world: Any, login: Any) -> None:
    approved_plan(world.a1)
    r = login("dept_reviewer").get("/dashboard/")
    assert r.status_code == 302 and r["Location"] == f"/dashboard/departments/{world.a.pk}/"
    page = login("auditor").get("/dashboard/").content.decode()
    assert f"/dashboard/departments/{world.a.pk}/" in page

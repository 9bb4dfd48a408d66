"""API: plans, projects, indicators and findings — reads, writes through the same rules as the
pages (editable states, optimistic locking, the core's parsing), pagination, JSON errors."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.web.api.models import ApiToken
from jixiao.web.audit.models import AuditEvent
from jixiao.web.plans.models import Indicator, Plan, Project

from .test_cycle_support import approved_plan

pytestmark = pytest.mark.django_db


class Api:
    """A test client speaking JSON with a user's token."""

    def __init__(self, client: Any, user: Any):
        _, raw = ApiToken.issue(user, "test")
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params, **self.headers)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        call = getattr(self.client, method)
        return call("/api/v1" + path, body, content_type="application/json", **self.headers)


@pytest.fixture
def api(world: Any, client: Any) -> Any:
    return lambda key: Api(client, world.users[key])


def test_lists_are_paginated_and_scoped_to_the_user(world: Any, api: Any, make_plan: Any) -> None:
    for org in (world.a, world.a1, world.a2, world.b, world.b1):
        make_plan(org)
    finance = api("finance")
    r = finance.get("/plans", page_size=2)
    body = r.json()
    assert (body["count"], body["page"], body["page_size"], len(body["items"])) == (5, 1, 2, 2)
    assert len(finance.get("/plans", page=3, page_size=2).json()["items"]) == 1
    assert finance.get("/plans", page=4, page_size=2).json()["items"] == []
    names = {p["organisation"] for p in api("dept_reviewer").get("/plans").json()["items"]}
    assert names == {"部门A", "单位A1", "单位A2"}
    assert [p["organisation"] for p in api("unit_filler").get("/plans").json()["items"]] == [
        "单位A1"
    ]
    assert api("admin").get("/plans").json()["count"] == 0  # 三员分立
    r = finance.get("/plans", page_size=500)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "page_size"]


def test_plan_patch_uses_the_lock_and_the_workflow(world: Any, api: Any, make_plan: Any) -> None:
    plan = make_plan(world.a1)
    filler = api("unit_filler")
    r = filler.send(
        "patch", f"/plans/{plan.pk}", {"lock_version": 1, "overall_goal": "新的总体目标"}
    )
    assert r.status_code == 200
    assert (r.json()["overall_goal"], r.json()["lock_version"]) == ("新的总体目标", 2)
    r = filler.send("patch", f"/plans/{plan.pk}", {"lock_version": 1, "overall_goal": "覆盖"})
    assert r.status_code == 409
    assert r.json()["detail"][0]["loc"] == ["body", "lock_version"]
    assert Plan.objects.get(pk=plan.pk).overall_goal == "新的总体目标"
    approved = approved_plan(world.a1, year=2024)
    r = filler.send("patch", f"/plans/{approved.pk}", {"lock_version": 1, "overall_goal": "x"})
    assert r.status_code == 409 and "已批复" in r.json()["message"]
    # out of scope: 403, audited like a page
    r = api("other_filler").send(
        "patch", f"/plans/{plan.pk}", {"lock_version": 2, "overall_goal": "x"}
    )
    assert r.status_code == 403
    denied = AuditEvent.objects.filter(action="denied").latest("id")
    assert denied.actor_username == "other_filler" and denied.plan_id == plan.pk
    r = filler.send("patch", f"/plans/{plan.pk}", {"lock_version": 2, "overall_goal": "a\x00b"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "overall_goal"]
    assert "NUL" in r.json()["detail"][0]["msg"]


def test_projects_and_indicators_are_written_like_the_pages(
    world: Any, api: Any, make_plan: Any
) -> None:
    plan = make_plan(world.a1)
    filler = api("unit_filler")
    r = filler.send(
        "post",
        f"/plans/{plan.pk}/projects",
        {"code": "P001", "name": "重复", "budget_amount": "10", "budget_unit": "万元"},
    )
    assert r.status_code == 422
    assert r.json()["detail"] == [
        {"loc": ["body", "code"], "msg": "项目编码 P001 在本计划中已存在。", "type": "value_error"}
    ]
    r = filler.send(
        "post",
        f"/plans/{plan.pk}/projects",
        {"code": "P900", "name": "新项目", "budget_amount": 12.5, "budget_unit": "万元"},
    )
    assert r.status_code == 201
    project = r.json()
    assert (project["code"], project["budget_amount"], project["lock_version"]) == (
        "P900",
        "12.5",
        1,
    )

    r = filler.send(
        "post",
        f"/projects/{project['id']}/indicators",
        {
            "project_lock_version": 1,
            "level1": "产出指标",
            "level2": "数量指标",
            "level3": "培训人次",
            "target_raw": "300人次以上",
        },
    )
    assert r.status_code == 201
    ind = r.json()
    assert ind["parsed"]["kind"] == "quantitative" and ind["parsed"]["comparator"] == "≥"
    assert ind["parsed"]["normalized_value"] == "300"
    # the indicator write claimed the project's version (optimistic lock)
    r = filler.send(
        "patch", f"/indicators/{ind['id']}", {"project_lock_version": 1, "target_raw": "≤5万元"}
    )
    assert r.status_code == 409
    r = filler.send(
        "patch", f"/indicators/{ind['id']}", {"project_lock_version": 2, "target_raw": "≤5万元"}
    )
    assert r.status_code == 200
    assert r.json()["parsed"]["normalized_value"] == "50000"
    assert Indicator.objects.get(pk=ind["id"]).target_display
    events = AuditEvent.objects.filter(object_type="indicator", object_id=str(ind["id"])).order_by(
        "id"
    )
    assert [e.action for e in events] == ["create", "update"]
    assert (
        events[1].before["target_raw"] == "300人次以上"
        and events[1].after["target_raw"] == "≤5万元"
    )

    page = filler.get(f"/projects/{project['id']}/indicators").json()
    assert page["count"] == 1 and page["items"][0]["target_raw"] == "≤5万元"
    assert (
        filler.send("delete", f"/indicators/{ind['id']}?project_lock_version=3").status_code == 204
    )
    assert not Indicator.objects.filter(pk=ind["id"]).exists()

    r = filler.send("patch", f"/projects/{project['id']}", {"lock_version": 4, "name": "改名"})
    assert r.status_code == 200 and r.json()["name"] == "改名" and r.json()["code"] == "P900"
    assert filler.send("delete", f"/projects/{project['id']}").status_code == 204
    assert not Project.objects.filter(pk=project["id"]).exists()
    # a reviewer may read but not write
    assert api("dept_reviewer").get(f"/plans/{plan.pk}/projects").status_code == 200
    assert (
        api("dept_reviewer").send("delete", f"/projects/{plan.projects.first().pk}").status_code
        == 403
    )


def test_findings_are_the_core_s_review(world: Any, api: Any, make_plan: Any) -> None:
    from jixiao.web.plans import convert, core

    plan = make_plan(world.a1, projects=2)
    report = core.review(convert.plan_to_domain(plan), plan.profile)
    r = api("auditor").get(f"/plans/{plan.pk}/findings", page_size=200).json()
    assert r["count"] == len(report.findings)
    assert r["grade"] == report.plan_grade.grade.value
    first = plan.projects.order_by("position").first()
    only = api("auditor").get(f"/plans/{plan.pk}/findings", project_id=first.pk).json()
    assert only["count"] == len(report.project_findings(1))
    assert {f["project_id"] for f in only["items"]} == {first.pk}
    errors = api("auditor").get(f"/plans/{plan.pk}/findings", severity="error").json()
    assert all(f["severity"] == "error" for f in errors["items"])
    assert api("other_filler").get(f"/plans/{plan.pk}/findings").status_code == 403
    assert api("auditor").get("/plans/999999/findings").status_code == 404

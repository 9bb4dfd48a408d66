"""Editing projects, indicators, sub-goals and measures: core re-parsing, audit before/after,
optimistic locking (the second of two concurrent saves is refused, nothing is lost)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from jixiao.web.audit.models import AuditEvent
from jixiao.web.plans.models import Indicator, Measure, Project

from .conftest import project_form_data


def test_edit_target_reparses_with_core_and_audits(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    project = plan.projects.get()
    client = login("unit_filler")
    data = project_form_data(project, indicators={1: {"target_raw": "增长5%以上"}})
    r = client.post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    row = Indicator.objects.get(project=project, level3="促进经济增长")
    assert row.target_raw == "增长5%以上"
    assert row.target is not None
    assert (row.target["kind"], row.target["comparator"]) == ("quantitative", "≥")
    assert row.target_display == "≥ 5 %"
    event = AuditEvent.objects.get(action="update", object_type="indicator", object_id=str(row.pk))
    assert event.before is not None and event.after is not None
    assert (event.before["target_raw"], event.after["target_raw"]) == ("", "增长5%以上")
    assert event.actor_username == "unit_filler" and event.plan_id == plan.pk
    # untouched rows are not rewritten and not logged
    assert AuditEvent.objects.filter(action="update", object_type="indicator").count() == 1


def test_add_and_delete_indicator_rows(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    project = plan.projects.get()
    data = project_form_data(
        project,
        new_indicators=[
            {
                "level1": "产出指标",
                "level2": "时效指标",
                "level3": "完成时间",
                "target_raw": "2023年底",
            }
        ],
    )
    data["indicators-0-DELETE"] = "on"
    r = login("unit_filler").post(f"/projects/{project.pk}/edit/", data)
    assert r.status_code == 302
    names = list(project.indicators.order_by("position").values_list("level3", flat=True))
    assert names == ["促进经济增长", "投资者满意度", "完成时间"]
    added = project.indicators.get(level3="完成时间")
    assert added.target is not None and added.target["deadline"] == "2023-12-31"
    assert AuditEvent.objects.filter(action="delete", object_type="indicator").count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="indicator").count() == 1


def test_project_fields_and_funds_are_audited(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    project = plan.projects.get()
    data = project_form_data(project, name="招商费用 (调整名称)", budget_amount="160")
    data["funds-0-amount"] = "160"
    assert login("unit_filler").post(f"/projects/{project.pk}/edit/", data).status_code == 302
    event = AuditEvent.objects.get(action="update", object_type="project")
    assert event.before["name"] == "项目1" and event.after["name"] == "招商费用 (调整名称)"
    assert event.before["fund_lines"][0]["amount"] == "150.000000"
    assert event.after["fund_lines"][0]["amount"] == "160.000000"


def test_duplicate_project_code_is_refused(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1, projects=2)
    second = plan.projects.get(code="P002")
    data = project_form_data(second, code="P001")
    r = login("unit_filler").post(f"/projects/{second.pk}/edit/", data)
    assert r.status_code == 200
    assert "项目编码 P001 在本计划中已存在" in r.content.decode()


def test_second_of_two_concurrent_saves_is_refused_and_keeps_input(
    world: Any, make_plan: Any
) -> None:
    plan = make_plan(world.a1)
    project = plan.projects.get()
    # two browser windows open the same project at the same version
    first, second = Client(), Client()
    first.force_login(world.users["unit_filler"])
    second.force_login(world.users["unit_filler"])
    data_first = project_form_data(project, name="第一个窗口的名称")
    data_second = project_form_data(project, purpose="第二个窗口写的用途")

    assert first.post(f"/projects/{project.pk}/edit/", data_first).status_code == 302
    r = second.post(f"/projects/{project.pk}/edit/", data_second)

    assert r.status_code == 200
    page = r.content.decode()
    assert "保存未成功" in page and "unit_filler" in page
    assert "第二个窗口写的用途" in page  # the refused input is shown again, not lost
    project.refresh_from_db()
    assert project.name == "第一个窗口的名称"
    assert project.purpose == "用途"  # the second save did not overwrite anything
    assert project.lock_version == 2
    # the re-shown form is based on the new version: saving it again now succeeds
    assert 'name="lock_version" value="2"' in page
    retry = project_form_data(project, purpose="第二个窗口写的用途")
    assert second.post(f"/projects/{project.pk}/edit/", retry).status_code == 302
    project.refresh_from_db()
    assert (project.name, project.purpose) == ("第一个窗口的名称", "第二个窗口写的用途")


def test_concurrent_measure_progress(world: Any, make_plan: Any) -> None:
    plan = make_plan(world.a1)
    measure = plan.measures.get()
    one, two = Client(), Client()
    one.force_login(world.users["unit_filler"])
    two.force_login(world.users["unit_filler"])
    base = {"status": "in_progress", "lock_version": measure.lock_version}
    assert (
        one.post(f"/measures/{measure.pk}/progress/", {**base, "owner": "张三"}).status_code == 302
    )
    r = two.post(f"/measures/{measure.pk}/progress/", {**base, "owner": "李四"})
    assert r.status_code == 200 and "保存未成功" in r.content.decode()
    measure.refresh_from_db()
    assert measure.owner == "张三"


def test_live_findings_review_the_form_as_typed(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    project = plan.projects.get()
    client = login("unit_filler")
    url = f"/plans/{plan.pk}/live-findings/?project={project.pk}"

    before = client.post(url, project_form_data(project)).json()
    checks = {(f["check"], f["row"]) for f in before["findings"]}
    assert ("empty-target", 2) in checks

    typed = project_form_data(project, indicators={1: {"target_raw": "5%以上"}})
    after = client.post(url, typed).json()
    assert ("empty-target", 2) not in {(f["check"], f["row"]) for f in after["findings"]}
    # nothing was saved
    assert Indicator.objects.get(project=project, level3="促进经济增长").target_raw == ""


def test_live_findings_for_a_new_project(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    data = {
        "code": "N1",
        "name": "新项目",
        "budget_unit": "万元",
        "funds-TOTAL_FORMS": 0,
        "funds-INITIAL_FORMS": 0,
        "checkpoints-TOTAL_FORMS": 0,
        "checkpoints-INITIAL_FORMS": 0,
        "indicators-TOTAL_FORMS": 1,
        "indicators-INITIAL_FORMS": 0,
        "indicators-0-level1": "产出指标",
        "indicators-0-level2": "数量指标",
        "indicators-0-level3": "培训人次",
        "indicators-0-target_raw": "",
    }
    result = login("unit_filler").post(f"/plans/{plan.pk}/live-findings/", data).json()
    assert result["count"] == len(result["findings"]) > 0
    assert any(f["check"] == "empty-target" and f["row"] == 1 for f in result["findings"])
    assert not Project.objects.filter(code="N1").exists()


def test_parse_target_api_shows_core_reading(world: Any, login: Any) -> None:
    client = login("unit_filler")
    d = client.get(
        "/api/parse-target/", {"raw": "90%以上", "level1": "产出指标", "level2": "质量指标"}
    ).json()
    assert (d["display"], d["kind"], d["comparator_source"]) == (
        "≥ 90 %",
        "quantitative",
        "explicit",
    )
    d = client.get("/api/parse-target/", {"raw": "15个", "level2": "数量指标"}).json()
    # no comparator word: the profile's default for 数量指标 (≥), and the page says so
    assert (d["comparator"], d["comparator_source"], d["display"]) == ("≥", "default", "≥ 15 个")
    d = client.get("/api/parse-target/", {"raw": "2023年底", "level2": "时效指标"}).json()
    assert (d["kind"], d["deadline"]) == ("time", "2023-12-31")
    assert client.get("/api/parse-target/", {"raw": ""}).json()["kind"] == "empty"


def test_parse_target_api_needs_login(client: Client, world: Any) -> None:
    assert client.get("/api/parse-target/", {"raw": "1"}).status_code == 302


def test_create_project_sub_goal_and_measure(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a)
    client = login("dept_filler")
    data = {
        "code": "103001003",
        "name": "会展费用",
        "budget_amount": "30",
        "budget_unit": "万元",
        "funds-TOTAL_FORMS": 1,
        "funds-INITIAL_FORMS": 0,
        "funds-0-source": "财政拨款",
        "funds-0-amount": "30",
        "funds-0-unit": "万元",
        "checkpoints-TOTAL_FORMS": 1,
        "checkpoints-INITIAL_FORMS": 0,
        "checkpoints-0-label": "12月底",
        "checkpoints-0-month": 12,
        "checkpoints-0-percent": "100",
        "indicators-TOTAL_FORMS": 1,
        "indicators-INITIAL_FORMS": 0,
        "indicators-0-level1": "产出指标",
        "indicators-0-level2": "数量指标",
        "indicators-0-level3": "展会场次",
        "indicators-0-target_raw": "不少于3场",
    }
    r = client.post(f"/plans/{plan.pk}/projects/new/", data)
    assert r.status_code == 302
    project = Project.objects.get(plan=plan, code="103001003")
    assert project.position == 1
    assert [str(c.percent) for c in project.checkpoints.all()] == ["100.0000"]
    assert project.indicators.get().target["comparator"] == "≥"

    r = client.post(
        f"/plans/{plan.pk}/subgoals/new/",
        {
            "title": "办好展会",
            "goal": "组织展会",
            "indicator_lines": "展会场次\n参展企业数",
            "projects": [project.pk],
            "targets-TOTAL_FORMS": 1,
            "targets-INITIAL_FORMS": 0,
            "targets-0-level3": "展会场次",
            "targets-0-target_raw": "3场",
        },
    )
    assert r.status_code == 302
    sub = plan.sub_goals.get(title="办好展会")
    assert sub.indicator_names == ["展会场次", "参展企业数"]
    assert list(sub.projects.all()) == [project]
    assert sub.targets.get().target_display == "3 场"

    r = client.post(
        f"/plans/{plan.pk}/measures/new/",
        {
            "title": "加强内部监督",
            "text": "内审",
            "owner": "王五",
            "status": "in_progress",
            "due_date": "2023-06-30",
        },
    )
    assert r.status_code == 302
    m = Measure.objects.get(plan=plan, title="加强内部监督")
    assert (m.owner, str(m.due_date)) == ("王五", "2023-06-30")
    created = set(AuditEvent.objects.filter(action="create").values_list("object_type", flat=True))
    assert {"project", "indicator", "subgoal", "measure"} <= created


def test_delete_project_is_audited_with_its_content(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    project = plan.projects.get()
    r = login("unit_filler").post(f"/projects/{project.pk}/delete/")
    assert r.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()
    event = AuditEvent.objects.get(action="delete", object_type="project")
    assert event.before["code"] == "P001"
    assert [i["level3"] for i in event.before["indicators"]] == [
        "签约项目",
        "促进经济增长",
        "投资者满意度",
    ]
    json.dumps(event.before)  # stored as plain JSON

"""The review workflow: draft → submitted → department review → finance review → approved,
returns with comments, grades, frozen targets, adjustments and the version history."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.domain import jsonio
from jixiao.web.audit.models import AuditEvent
from jixiao.web.plans import workflow
from jixiao.web.plans.models import (
    Adjustment,
    Event,
    Indicator,
    PlanStatus,
    PlanVersion,
    ReviewRecord,
)


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data)


def test_full_cycle_with_return_and_versions(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    filler = login("unit_filler")
    assert _post(filler, f"/plans/{plan.pk}/submit/", {"comment": "请审核"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    reviewer = login("dept_reviewer")
    r = _post(
        reviewer,
        f"/plans/{plan.pk}/review/department/",
        {"decision": "approve", "grade": "良", "comment": ""},
    )
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DEPT_APPROVED

    finance = login("finance")
    r = _post(
        finance,
        f"/plans/{plan.pk}/review/finance/",
        {"decision": "return", "grade": "中", "comment": "满意度指标请细化"},
    )
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    record = ReviewRecord.objects.filter(plan=plan, stage="finance").get()
    assert (record.decision, record.grade, record.comment) == ("return", "中", "满意度指标请细化")
    # the automatic findings at the time are kept next to the reviewer's grade
    assert record.findings["counts"]["error"] >= 1
    assert record.findings["suggested_grade"] in {"优", "良", "中", "差"}

    filler = login("unit_filler")
    page = filler.get(f"/plans/{plan.pk}/").content.decode()
    assert "满意度指标请细化" in page
    _post(filler, f"/plans/{plan.pk}/submit/", {"comment": "已修改"})
    _post(
        login("dept_reviewer"),
        f"/plans/{plan.pk}/review/department/",
        {"decision": "approve", "grade": "优"},
    )
    _post(
        login("finance"),
        f"/plans/{plan.pk}/review/finance/",
        {"decision": "approve", "grade": "优"},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_at is not None

    events = list(
        PlanVersion.objects.filter(plan=plan).order_by("number").values_list("event", flat=True)
    )
    assert events == [
        "import",
        Event.SUBMIT,
        Event.DEPT_APPROVE,
        Event.FINANCE_RETURN,
        Event.SUBMIT,
        Event.DEPT_APPROVE,
        Event.FINANCE_APPROVE,
    ]
    # every version is the whole plan in the interchange JSON
    last = PlanVersion.objects.filter(plan=plan).latest("number")
    assert jsonio.plan_from_json(last.snapshot).projects[0].code == "P001"
    transitions = AuditEvent.objects.filter(action="transition", plan_id=plan.pk)
    assert transitions.count() == 6
    assert transitions.filter(after__transition="finance_return").get().before == {
        "status": "dept_approved",
        "adjusting": False,
    }


def test_return_needs_a_comment(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a, status=PlanStatus.SUBMITTED)
    r = _post(
        login("dept_reviewer"),
        f"/plans/{plan.pk}/review/department/",
        {"decision": "return", "grade": "中", "comment": "  "},
    )
    assert r.status_code == 200
    assert "退回时请填写审核意见" in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("grade", ["中", "差"])
def test_grade_fair_or_poor_cannot_approve(
    world: Any, make_plan: Any, login: Any, grade: str
) -> None:
    plan = make_plan(world.a, status=PlanStatus.SUBMITTED)
    r = _post(
        login("dept_reviewer"),
        f"/plans/{plan.pk}/review/department/",
        {"decision": "approve", "grade": grade},
    )
    assert "不能通过" in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_review_outside_its_stage_is_refused(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a, status=PlanStatus.SUBMITTED)
    r = _post(
        login("finance"),
        f"/plans/{plan.pk}/review/finance/",
        {"decision": "approve", "grade": "优"},
    )
    assert r.status_code == 200
    assert "不能财政审核通过" in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_approved_targets_are_frozen(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1, status=PlanStatus.APPROVED)
    project = plan.projects.get()
    client = login("unit_filler")
    r = client.get(f"/projects/{project.pk}/edit/")
    assert r.status_code == 302
    r = client.post(
        f"/plans/{plan.pk}/edit/", {"lock_version": plan.lock_version, "overall_goal": "改"}
    )
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.overall_goal == "总体目标"
    follow = client.get(f"/plans/{plan.pk}/")
    assert "已批复的绩效目标已冻结" in follow.content.decode()


def test_submitted_plan_cannot_be_edited_even_by_a_stale_form(
    world: Any, make_plan: Any, login: Any
) -> None:
    plan = make_plan(world.a1)
    client = login("unit_filler")
    lock = plan.lock_version
    workflow.transition(plan, "submit", world.users["unit_filler"])
    client.post(f"/plans/{plan.pk}/edit/", {"lock_version": lock, "overall_goal": "迟到的修改"})
    plan.refresh_from_db()
    assert plan.overall_goal == "总体目标"


def test_adjustment_after_approval(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    filler_user = world.users["unit_filler"]
    for name, user, grade in (
        ("submit", filler_user, None),
        ("dept_approve", world.users["dept_reviewer"], "优"),
        ("finance_approve", world.users["finance"], "优"),
    ):
        workflow.transition(plan, name, user, grade=grade)
    approved_version = PlanVersion.objects.filter(plan=plan).latest("number")

    client = login("unit_filler")
    r = client.post(f"/plans/{plan.pk}/adjust/", {"reason": ""})
    assert r.status_code == 200  # a reason is required
    r = client.post(f"/plans/{plan.pk}/adjust/", {"reason": "上级追加任务, 签约项目目标提高"})
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.adjusting
    adjustment = Adjustment.objects.get(plan=plan)
    assert adjustment.base_version == approved_version
    assert adjustment.status == "open"

    # the adjustment edits a target, then goes through both reviews again
    row = Indicator.objects.get(project__plan=plan, level3="签约项目")
    row.target_raw = "20个"
    from jixiao.web.plans.convert import reparse_target

    reparse_target(row, plan)
    row.save()
    workflow.transition(plan, "submit", filler_user)
    workflow.transition(plan, "dept_approve", world.users["dept_reviewer"], grade="良")
    workflow.transition(plan, "finance_approve", world.users["finance"], grade="优")
    plan.refresh_from_db()
    adjustment.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and not plan.adjusting
    assert adjustment.status == "approved" and adjustment.final_version is not None

    # the history compares the approved version with the adjusted one
    page = client.get(
        f"/plans/{plan.pk}/versions/{adjustment.final_version.number}/"
        f"?against={approved_version.number}"
    ).content.decode()
    assert "15个" in page and "20个" in page
    history = client.get(f"/plans/{plan.pk}/history/").content.decode()
    assert "上级追加任务" in history
    # both approved versions stay in the history
    assert PlanVersion.objects.filter(plan=plan, event=Event.FINANCE_APPROVE).count() == 2


def test_adjustment_only_for_approved_plans(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    r = login("unit_filler").post(f"/plans/{plan.pk}/adjust/", {"reason": "x"})
    assert r.status_code == 200
    assert "不能申请调整" in r.content.decode()
    plan.refresh_from_db()
    assert not plan.adjusting


def test_version_json_download(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a)
    r = login("dept_filler").get(f"/plans/{plan.pk}/versions/1/?format=json")
    assert r["Content-Disposition"].startswith("attachment")
    data = jsonio.loads(r.content.decode())
    assert data["format"] == "jixiao.plan"
    assert [p["code"] for p in data["projects"]] == ["P001"]

"""API: monitoring rounds (ledger upload with preview, progress sheets, lights, rectification)
and self-evaluation (save, live score, submission, reviews), with JSON errors that locate the
offending field in the request."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.web.audit.models import AuditEvent
from jixiao.web.cycle.models import LedgerUpload, Rectification, SelfEvaluation

from .test_api_plans import Api
from .test_cycle_support import approved_plan, ledger_csv, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world: Any, client: Any) -> Any:
    return lambda key: Api(client, world.users[key])


@pytest.fixture
def monitored(world: Any) -> dict[str, Any]:
    plan = approved_plan(world.a1)
    rnd = open_round(plan, world.users["finance"])
    project = plan.projects.get()
    ids = list(project.indicators.order_by("position").values_list("pk", flat=True))
    return {"plan": plan, "round": rnd, "project": project, "ids": ids}


def test_round_ledger_sheet_and_lights(
    world: Any, api: Any, client: Any, monitored: dict[str, Any]
) -> None:
    rnd, project, ids = monitored["round"], monitored["project"], monitored["ids"]
    filler = api("unit_filler")
    upload = ledger_csv([("2023-03-01", "P001", "100000"), ("2023-02-30", "P001", "1")])
    r = client.post(
        f"/api/v1/monitoring-rounds/{rnd.pk}/ledger",
        {"file": upload},
        **filler.headers,
    )
    assert r.status_code == 201
    ledger = r.json()
    assert (ledger["status"], ledger["rows_counted"], ledger["total_yuan"]) == (
        "pending",
        1,
        "100000",
    )
    assert [(i["row"], i["kind"]) for i in ledger["issues"]] == [(3, "bad_date")]
    assert filler.get(f"/monitoring-rounds/{rnd.pk}").json()["department"]["spent_wan"] == "0"
    r = filler.send("post", f"/ledgers/{ledger['id']}/decision", {"action": "confirm"})
    assert r.json()["status"] == "active"
    assert (
        filler.send("post", f"/ledgers/{ledger['id']}/decision", {"action": "cancel"}).status_code
        == 409
    )

    summary = filler.get(f"/monitoring-rounds/{rnd.pk}").json()
    # 10 / 150 = 6.67%; r = 6.67 / 58.33 × 100 = 11.43 → red
    assert summary["department"]["execution_rate"] == "6.67"
    assert summary["counts"]["red"] == 1 and summary["round"]["ledger_file"] == "台账.csv"
    red = filler.get(f"/monitoring-rounds/{rnd.pk}/projects", light="red").json()
    assert [p["code"] for p in red["items"]] == ["P001"]
    assert filler.get(f"/monitoring-rounds/{rnd.pk}/projects", light="green").json()["count"] == 0

    body = {
        "lock_version": 0,
        "spending": {"reasons": {"经费保障": "资金拨付晚"}, "likelihood": 2},
        "rows": [
            {"indicator_id": ids[2], "value": "96%"},
            {"indicator_id": ids[0], "value": "很多", "likelihood": 1},
        ],
    }
    r = filler.send("put", f"/monitoring-rounds/{rnd.pk}/projects/{project.pk}", body)
    assert r.status_code == 422
    # the unreadable value is located in the request: the second row's value
    assert r.json()["detail"][0]["loc"] == ["body", "rows", 1, "value"]
    body["rows"][1]["value"] = "8"
    r = filler.send("put", f"/monitoring-rounds/{rnd.pk}/projects/{project.pk}", body)
    assert r.status_code == 200
    sheet = r.json()
    rows = {row["indicator_id"]: row for row in sheet["rows"]}
    assert (rows[ids[0]]["light"], rows[ids[0]]["likelihood"]) == ("green", 1)
    assert rows[ids[2]]["light"] == "green"
    assert sheet["spending_reasons"] == {"经费保障": "资金拨付晚"} and sheet["lock_version"] == 2
    # a stale version is refused
    body["lock_version"] = 1
    assert (
        filler.send("put", f"/monitoring-rounds/{rnd.pk}/projects/{project.pk}", body).status_code
        == 409
    )
    r = filler.send(
        "post", f"/monitoring-rounds/{rnd.pk}/projects/{project.pk}/submit", {"lock_version": 2}
    )
    assert r.status_code == 200 and r.json()["submitted_at"] is not None
    # a reviewer cannot fill
    assert (
        api("finance")
        .send("put", f"/monitoring-rounds/{rnd.pk}/projects/{project.pk}", body)
        .status_code
        == 403
    )


def test_rectification_and_round_status(world: Any, api: Any, monitored: dict[str, Any]) -> None:
    rnd, project = monitored["round"], monitored["project"]
    finance = api("finance")
    r = finance.send(
        "post",
        f"/monitoring-rounds/{rnd.pk}/rectifications",
        {"project_ids": [project.pk, 999999], "request": "加快执行"},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "project_ids", 1]
    r = finance.send(
        "post",
        f"/monitoring-rounds/{rnd.pk}/rectifications",
        {"project_ids": [project.pk], "request": "加快执行"},
    )
    assert r.status_code == 201 and r.json()[0]["status"] == "open"
    assert Rectification.objects.get().requested_by == world.users["finance"]
    assert (
        api("unit_filler").get(f"/monitoring-rounds/{rnd.pk}/rectifications").json()["count"] == 1
    )
    assert (
        api("unit_filler")
        .send(
            "post",
            f"/monitoring-rounds/{rnd.pk}/rectifications",
            {"project_ids": [project.pk], "request": "x"},
        )
        .status_code
        == 403
    )
    r = finance.send(
        "post", f"/monitoring-rounds/{rnd.pk}/status", {"lock_version": 1, "status": "closed"}
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = api("unit_filler").send(
        "put", f"/monitoring-rounds/{rnd.pk}/projects/{project.pk}", {"lock_version": 0}
    )
    assert r.status_code == 409 and "已结束" in r.json()["message"]
    # opening a round outside the plan year: 422 at the field
    r = finance.send(
        "post", f"/plans/{monitored['plan'].pk}/monitoring-rounds", {"as_of": "2022-12-31"}
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "as_of"]


def test_self_evaluation_through_the_api(world: Any, api: Any, monitored: dict[str, Any]) -> None:
    project, ids = monitored["project"], monitored["ids"]
    filler = api("unit_filler")
    body: dict[str, Any] = {
        "lock_version": 0,
        "outcome": "完成",
        "funds": [{"source": "财政拨款", "initial": "150", "adjusted": 150, "spent": "120"}],
        "rows": [
            {"indicator_id": ids[0], "actual": "12个"},
            {"indicator_id": ids[1], "actual": "达成年度指标", "score": 30},
            {"indicator_id": ids[2], "actual": "96%"},
        ],
    }
    score = filler.send("post", f"/projects/{project.pk}/evaluation/score", body).json()
    # 120 / 150 = 80% → 8; 12 / 15 × 50 = 40; 30; 10 → 88 良
    assert (score["total"], score["grade"], score["can_submit"]) == ("88", "良", False)
    assert {e["subject"] for e in score["explanations_missing"]} == {"预算执行率", "签约项目"}
    assert not SelfEvaluation.objects.exists()

    r = filler.send("put", f"/projects/{project.pk}/evaluation", body)
    assert r.status_code == 200
    ev = r.json()
    assert (ev["status"], ev["computed_total"], ev["lock_version"]) == ("draft", "88", 2)
    r = filler.send("post", f"/projects/{project.pk}/evaluation/submit", {"lock_version": 2})
    assert r.status_code == 409 and "签约项目" in r.json()["message"]

    body.update(lock_version=2, execution_reason="尾款跨年")
    body["rows"][0]["explanation"] = "两个项目推迟签约"
    body["funds"][0]["spent"] = "-5"
    r = filler.send("put", f"/projects/{project.pk}/evaluation", body)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "funds", 0, "spent"]
    body["funds"][0]["spent"] = "120"
    assert filler.send("put", f"/projects/{project.pk}/evaluation", body).status_code == 200
    assert (
        filler.send(
            "post", f"/projects/{project.pk}/evaluation/submit", {"lock_version": 3}
        ).json()["status"]
        == "submitted"
    )

    review = {
        "lock_version": 4,
        "stage": "department",
        "decision": "adjust",
        "score": "86.5",
        "reason": "",
    }
    dept = api("dept_reviewer")
    r = dept.send("post", f"/projects/{project.pk}/evaluation/review", review)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reason"]
    review["reason"] = "佐证不足"
    r = dept.send("post", f"/projects/{project.pk}/evaluation/review", review)
    assert r.status_code == 200
    assert (r.json()["final_total"], r.json()["final_grade"], r.json()["status"]) == (
        "86.5",
        "良",
        "dept_confirmed",
    )
    review.update(stage="finance", decision="confirm", lock_version=5)
    assert dept.send("post", f"/projects/{project.pk}/evaluation/review", review).status_code == 403
    r = api("finance").send("post", f"/projects/{project.pk}/evaluation/review", review)
    assert r.json()["status"] == "confirmed" and [x["decision"] for x in r.json()["reviews"]] == [
        "adjust",
        "confirm",
    ]
    assert SelfEvaluation.objects.get().final_total == Decimal("86.50")
    listed = api("auditor").get(f"/plans/{monitored['plan'].pk}/evaluations").json()["items"]
    assert listed[0]["final_grade"] == "良"
    assert AuditEvent.objects.filter(object_type="selfevaluation", action="transition").count() == 3


def test_ledger_upload_limits_and_unreadable_files(
    world: Any, api: Any, client: Any, monitored: dict[str, Any], settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    rnd = monitored["round"]
    headers = api("unit_filler").headers
    bad = SimpleUploadedFile("bad.csv", "甲,乙\n1,2\n".encode())
    r = client.post(f"/api/v1/monitoring-rounds/{rnd.pk}/ledger", {"file": bad}, **headers)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "file"]
    assert "bad.csv" in r.json()["message"]
    settings.JIXIAO_UPLOAD_MAX_MB = 0
    r = client.post(
        f"/api/v1/monitoring-rounds/{rnd.pk}/ledger",
        {"file": ledger_csv([("2023-01-01", "P001", "1")])},
        **headers,
    )
    assert r.status_code == 422 and "上限" in r.json()["detail"][0]["msg"]
    assert not LedgerUpload.objects.exists()

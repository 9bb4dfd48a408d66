"""Self-evaluation in the web: entry with a live score, required explanations, the two reviews
(confirm or adjust with a reason, audited) and the 自评表 — with the arithmetic worked by hand.

National profile: 预算执行率 10 points, 产出 50, 效益 30, 满意度 10. The small plan's project
has one row in each group: 签约项目 15个 (产出, 50 points), 促进经济增长 (效益, empty target:
scored as a 定性 row from the evaluator's grade and score, 30 points), 投资者满意度 95%以上
(满意度, 10 points).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest

from jixiao.web.audit.models import AuditEvent
from jixiao.web.cycle.models import EvaluationReview, SelfEvaluation

from .test_cycle_support import approved_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world: Any) -> dict[str, Any]:
    plan = approved_plan(world.a1)
    project = plan.projects.get()
    ids = list(project.indicators.order_by("position", "id").values_list("pk", flat=True))
    return {"plan": plan, "project": project, "ids": ids}


def form(ids: list[int], *, spent: str = "140", lock: int = 0, **rows: str) -> dict[str, str]:
    """The entry form: 150 万元 budget, ``spent`` spent; ``rows`` as ``n__field=value``."""
    data = {
        "lock_version": str(lock),
        "outcome": "全年完成招商任务",
        "fund-count": "1",
        "fund-0-source": "财政拨款",
        "fund-0-initial": "150",
        "fund-0-adjusted": "150",
        "fund-0-spent": spent,
    }
    for key, value in rows.items():
        n, field = key.split("__")
        data[f"row-{ids[int(n)]}-{field}"] = value
    return data


FULL = {"0__actual": "15个", "1__actual": "达成年度指标", "1__score": "30", "2__actual": "96%"}


def test_live_score_is_the_core_s_with_hand_worked_arithmetic(
    login: Any, setup: dict[str, Any]
) -> None:
    client = login("unit_filler")
    url = f"/projects/{setup['project'].pk}/evaluation/live/"
    r = client.post(url, form(setup["ids"], **{**FULL, "0__actual": "12个"}))
    d = json.loads(r.content, parse_float=Decimal)
    # 执行率 140 / 150 = 93.33% → 9.3333 points; 签约项目 12 / 15 × 50 = 40;
    # 促进经济增长 30 (the top of 达成's band 24–30); 满意度 96% ≥ 95% → 10.
    # 9.3333 + 40 + 30 + 10 = 89.33 → 良 (80 ≤ 总分 < 90)
    assert (d["total"], d["grade"]) == (Decimal("89.33"), "良")
    assert d["execution"]["rate_percent"] == Decimal("93.33")
    scores = {row["indicator_id"]: row["score"] for row in d["indicators"]}
    assert scores == {setup["ids"][0]: 40, setup["ids"][1]: 30, setup["ids"][2]: 10}
    # 签约项目 is not fully achieved: an explanation is required before submission
    assert [e["subject"] for e in d["explanations_missing"]] == ["签约项目"]
    assert d["can_submit"] is False
    assert not SelfEvaluation.objects.exists()  # nothing saved

    d = json.loads(
        client.post(url, form(setup["ids"], spent="150", **FULL)).content, parse_float=Decimal
    )
    # 10 + 50 + 30 + 10 = 100 → 优
    assert (d["total"], d["grade"], d["can_submit"]) == (100, "优", True)


def test_live_score_is_refused_to_other_organisations(login: Any, setup: dict[str, Any]) -> None:
    url = f"/projects/{setup['project'].pk}/evaluation/live/"
    assert login("other_filler").post(url, form(setup["ids"])).status_code == 403
    assert login("finance").post(url, form(setup["ids"])).status_code == 403


def test_save_then_submission_needs_every_explanation(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    project, ids = setup["project"], setup["ids"]
    client = login("unit_filler")
    url = f"/projects/{project.pk}/evaluation/"
    data = form(ids, spent="120", **{**FULL, "0__actual": "12个"})
    assert client.post(url, data).status_code == 302
    ev = SelfEvaluation.objects.get(project=project)
    # 120 / 150 = 80% → 8; 8 + 40 + 30 + 10 = 88 → 良
    assert (ev.computed_total, ev.computed_grade) == (Decimal("88.00"), "良")
    created = AuditEvent.objects.filter(object_type="selfevaluation", action="create").get()
    saved = AuditEvent.objects.filter(object_type="selfevaluation", action="update").get()
    assert created.after["funds"][0]["initial"] == "150"
    assert saved.after["funds"][0]["spent"] == "120"
    assert saved.after["computed_total"] == "88.00"

    r = client.post(url + "submit/", {"lock_version": ev.lock_version}, follow=True)
    page = r.content.decode()
    # 执行率 80% < 90% needs a reason; 签约项目 below target needs an explanation
    assert "预算执行率偏低" in page and "签约项目: 未完全达成年度指标" in page
    ev.refresh_from_db()
    assert ev.status == "draft"

    data = form(ids, spent="120", lock=ev.lock_version, **{**FULL, "0__actual": "12个"})
    data["execution_reason"] = "部分合同尾款跨年支付"
    data[f"row-{ids[0]}-explanation"] = "两个项目推迟签约, 已列入下年计划"
    assert client.post(url, data).status_code == 302
    ev.refresh_from_db()
    client.post(url + "submit/", {"lock_version": ev.lock_version})
    ev.refresh_from_db()
    assert ev.status == "submitted" and ev.submitted_at is not None
    # a submitted self-evaluation can no longer be edited
    client.post(url, form(ids, spent="150", lock=ev.lock_version, **FULL))
    ev.refresh_from_db()
    assert ev.computed_total == Decimal("88.00")


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("fund-0-spent", "1" * 19, "金额超出可保存的范围"),
        ("fund-0-spent", "140.1234567", "金额超出可保存的范围"),
        ("1__score", "123456", "得分超出可保存的范围"),
        ("1__score", "1e30", "得分超出可保存的范围"),
    ],
)
def test_numbers_beyond_the_columns_are_refused_not_a_server_error(
    login: Any, setup: dict[str, Any], field: str, value: str, message: str
) -> None:
    """An amount or score too large (or too precise) for its database column is a field
    error on the page, and nothing is stored; not a 500 from the database layer."""
    project, ids = setup["project"], setup["ids"]
    client = login("unit_filler")
    data = form(ids, **FULL)
    if field.startswith("fund-"):
        data[field] = value
    else:
        n, name = field.split("__")
        data[f"row-{ids[int(n)]}-{name}"] = value
    r = client.post(f"/projects/{project.pk}/evaluation/", data)
    assert r.status_code == 200
    assert message in r.content.decode()
    ev = SelfEvaluation.objects.filter(project=project).first()  # opening it starts a draft
    if ev is not None:  # … whose rows hold what was there before, not the refused input
        assert all(f.spent is None or f.spent < 10**6 for f in ev.funds.all())
        assert all(r.score is None for r in ev.indicators.all())


def _submitted(client: Any, setup: dict[str, Any]) -> SelfEvaluation:
    url = f"/projects/{setup['project'].pk}/evaluation/"
    assert client.post(url, form(setup["ids"], spent="150", **FULL)).status_code == 302
    ev = SelfEvaluation.objects.get(project=setup["project"])
    client.post(url + "submit/", {"lock_version": ev.lock_version})
    ev.refresh_from_db()
    assert ev.status == "submitted"
    return ev


def test_department_adjusts_with_a_reason_and_finance_confirms(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    ev = _submitted(login("unit_filler"), setup)
    project = setup["project"]
    url = f"/projects/{project.pk}/evaluation/review/department/"
    dept = login("dept_reviewer")
    assert dept.get(url).status_code == 200
    r = dept.post(
        url, {"decision": "adjust", "score": "85", "reason": "", "lock_version": ev.lock_version}
    )
    assert "调整得分或退回时必须填写理由" in r.content.decode()
    r = dept.post(
        url, {"decision": "adjust", "score": "101", "reason": "x", "lock_version": ev.lock_version}
    )
    assert "得分应在 0 到 100 之间" in r.content.decode()
    ev.refresh_from_db()
    assert ev.status == "submitted" and ev.final_total is None

    reason = "满意度调查样本不足, 满意度指标按部分达成计"
    dept.post(
        url,
        {"decision": "adjust", "score": "89.5", "reason": reason, "lock_version": ev.lock_version},
    )
    ev.refresh_from_db()
    # 89.5 → 良 (80 ≤ 总分 < 90): the grade of an adjusted score comes from the profile's bands
    assert (ev.status, ev.final_total, ev.final_grade) == ("dept_confirmed", Decimal("89.50"), "良")
    assert (ev.computed_total, ev.computed_grade) == (Decimal("100.00"), "优")
    event = AuditEvent.objects.filter(object_type="selfevaluation", action="transition").latest(
        "id"
    )
    assert event.actor_username == "dept_reviewer" and reason in event.message
    assert event.before["final_total"] is None and event.after["final_total"] == "89.50"

    # finance cannot review at the department stage, and the department not at finance's
    assert (
        login("finance")
        .post(url, {"decision": "confirm", "lock_version": ev.lock_version})
        .status_code
        == 403
    )
    fin_url = f"/projects/{project.pk}/evaluation/review/finance/"
    assert login("dept_reviewer").get(fin_url).status_code == 403
    login("finance").post(fin_url, {"decision": "confirm", "lock_version": ev.lock_version})
    ev.refresh_from_db()
    assert (ev.status, ev.final_total, ev.final_grade) == ("confirmed", Decimal("89.50"), "良")
    stages = list(EvaluationReview.objects.order_by("id").values_list("stage", "decision", "total"))
    assert stages == [
        ("department", "adjust", Decimal("89.50")),
        ("finance", "confirm", Decimal("89.50")),
    ]


def test_a_returned_self_evaluation_can_be_edited_again(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    ev = _submitted(login("unit_filler"), setup)
    url = f"/projects/{setup['project'].pk}/evaluation/review/department/"
    login("dept_reviewer").post(
        url, {"decision": "return", "reason": "请补充佐证材料", "lock_version": ev.lock_version}
    )
    ev.refresh_from_db()
    assert ev.status == "returned"
    client = login("unit_filler")
    page = client.get(f"/projects/{setup['project'].pk}/evaluation/").content.decode()
    assert "请补充佐证材料" in page and 'id="evaluation-save"' in page
    data = form(setup["ids"], spent="150", lock=ev.lock_version, **{**FULL, "2__actual": "97%"})
    assert client.post(f"/projects/{setup['project'].pk}/evaluation/", data).status_code == 302
    ev.refresh_from_db()
    assert ev.indicators.get(indicator_id=setup["ids"][2]).actual == "97%"


def test_a_concurrent_save_is_refused(login: Any, setup: dict[str, Any]) -> None:
    client = login("unit_filler")
    url = f"/projects/{setup['project'].pk}/evaluation/"
    client.post(url, form(setup["ids"], **FULL))
    ev = SelfEvaluation.objects.get()
    stale = ev.lock_version
    assert client.post(url, form(setup["ids"], spent="145", lock=stale, **FULL)).status_code == 302
    r = client.post(url, form(setup["ids"], spent="130", lock=stale, **FULL))
    assert r.status_code == 200 and "保存未成功" in r.content.decode()
    ev.refresh_from_db()
    assert ev.funds.get().spent == Decimal("145")


def test_unapproved_plans_are_not_evaluated(world: Any, login: Any, make_plan: Any) -> None:
    plan = make_plan(world.a1)
    project = plan.projects.get()
    ids = list(project.indicators.order_by("position").values_list("pk", flat=True))
    client = login("unit_filler")
    page = client.get(f"/projects/{project.pk}/evaluation/").content.decode()
    assert "批复后才能开展绩效自评" in page and 'id="evaluation-save"' not in page
    client.post(f"/projects/{project.pk}/evaluation/", form(ids, **FULL))
    assert not SelfEvaluation.objects.exists()


def test_evaluation_table_download(world: Any, login: Any, setup: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    login("unit_filler").post(
        f"/projects/{setup['project'].pk}/evaluation/", form(setup["ids"], spent="150", **FULL)
    )
    r = login("finance").get(f"/plans/{setup['plan'].pk}/evaluation/export.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "P001" in " ".join(str(c) for c in cells if c is not None)
    assert 100 in cells
    page = login("finance").get(f"/plans/{setup['plan'].pk}/evaluation/").content.decode()
    assert 'id="rollup-grade">优<' in page

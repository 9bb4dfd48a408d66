"""Monitoring in the web: rounds, ledger upload with preview, progress sheets, lights,
rectification and the 监控表 — every figure checked against arithmetic worked by hand.

The plan is the conftest's small plan: project P001, budget 150 万元 (财政拨款), spending plan
6月底 50% / 12月底 100%, indicators 签约项目 15个, 促进经济增长 (empty), 投资者满意度 95%以上.
As of 2023-07-31 the time progress is 7/12 = 58.33%.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.audit.models import AuditEvent
from jixiao.web.cycle import monitoring, summaries
from jixiao.web.cycle.models import (
    LedgerStatus,
    LedgerUpload,
    MonitoringRound,
    ProjectProgress,
    Rectification,
)

from .test_cycle_support import approved_plan, confirm_ledger, ledger_csv, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world: Any) -> dict[str, Any]:
    plan = approved_plan(world.a1)
    rnd = open_round(plan, world.users["finance"])
    project = plan.projects.get()
    ids = list(project.indicators.order_by("position", "id").values_list("pk", flat=True))
    return {"plan": plan, "round": rnd, "project": project, "ids": ids}


# --- rounds --------------------------------------------------------------------------------


def test_finance_opens_a_round_and_it_is_audited(world: Any, login: Any) -> None:
    plan = approved_plan(world.a1)
    client = login("finance")
    r = client.post(
        f"/plans/{plan.pk}/monitoring/new/", {"as_of": "2023-06-30", "deadline": "2023-07-10"}
    )
    rnd = MonitoringRound.objects.get(plan=plan)
    assert r.status_code == 302 and r["Location"] == f"/monitoring/{rnd.pk}/"
    assert (rnd.as_of, rnd.deadline) == (date(2023, 6, 30), date(2023, 7, 10))
    event = AuditEvent.objects.filter(action="create", object_type="monitoringround").get()
    assert event.actor_username == "finance" and event.plan_id == plan.pk
    assert event.after["as_of"] == "2023-06-30"


def test_round_dates_are_checked(world: Any, login: Any) -> None:
    plan = approved_plan(world.a1)
    client = login("dept_reviewer")  # a department reviewer organises its units' monitoring
    r = client.post(f"/plans/{plan.pk}/monitoring/new/", {"as_of": "2024-01-31"})
    assert r.status_code == 200
    assert "不在计划年度 2023 内" in r.content.decode()
    r = client.post(
        f"/plans/{plan.pk}/monitoring/new/", {"as_of": "2023-07-31", "deadline": "2023-07-01"}
    )
    assert "填报截止日期不能早于数据截止日期" in r.content.decode()
    assert (
        client.post(f"/plans/{plan.pk}/monitoring/new/", {"as_of": "2023-07-31"}).status_code == 302
    )
    r = client.post(f"/plans/{plan.pk}/monitoring/new/", {"as_of": "2023-07-31"})
    assert "已有截至 2023-07-31 的监控轮次" in r.content.decode()
    assert MonitoringRound.objects.filter(plan=plan).count() == 1


def test_monitoring_needs_an_approved_plan(world: Any, login: Any, make_plan: Any) -> None:
    draft = make_plan(world.a1)
    client = login("finance")
    r = client.post(f"/plans/{draft.pk}/monitoring/new/", {"as_of": "2023-07-31"})
    assert r.status_code == 302
    assert not MonitoringRound.objects.filter(plan=draft).exists()
    page = client.get(r["Location"]).content.decode()
    assert "批复后才能开展运行监控" in page


def test_a_filler_cannot_open_a_round(world: Any, login: Any) -> None:
    plan = approved_plan(world.a1)
    r = login("unit_filler").post(f"/plans/{plan.pk}/monitoring/new/", {"as_of": "2023-07-31"})
    assert r.status_code == 403
    assert not MonitoringRound.objects.exists()


# --- ledger --------------------------------------------------------------------------------


def test_gbk_ledger_preview_lists_row_errors_and_applies_nothing_until_confirmed(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    rnd = setup["round"]
    client = login("unit_filler")
    upload = ledger_csv(
        [
            ("2023-03-15", "P001", "350000.00"),
            ("2023-13-01", "P001", "5000"),  # row 3: bad date
            ("2023/4/2", "X999", "7000"),  # row 4: unknown project
            ("2023年5月6日", "P001", "(50000.00)"),  # row 5: a refund, counted
            ("2023-08-20", "P001", "90000"),  # row 6: after the as-of date
        ],
        encoding="gbk",
        name="国库支付.csv",
    )
    r = client.post(f"/monitoring/{rnd.pk}/ledger/", {"file": upload})
    pending = LedgerUpload.objects.get(round=rnd)
    assert r.status_code == 302 and r["Location"] == f"/ledgers/{pending.pk}/"
    assert pending.status == LedgerStatus.PENDING
    # 350000 − 50000 = 300000 元 counted; rows 3, 4 and 6 are not
    assert pending.total_yuan == 300000
    assert (pending.rows_read, pending.rows_counted) == (5, 2)

    page = client.get(r["Location"]).content.decode()
    assert 'data-row="3" data-kind="bad_date"' in page
    assert 'data-row="4" data-kind="unknown_project"' in page
    assert 'data-row="6" data-kind="after_as_of"' in page
    assert "国库支付.csv" in page and "X999" in page
    # the where names the file as uploaded, not the stored name
    assert "国库支付.csv A3 第3行" in page

    # nothing is applied before confirmation
    assert summaries.round_summary(rnd)["projects"][0]["spent_wan"] == "0"
    client.post(r["Location"], {"action": "confirm"})
    pending.refresh_from_db()
    assert pending.status == LedgerStatus.ACTIVE
    summary = summaries.round_summary(MonitoringRound.objects.get(pk=rnd.pk))
    assert summary["projects"][0]["spent_wan"] == "30"
    # 30 / 150 = 20%; r = 20 / 58.33 × 100 = 34.29 → red
    assert summary["projects"][0]["execution_rate"] == "20.00"
    assert summary["projects"][0]["spending_light"] == "red"
    actions = list(
        AuditEvent.objects.filter(object_type="ledgerupload").values_list("action", flat=True)
    )
    assert sorted(actions) == ["update", "upload"]


def test_cancelled_ledger_is_not_used_and_a_new_one_replaces_the_old(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    rnd = setup["round"]
    client = login("unit_filler")
    user = world.users["unit_filler"]
    first = confirm_ledger(rnd, user, [("2023-02-01", "P001", "600000")])
    client.post(
        f"/monitoring/{rnd.pk}/ledger/", {"file": ledger_csv([("2023-02-01", "P001", "1")])}
    )
    pending = LedgerUpload.objects.get(round=rnd, status=LedgerStatus.PENDING)
    client.post(f"/ledgers/{pending.pk}/", {"action": "cancel"})
    assert monitoring.active_ledger(rnd) == first
    rnd.refresh_from_db()
    # 60 / 150 = 40%; r = 40 / 58.33 × 100 = 68.57 → yellow
    p = summaries.round_summary(rnd)["projects"][0]
    assert (p["execution_rate"], p["spending_light"]) == ("40.00", "yellow")
    second = confirm_ledger(rnd, user, [("2023-02-01", "P001", "1200000")])
    first.refresh_from_db()
    assert first.status == LedgerStatus.REPLACED
    assert monitoring.active_ledger(rnd) == second
    rnd.refresh_from_db()
    # 120 / 150 = 80%; r = 80 / 58.33 × 100 = 137.14 → green
    assert summaries.round_summary(rnd)["projects"][0]["spending_light"] == "green"


def test_xlsx_ledger_in_wan_is_read_by_the_core(world: Any, setup: dict[str, Any]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["国库集中支付明细表"])  # a title row above the header
    ws.append(["支付日期", "项目编码", "支付金额(万元)"])
    ws.append([date(2023, 3, 1), "P001", 12.5])
    ws.append([date(2023, 6, 30), "P001", "2.5"])
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("ledger.xlsx", buf.getvalue())
    result = monitoring.preview_ledger(setup["round"], upload, world.users["unit_filler"])
    assert (result.amount_unit, result.unit_source) == ("万元", "header")
    assert result.total_yuan == 150000  # (12.5 + 2.5) 万元
    assert result.aggregate["P001"]["by_month"][2] == "125000.0"
    assert result.summary["issue_counts"] == {"title_row": 1}


def test_an_unreadable_ledger_is_refused_with_a_chinese_reason(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    bad = SimpleUploadedFile("x.csv", "日期,金额\n2023-01-01,5\n".encode())
    r = login("unit_filler").post(f"/monitoring/{setup['round'].pk}/ledger/", {"file": bad})
    assert r.status_code == 200
    page = r.content.decode()
    assert "无法读取文件 x.csv" in page and "项目编码" in page
    assert not LedgerUpload.objects.exists()


# --- progress sheets -----------------------------------------------------------------------


def _sheet_post(ids: list[int], lock: int, **cells: str) -> dict[str, str]:
    data = {"lock_version": str(lock)}
    for key, value in cells.items():
        row, field = key.split("__")
        data[f"row-{ids[int(row)]}-{field}"] = value
    return data


def test_progress_is_checked_by_the_core_and_lights_follow(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    rnd, project, ids = setup["round"], setup["project"], setup["ids"]
    client = login("unit_filler")
    url = f"/monitoring/{rnd.pk}/projects/{project.pk}/"
    r = client.post(url, _sheet_post(ids, 1, **{"0__value": "尚在统计"}))
    assert r.status_code == 200
    assert "签约项目 截至目前完成值" in r.content.decode()
    assert not ProjectProgress.objects.filter(round=rnd, rows__value="尚在统计").exists()

    r = client.post(
        url,
        _sheet_post(ids, 1, **{"0__value": "8", "2__value": "0.96", "0__reason-3": "设备未到"}),
    )
    assert r.status_code == 302
    data = monitoring.report_dict(monitoring.project_report(rnd, project))["projects"][0]
    sign, satisfaction = data["indicators"][0], data["indicators"][2]
    # v = 8 / (15 × 7/12) × 100 = 91.43 → green
    assert (sign["light"], str(sign["score"])) == ("green", "91.43")
    # 0.96 against a % target is read as 96%: v = 96 / 95 × 100 = 101.05 → green
    assert (satisfaction["light"], str(satisfaction["score"])) == ("green", "101.05")
    assert sign["deviation_reasons"] == {"硬件条件保障": "设备未到"}
    event = AuditEvent.objects.filter(object_type="projectprogress", action="update").get()
    assert event.before["rows"] == []
    assert [r["value"] for r in event.after["rows"]] == ["8", "", "0.96"]


def test_a_concurrent_sheet_save_is_refused_and_the_input_kept(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    rnd, project, ids = setup["round"], setup["project"], setup["ids"]
    url = f"/monitoring/{rnd.pk}/projects/{project.pk}/"
    client = login("unit_filler")
    client.get(url)  # both users open the sheet at version 1
    assert client.post(url, _sheet_post(ids, 1, **{"0__value": "8"})).status_code == 302
    r = client.post(url, _sheet_post(ids, 1, **{"0__value": "9"}))
    assert r.status_code == 200
    page = r.content.decode()
    assert "保存未成功" in page and 'value="9"' in page
    sheet = ProjectProgress.objects.get(round=rnd, project=project)
    assert sheet.rows.get(indicator_id=ids[0]).value == "8"
    assert f'name="lock_version" value="{sheet.lock_version}"' in page


def test_submission_needs_a_reason_for_every_red_row(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    rnd, project, ids = setup["round"], setup["project"], setup["ids"]
    user = world.users["unit_filler"]
    confirm_ledger(rnd, user, [("2023-03-01", "P001", "100000")])  # 6.67% → red
    client = login("unit_filler")
    url = f"/monitoring/{rnd.pk}/projects/{project.pk}/"
    client.post(url, _sheet_post(ids, 1, **{"0__value": "3"}))  # v = 3 / 8.75 = 34.29 → red
    sheet = ProjectProgress.objects.get(round=rnd, project=project)
    r = client.post(url + "submit/", {"lock_version": sheet.lock_version}, follow=True)
    page = r.content.decode()
    assert "以下红灯/黄灯行尚未填写偏差原因: 预算执行、签约项目" in page
    sheet.refresh_from_db()
    assert sheet.submitted_at is None
    data = _sheet_post(ids, sheet.lock_version, **{"0__value": "3", "0__reason-0": "资金晚到"})
    data["sp-reason-4"] = "项目在下半年集中支付"
    assert client.post(url, data).status_code == 302
    sheet.refresh_from_db()
    client.post(url + "submit/", {"lock_version": sheet.lock_version})
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None and sheet.submitted_by == user


def test_changing_a_submitted_sheet_withdraws_the_submission(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    """A submitted sheet that is changed is no longer what was submitted: the submission is
    withdrawn (audited, the page says so) and the sheet must be submitted again; saving it
    unchanged keeps the submission."""
    rnd, project, ids = setup["round"], setup["project"], setup["ids"]
    client = login("unit_filler")
    url = f"/monitoring/{rnd.pk}/projects/{project.pk}/"

    def post(version: int, value: str, **kw: Any) -> Any:
        data = _sheet_post(ids, version, **{"0__value": value})
        data["sp-reason-4"] = "项目在下半年集中支付"  # no payments yet: spending is red
        return client.post(url, data, **kw)

    assert post(1, "9").status_code == 302
    sheet = ProjectProgress.objects.get(round=rnd, project=project)
    client.post(url + "submit/", {"lock_version": sheet.lock_version})
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None
    assert post(sheet.lock_version, "9").status_code == 302
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None  # nothing changed: still submitted
    r = post(sheet.lock_version, "10", follow=True)
    assert "原提交已撤回" in r.content.decode()
    sheet.refresh_from_db()
    assert sheet.submitted_at is None and sheet.submitted_by is None
    assert sheet.rows.get(indicator_id=ids[0]).value == "10"
    events = AuditEvent.objects.filter(object_type="projectprogress", action="update")
    event = events.order_by("pk").last()
    assert event is not None
    assert event.before["submitted_at"] is not None and event.after["submitted_at"] is None


def test_a_closed_round_takes_no_more_input(world: Any, login: Any, setup: dict[str, Any]) -> None:
    rnd, project, ids = setup["round"], setup["project"], setup["ids"]
    login("finance").post(f"/monitoring/{rnd.pk}/status/", {"status": "closed", "lock_version": 1})
    rnd.refresh_from_db()
    assert rnd.status == "closed"
    client = login("unit_filler")
    client.post(
        f"/monitoring/{rnd.pk}/projects/{project.pk}/", _sheet_post(ids, 1, **{"0__value": "8"})
    )
    assert not ProjectProgress.objects.filter(rows__value="8").exists()
    r = client.post(
        f"/monitoring/{rnd.pk}/ledger/", {"file": ledger_csv([("2023-01-01", "P001", "1")])}
    )
    assert r.status_code == 302 and not LedgerUpload.objects.exists()


# --- lights, rectification, 监控表 ---------------------------------------------------------------


def test_finance_filters_red_and_yellow_across_plans(world: Any, login: Any) -> None:
    finance = world.users["finance"]
    red_plan = approved_plan(world.a1)
    green_plan = approved_plan(world.b1, code_prefix="Q")
    red_round = open_round(red_plan, finance)
    green_round = open_round(green_plan, finance)
    confirm_ledger(red_round, finance, [("2023-03-01", "P001", "100000")])
    confirm_ledger(green_round, finance, [("2023-03-01", "Q001", "1400000")])
    client = login("finance")
    page = client.get("/monitoring/?year=2023&light=red&light=yellow").content.decode()
    assert "P001" in page and "Q001" not in page
    page = client.get("/monitoring/?year=2023").content.decode()
    assert "P001" in page and "Q001" in page
    # a unit filler sees only its own unit's projects
    page = login("unit_filler").get("/monitoring/?year=2023").content.decode()
    assert "P001" in page and "Q001" not in page


def test_rectification_request_answer_and_close(
    world: Any, login: Any, setup: dict[str, Any]
) -> None:
    rnd, project = setup["round"], setup["project"]
    confirm_ledger(rnd, world.users["unit_filler"], [("2023-03-01", "P001", "100000")])
    finance = login("finance")
    page = finance.get(f"/monitoring/{rnd.pk}/?light=red").content.decode()
    assert f'data-project="{project.pk}"' in page
    r = finance.post(
        f"/monitoring/{rnd.pk}/rectifications/",
        {
            "project": [project.pk],
            "request": "请说明支出滞后原因并加快执行",
            "due_date": "2023-08-31",
        },
    )
    assert r.status_code == 302
    rect = Rectification.objects.get()
    assert (rect.light, rect.status, rect.requested_by) == ("red", "open", world.users["finance"])

    # the finance bureau cannot answer, the unit cannot close
    assert (
        finance.post(
            f"/rectifications/{rect.pk}/", {"action": "answer", "response": "x"}
        ).status_code
        == 403
    )
    unit = login("unit_filler")
    assert unit.post(f"/rectifications/{rect.pk}/", {"action": "close"}).status_code == 403
    unit.post(f"/rectifications/{rect.pk}/", {"action": "answer", "response": "已于8月集中支付"})
    rect.refresh_from_db()
    assert (rect.status, rect.response) == ("answered", "已于8月集中支付")
    login("finance").post(f"/rectifications/{rect.pk}/", {"action": "close"})
    rect.refresh_from_db()
    assert rect.status == "closed" and rect.closed_by == world.users["finance"]
    messages = list(
        AuditEvent.objects.filter(object_type="rectification")
        .order_by("id")
        .values_list("message", flat=True)
    )
    assert messages == ["要求整改", "整改反馈", "办结"]


def test_monitoring_table_download(world: Any, login: Any, setup: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    rnd = setup["round"]
    confirm_ledger(rnd, world.users["unit_filler"], [("2023-03-01", "P001", "100000")])
    r = login("dept_reviewer").get(f"/monitoring/{rnd.pk}/export.xlsx")
    assert r.status_code == 200
    assert "attachment" in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert "运行监控表" in wb.sheetnames
    cells = [
        str(c.value) for row in wb["运行监控表"].iter_rows() for c in row if c.value is not None
    ]
    assert "P001" in cells and "红灯" in cells
    assert AuditEvent.objects.filter(action="export", object_type="monitoringround").count() == 1

"""Filled-in 监控表 and 自评表 uploaded in the web: preview (nothing written) → confirm.

The workbooks are the core's own exports of the plan (``write_monitoring_xlsx`` of the round's
report, ``write_evaluation_xlsx`` of ``evaluate_plan``), filled in with openpyxl as a finance
officer would in Excel. What is stored after confirming is compared with what the core's
readers (``read_progress``, ``read_actuals`` + ``match_indicators``) make of the same file, and
the stored score with the core's evaluation of that file.

The plan is the conftest's small plan (two projects P001, P002: 签约项目 15个, 促进经济增长
(empty), 投资者满意度 95%以上) of unit A1, approved; the round is as of 2023-07-31.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.audit.models import AuditEvent
from jixiao.web.cycle import monitoring, uploads
from jixiao.web.cycle.models import (
    IndicatorActualRow,
    IndicatorProgress,
    ProjectProgress,
    SelfEvaluation,
)

from .test_cycle_support import approved_plan, open_round

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def setup(world: Any) -> dict[str, Any]:
    plan = approved_plan(world.a1, projects=2)
    rnd = open_round(plan, world.users["finance"])
    projects = list(plan.projects.order_by("position"))
    return {"plan": plan, "round": rnd, "projects": projects}


def _ids(project: Any) -> list[int]:
    return list(project.indicators.order_by("position", "id").values_list("pk", flat=True))


def _upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), XLSX)


def _saved(wb: Any, path: Path) -> Path:
    wb.save(path)
    return path


# --- the 监控表 ---------------------------------------------------------------------------------


def _monitoring_workbook(rnd: Any, path: Path) -> Path:
    """The round's 监控表 as the core writes it (the page's download)."""
    from jixiao.export.monitoring_xlsx import write_monitoring_xlsx

    report, _ = monitoring.round_report(rnd)
    return write_monitoring_xlsx(report, path)


def _columns(ws: Any) -> dict[str, int]:
    """Column numbers by heading (the two header rows: 偏差原因 above its five kinds)."""
    cols: dict[str, int] = {}
    for row in ws.iter_rows(min_row=1, max_row=8):
        for c in row:
            if isinstance(c.value, str) and c.value.strip():
                cols.setdefault(c.value.strip(), c.column)
    return cols


def _row_of(ws: Any, code: str, name: str) -> int:
    """The sheet row of indicator ``name`` (or 预算执行) of project ``code``."""
    cols = _columns(ws)
    current = ""
    for r in range(1, ws.max_row + 1):
        current = str(ws.cell(r, cols["项目编码"]).value or current)
        if current == code and ws.cell(r, cols["三级指标"]).value == name:
            return r
    raise AssertionError(f"{code} {name} not in the sheet")


def _fill_monitoring(path: Path, cells: dict[tuple[str, str], dict[str, Any]]) -> Path:
    """Type into the 监控表: ``{(code, indicator): {heading: value}}``."""
    wb = openpyxl.load_workbook(path)
    ws = wb["运行监控表"]
    cols = _columns(ws)
    for (code, name), values in cells.items():
        r = _row_of(ws, code, name)
        for heading, value in values.items():
            ws.cell(r, cols[heading]).value = value
    return _saved(wb, path)


def _read_back(plan: Any, path: Path) -> Any:
    from jixiao.monitor.progress import read_progress
    from jixiao.web.plans import convert

    return read_progress(path, convert.plan_to_domain(plan), monitoring.rules_for(plan.profile))


FILLED = {
    ("P001", "签约项目"): {
        "截至目前完成值": "9",
        "全年预计完成值": "16个",
        "经费保障": "资金拨付滞后",
        "完成可能性": 2,
        "是否需要整改": "是",
        "备注": f"备注{SCRIPT}",
    },
    ("P001", "投资者满意度"): {"截至目前完成值": "96%", "完成可能性": "1 确定能"},
    ("P001", "预算执行"): {"经费保障": "支付进度慢", "其他": "项目尚在招标"},
    ("P002", "签约项目"): {"截至目前完成值": "3", "人员保障": "人手不足"},
}


def test_monitoring_upload_preview_then_confirm_stores_the_file(
    setup: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    rnd, plan = setup["round"], setup["plan"]
    p1, p2 = setup["projects"]
    path = _fill_monitoring(_monitoring_workbook(rnd, tmp_path / "监控表.xlsx"), FILLED)
    client = login("unit_filler")
    assert (
        f'href="/monitoring/{rnd.pk}/upload/"'
        in client.get(f"/monitoring/{rnd.pk}/").content.decode()
    )
    form = client.get(f"/monitoring/{rnd.pk}/upload/").content.decode()
    assert f'href="/monitoring/{rnd.pk}/export.xlsx"' in form  # the download beside the upload

    r = client.post(f"/monitoring/{rnd.pk}/upload/", {"file": _upload(path)})
    assert r.status_code == 302 and r["Location"] == f"/monitoring/{rnd.pk}/upload/preview/"
    # nothing is written on preview
    assert not ProjectProgress.objects.exists() and not IndicatorProgress.objects.exists()
    page = client.get(r["Location"]).content.decode()
    assert "监控表.xlsx" in page
    for text in ("16个", "资金拨付滞后", "2 有可能", "1 确定能", "96%", "支付进度慢", "人手不足"):
        assert text in page, text
    assert SCRIPT not in page and "备注&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "将导入 2 个项目, 跳过 0 个项目" in page
    assert not ProjectProgress.objects.exists()

    token = client.session[uploads.PROGRESS_KEY]["token"]
    r = client.post(r["Location"], {"token": token, "action": "confirm"})
    assert r.status_code == 302 and r["Location"] == f"/monitoring/{rnd.pk}/"
    assert uploads.PROGRESS_KEY not in client.session
    assert "已导入 监控表.xlsx: 2 个项目" in client.get(r["Location"]).content.decode()

    # the stored sheets are what the core reads from the file, row by row
    data = _read_back(plan, path)
    assert data.issues == []
    for p in (p1, p2):
        sheet = ProjectProgress.objects.get(round=rnd, project=p)
        stored = {r.indicator_id: r for r in sheet.rows.all()}
        for n, ind_id in enumerate(_ids(p)):
            e = data.entry(p.code, n)
            assert e is not None
            row = stored[ind_id]
            assert (row.value, row.forecast, row.unit) == (
                e.value or "",
                e.forecast or "",
                e.unit or "",
            )
            assert (row.reasons, row.likelihood, row.rectification, row.remarks) == (
                e.reasons,
                e.likelihood,
                e.rectification,
                e.remarks or "",
            )
        sp = data.spending[p.code]
        assert (sheet.reasons, sheet.likelihood) == (sp.reasons, sp.likelihood)
    first = IndicatorProgress.objects.get(sheet__project=p1, indicator_id=_ids(p1)[0])
    assert (first.value, first.forecast, first.likelihood, first.rectification) == (
        "9",
        "16个",
        2,
        True,
    )
    assert first.reasons == {"经费保障": "资金拨付滞后"} and first.remarks == f"备注{SCRIPT}"
    assert ProjectProgress.objects.get(project=p1).reasons == {
        "经费保障": "支付进度慢",
        "其他": "项目尚在招标",
    }
    # audited as the uploader: each sheet's change, and the import itself
    events = AuditEvent.objects.filter(object_type="projectprogress", action="update")
    assert {e.actor_username for e in events} == {"unit_filler"} and events.count() == 2
    after = events.get(object_id=str(ProjectProgress.objects.get(project=p1).pk)).after
    assert after["rows"][0]["value"] == "9" and after["rows"][0]["forecast"] == "16个"
    imported = AuditEvent.objects.get(action="import", object_type="monitoringround")
    assert imported.actor_username == "unit_filler" and imported.plan_id == plan.pk
    assert imported.after["file"] == "监控表.xlsx" and imported.after["written"] == ["P001", "P002"]
    # the sheet page shows the imported values
    sheet_page = client.get(f"/monitoring/{rnd.pk}/projects/{p1.pk}/").content.decode()
    assert 'value="9"' in sheet_page and "资金拨付滞后" in sheet_page


def test_a_submitted_sheet_is_skipped_by_a_second_upload(
    setup: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    rnd = setup["round"]
    p1, p2 = setup["projects"]
    client = login("unit_filler")
    path = _fill_monitoring(_monitoring_workbook(rnd, tmp_path / "一.xlsx"), FILLED)
    client.post(f"/monitoring/{rnd.pk}/upload/", {"file": _upload(path)})
    token = client.session[uploads.PROGRESS_KEY]["token"]
    client.post(f"/monitoring/{rnd.pk}/upload/preview/", {"token": token, "action": "confirm"})
    sheet = ProjectProgress.objects.get(round=rnd, project=p1)
    r = client.post(
        f"/monitoring/{rnd.pk}/projects/{p1.pk}/submit/", {"lock_version": sheet.lock_version}
    )
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None, client.get(r["Location"]).content.decode()

    # the unit exports again and changes both projects
    second = _fill_monitoring(
        _monitoring_workbook(rnd, tmp_path / "二.xlsx"),
        {
            ("P001", "签约项目"): {"截至目前完成值": "12"},
            ("P002", "签约项目"): {"截至目前完成值": "5"},
        },
    )
    r = client.post(f"/monitoring/{rnd.pk}/upload/", {"file": _upload(second)})
    page = client.get(r["Location"]).content.decode()
    assert "将导入 1 个项目, 跳过 1 个项目" in page
    assert "上传的文件不覆盖已提交的填报" in page
    token = client.session[uploads.PROGRESS_KEY]["token"]
    r = client.post(r["Location"], {"token": token, "action": "confirm"})
    assert "跳过 1 个项目" in client.get(r["Location"]).content.decode()
    ids1, ids2 = _ids(p1), _ids(p2)
    assert IndicatorProgress.objects.get(sheet__project=p1, indicator_id=ids1[0]).value == "9"
    assert IndicatorProgress.objects.get(sheet__project=p2, indicator_id=ids2[0]).value == "5"
    imported = AuditEvent.objects.filter(action="import").order_by("-id").first()
    assert imported is not None and imported.after["written"] == ["P002"]
    assert imported.after["skipped"][0].startswith("P001: 监控填报已于")


def test_a_change_after_the_preview_writes_nothing(
    setup: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    rnd = setup["round"]
    p1 = setup["projects"][0]
    client = login("unit_filler")
    path = _fill_monitoring(_monitoring_workbook(rnd, tmp_path / "m.xlsx"), FILLED)
    client.post(f"/monitoring/{rnd.pk}/upload/", {"file": _upload(path)})
    # meanwhile a colleague saves P001's sheet on the form
    ids = _ids(p1)
    r = login("unit_filler").post(
        f"/monitoring/{rnd.pk}/projects/{p1.pk}/", {"lock_version": "1", f"row-{ids[0]}-value": "7"}
    )
    assert r.status_code == 302
    token = client.session[uploads.PROGRESS_KEY]["token"]
    r = client.post(f"/monitoring/{rnd.pk}/upload/preview/", {"token": token, "action": "confirm"})
    assert r.status_code == 302 and r["Location"] == f"/monitoring/{rnd.pk}/upload/"
    page = client.get(r["Location"]).content.decode()
    assert "导入未成功, 未写入任何内容" in page and "在预览之后已被" in page
    assert IndicatorProgress.objects.get(sheet__project=p1, indicator_id=ids[0]).value == "7"
    assert not ProjectProgress.objects.filter(project=setup["projects"][1]).exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_an_unreadable_value_and_unmatched_rows_are_shown_not_written(
    setup: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    rnd = setup["round"]
    csv = (
        "项目编码,三级指标,截至目前完成值,完成可能性\n"
        "P001,签约项目,尚在统计,1\n"
        "P002,签约项目,4,2\n"
        "P002,不存在的指标,1,\n"
        "X999,签约项目,1,\n"
    )
    client = login("unit_filler")
    upload = SimpleUploadedFile("进度.csv", csv.encode("utf-8"), "text/csv")
    r = client.post(f"/monitoring/{rnd.pk}/upload/", {"file": upload})
    page = client.get(r["Location"]).content.decode()
    assert "签约项目 截至目前完成值: 完成值 &#x27;尚在统计&#x27; 不是数值" in page
    assert "将导入 1 个项目, 跳过 1 个项目; 文件中有 2 行未使用" in page
    assert "进度.csv 第4行" in page and "不存在的指标" in page
    assert "项目编码 X999 不在计划中" in page
    token = client.session[uploads.PROGRESS_KEY]["token"]
    client.post(r["Location"], {"token": token, "action": "confirm"})
    assert not ProjectProgress.objects.filter(project=setup["projects"][0]).exists()
    p2 = setup["projects"][1]
    row = IndicatorProgress.objects.get(sheet__project=p2, indicator_id=_ids(p2)[0])
    assert (row.value, row.likelihood) == ("4", 2)
    # an indicator without a row in the file keeps what was stored: nothing for P002's others
    assert IndicatorProgress.objects.filter(sheet__project=p2).count() == 1


def test_a_damaged_file_gives_a_chinese_error_and_writes_nothing(
    setup: dict[str, Any], login: Any
) -> None:
    rnd = setup["round"]
    client = login("unit_filler")
    bad = SimpleUploadedFile("坏文件.xlsx", b"PK\x03\x04 this is no workbook", XLSX)
    r = client.post(f"/monitoring/{rnd.pk}/upload/", {"file": bad})
    page = r.content.decode()
    assert r.status_code == 200 and "无法读取文件 坏文件.xlsx" in page
    assert "Traceback" not in page
    no_header = SimpleUploadedFile("表.csv", "甲,乙\n1,2\n".encode(), "text/csv")
    page = client.post(f"/monitoring/{rnd.pk}/upload/", {"file": no_header}).content.decode()
    assert "无法读取文件 表.csv" in page and "找不到指标进度表头" in page
    exe = SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")
    page = client.post(f"/monitoring/{rnd.pk}/upload/", {"file": exe}).content.decode()
    assert "不支持的文件类型 .exe" in page
    assert uploads.PROGRESS_KEY not in client.session
    assert (
        not ProjectProgress.objects.exists()
        and not AuditEvent.objects.filter(action="import").exists()
    )


def test_file_name_is_escaped(setup: dict[str, Any], login: Any, tmp_path: Path) -> None:
    rnd = setup["round"]
    client = login("unit_filler")
    path = _monitoring_workbook(rnd, tmp_path / "m.xlsx")
    evil = "<img src=x onerror=alert(1)>.xlsx"
    r = client.post(f"/monitoring/{rnd.pk}/upload/", {"file": _upload(path, evil)})
    page = client.get(r["Location"]).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.xlsx" in page
    bad = SimpleUploadedFile(evil, b"PK\x03\x04 broken", XLSX)
    page = client.post(f"/monitoring/{rnd.pk}/upload/", {"file": bad}).content.decode()
    assert "<img src=x" not in page and "无法读取文件 &lt;img src=x" in page


def test_a_closed_round_takes_no_upload(setup: dict[str, Any], login: Any, tmp_path: Path) -> None:
    rnd = setup["round"]
    client = login("unit_filler")
    path = _monitoring_workbook(rnd, tmp_path / "m.xlsx")
    client.post(f"/monitoring/{rnd.pk}/upload/", {"file": _upload(path)})
    token = client.session[uploads.PROGRESS_KEY]["token"]
    monitoring.set_round_status(rnd, "closed", rnd.lock_version, setup["plan"].created_by)
    r = client.post(f"/monitoring/{rnd.pk}/upload/preview/", {"token": token, "action": "confirm"})
    assert "本轮运行监控已结束" in client.get(r["Location"], follow=True).content.decode()
    assert not ProjectProgress.objects.exists()
    r = client.get(f"/monitoring/{rnd.pk}/upload/")
    assert r.status_code == 302 and r["Location"] == f"/monitoring/{rnd.pk}/"
    assert "upload-monitoring" not in client.get(r["Location"]).content.decode()


# --- the 自评表 ---------------------------------------------------------------------------------


def _evaluation_workbook(plan: Any, path: Path) -> Path:
    """The plan's 自评表 as the core writes it: ``write_evaluation_xlsx(evaluate_plan(...))``."""
    from jixiao.evaluate import Actuals, evaluate_plan
    from jixiao.export.evaluation_xlsx import write_evaluation_xlsx
    from jixiao.web.plans import convert, core

    ev = evaluate_plan(
        convert.plan_to_domain(plan), Actuals(year=plan.year), core.profile(plan.profile)
    )
    write_evaluation_xlsx(ev, path)
    return path


def _find(ws: Any, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.replace("\n", "").startswith(text):
                return c.row, c.column
    raise AssertionError(f"{text} not in sheet {ws.title}")


def _fill_form(
    ws: Any, *, funds: dict[str, Any], outcome: str, rows: dict[str, dict[str, Any]]
) -> None:
    """Type into one project's 自评表 sheet."""
    head_r, _ = _find(ws, "全年执行数")
    heads = {str(c.value): c.column for c in ws[head_r] if c.value}
    line_r, _ = _find(ws, "其中：财政拨款")
    for heading, value in funds.items():
        ws.cell(line_r, heads[heading]).value = value
    out_r, out_c = _find(ws, "实际完成情况")
    ws.cell(out_r + 1, out_c).value = outcome
    ind_r, _ = _find(ws, "实际完成值")
    cols = {str(c.value): c.column for c in ws[ind_r] if c.value}
    for r in range(ind_r + 1, ws.max_row + 1):
        name = ws.cell(r, cols["三级指标"]).value
        for heading, value in rows.get(str(name), {}).items():
            ws.cell(r, cols[heading]).value = value


def _filled_evaluation(plan: Any, path: Path) -> Path:
    wb = openpyxl.load_workbook(_evaluation_workbook(plan, path))
    _fill_form(
        wb["P001"],
        funds={"全年预算数": 150, "全年执行数": 120},
        outcome=f"完成招商任务{SCRIPT}",
        rows={
            "签约项目": {"实际完成值": "12个", "偏差原因分析及改进措施": "受市场影响, 下年加强"},
            "促进经济增长": {"实际完成值": "基本达成", "得分": 24},
            "投资者满意度": {"实际完成值": "96%"},
        },
    )
    _fill_form(
        wb["P002"],
        funds={"全年预算数": 150, "全年执行数": 150},
        outcome="全部完成",
        rows={"签约项目": {"实际完成值": "15个"}, "投资者满意度": {"实际完成值": "97%"}},
    )
    return _saved(wb, path)


def _core_scores(plan: Any, path: Path) -> dict[str, Any]:
    from jixiao.evaluate import evaluate_plan
    from jixiao.evaluate.actuals import read_actuals
    from jixiao.web.plans import convert, core

    ev = evaluate_plan(convert.plan_to_domain(plan), read_actuals(path), core.profile(plan.profile))
    return {pe.project.code: pe for pe in ev.projects}


def test_evaluation_upload_preview_then_confirm_stores_the_file(
    setup: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    from jixiao.evaluate.actuals import read_actuals
    from jixiao.evaluate.engine import match_indicators
    from jixiao.web.plans import convert

    plan = setup["plan"]
    p1, p2 = setup["projects"]
    path = _filled_evaluation(plan, tmp_path / "自评表.xlsx")
    core = _core_scores(plan, path)
    client = login("unit_filler")
    listing = client.get(f"/plans/{plan.pk}/evaluation/").content.decode()
    assert f'href="/plans/{plan.pk}/evaluation/upload/"' in listing
    assert f'href="/plans/{plan.pk}/evaluation/export.xlsx"' in listing

    r = client.post(f"/plans/{plan.pk}/evaluation/upload/", {"file": _upload(path)})
    assert r.status_code == 302 and r["Location"] == f"/plans/{plan.pk}/evaluation/upload/preview/"
    assert not SelfEvaluation.objects.exists()
    page = client.get(r["Location"]).content.decode()
    for text in ("12个", "96%", "受市场影响, 下年加强", "基本达成", "97%", "将导入 2 个项目"):
        assert text in page, text
    assert SCRIPT not in page and "完成招商任务&lt;script&gt;" in page
    assert f'<strong class="score">{core["P001"].total}</strong>' in page
    assert f'<strong class="score">{core["P002"].total}</strong>' in page
    assert not SelfEvaluation.objects.exists()

    token = client.session[uploads.EVALUATION_KEY]["token"]
    r = client.post(r["Location"], {"token": token, "action": "confirm"})
    assert r.status_code == 302 and r["Location"] == f"/plans/{plan.pk}/evaluation/"
    listing = client.get(r["Location"]).content.decode()
    assert "已导入 自评表.xlsx: 2 个项目" in listing

    actuals = read_actuals(path)
    dplan = convert.plan_to_domain(plan)
    for p, dp in zip((p1, p2), dplan.projects, strict=True):
        ev = SelfEvaluation.objects.get(project=p)
        pa = actuals.find(p.code)
        assert pa is not None
        # the score in force is the core's score of the file, and the list shows it
        assert (ev.computed_total, ev.computed_grade) == (core[p.code].total, core[p.code].grade)
        assert str(ev.computed_total) in listing
        assert ev.outcome == (pa.outcome or "") and ev.status == "draft"
        funds = [(f.source, f.adjusted, f.spent) for f in ev.funds.order_by("position")]
        assert funds == [
            (
                f.source,
                f.adjusted.amount if f.adjusted else None,
                f.spent.amount if f.spent else None,
            )
            for f in pa.funds
            if f.source != "年度资金总额"  # repeats the 财政拨款 row: not kept
        ]
        matched = match_indicators(dp, pa, [])
        stored = {r.indicator_id: r for r in ev.indicators.all()}
        for n, ind_id in enumerate(_ids(p)):
            ia = matched.get(n)
            row = stored[ind_id]
            assert row.actual == ((ia.actual or "") if ia else "")
            assert row.score == (ia.score if ia else None)
            assert row.explanation == ((ia.explanation or "") if ia else "")
    assert SelfEvaluation.objects.get(project=p1).outcome == f"完成招商任务{SCRIPT}"
    ids = _ids(p1)
    assert (
        IndicatorActualRow.objects.get(evaluation__project=p1, indicator_id=ids[0]).actual == "12个"
    )
    # audited as the uploader
    creates = AuditEvent.objects.filter(object_type="selfevaluation", action="create")
    updates = AuditEvent.objects.filter(object_type="selfevaluation", action="update")
    assert creates.count() == 2 and updates.count() == 2
    assert {e.actor_username for e in [*creates, *updates]} == {"unit_filler"}
    imported = AuditEvent.objects.get(action="import", object_type="selfevaluation")
    assert imported.actor_username == "unit_filler" and imported.plan_id == plan.pk
    assert imported.after["written"] == ["P001", "P002"]
    # the form page shows the same score
    form = client.get(f"/projects/{p1.pk}/evaluation/").content.decode()
    assert str(core["P001"].total) in form and "12个" in form


def test_a_submitted_self_evaluation_is_skipped(
    setup: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    from jixiao.web.cycle import evaluation

    plan = setup["plan"]
    p1, p2 = setup["projects"]
    ev = evaluation.start(p1, setup["plan"].created_by)
    ev.status = "submitted"
    ev.save()
    client = login("unit_filler")
    path = _filled_evaluation(plan, tmp_path / "e.xlsx")
    r = client.post(f"/plans/{plan.pk}/evaluation/upload/", {"file": _upload(path)})
    page = client.get(r["Location"]).content.decode()
    assert "将导入 1 个项目, 跳过 1 个项目" in page and "待部门审核" in page
    token = client.session[uploads.EVALUATION_KEY]["token"]
    client.post(r["Location"], {"token": token, "action": "confirm"})
    ev.refresh_from_db()
    assert ev.status == "submitted" and ev.outcome == "" and not ev.indicators.exists()
    assert SelfEvaluation.objects.get(project=p2).outcome == "全部完成"


def test_a_bad_number_in_the_evaluation_workbook_is_named(
    setup: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    plan = setup["plan"]
    wb = openpyxl.load_workbook(_evaluation_workbook(plan, tmp_path / "e.xlsx"))
    _fill_form(wb["P001"], funds={"全年执行数": "一百二十"}, outcome="x", rows={})
    path = _saved(wb, tmp_path / "错.xlsx")
    client = login("unit_filler")
    r = client.post(f"/plans/{plan.pk}/evaluation/upload/", {"file": _upload(path)})
    page = r.content.decode()
    assert r.status_code == 200
    assert "无法读取文件 错.xlsx" in page and "P001!E8" in page and "不是金额" in page
    bad = SimpleUploadedFile("坏.xlsx", b"PK\x03\x04 broken", XLSX)
    page = client.post(f"/plans/{plan.pk}/evaluation/upload/", {"file": bad}).content.decode()
    assert "无法读取文件 坏.xlsx" in page
    assert uploads.EVALUATION_KEY not in client.session
    assert not SelfEvaluation.objects.exists()


def test_cancel_writes_nothing(setup: dict[str, Any], login: Any, tmp_path: Path) -> None:
    plan = setup["plan"]
    client = login("unit_filler")
    path = _filled_evaluation(plan, tmp_path / "e.xlsx")
    r = client.post(f"/plans/{plan.pk}/evaluation/upload/", {"file": _upload(path)})
    token = client.session[uploads.EVALUATION_KEY]["token"]
    stale = client.post(r["Location"], {"token": "other", "action": "confirm"})
    assert stale["Location"] == f"/plans/{plan.pk}/evaluation/upload/"
    r = client.post(r["Location"], {"token": token, "action": "cancel"})
    assert r["Location"] == f"/plans/{plan.pk}/evaluation/"
    assert uploads.EVALUATION_KEY not in client.session
    assert not SelfEvaluation.objects.exists()
    r = client.get(f"/plans/{plan.pk}/evaluation/upload/preview/")
    assert r.status_code == 302 and r["Location"] == f"/plans/{plan.pk}/evaluation/upload/"


# --- who may upload ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["other_filler", "dept_filler", "dept_reviewer", "finance", "auditor", "admin"]
)
def test_only_the_plans_own_fillers_may_upload(
    setup: dict[str, Any], login: Any, who: str, tmp_path: Path
) -> None:
    rnd, plan = setup["round"], setup["plan"]
    client = login(who)
    m_path = _fill_monitoring(_monitoring_workbook(rnd, tmp_path / "m.xlsx"), FILLED)
    e_path = _filled_evaluation(plan, tmp_path / "e.xlsx")
    for url, path in (
        (f"/monitoring/{rnd.pk}/upload/", m_path),
        (f"/plans/{plan.pk}/evaluation/upload/", e_path),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"file": _upload(path)}).status_code == 403, url
        preview = url + "preview/"
        assert client.get(preview).status_code == 403, preview
        assert client.post(preview, {"action": "confirm", "token": "x"}).status_code == 403
    assert not ProjectProgress.objects.exists() and not SelfEvaluation.objects.exists()
    assert AuditEvent.objects.filter(action="denied", actor_username=who).count() == 8
    # no upload button where one may not upload
    if who != "admin":
        assert "upload-monitoring" not in client.get(f"/monitoring/{rnd.pk}/").content.decode()
        assert (
            "upload-evaluation" not in client.get(f"/plans/{plan.pk}/evaluation/").content.decode()
        )


def test_a_preview_does_not_leak_to_another_round(
    world: Any, setup: dict[str, Any], login: Any, tmp_path: Path
) -> None:
    """A pending preview belongs to its round: another round's confirm page has none."""
    rnd = setup["round"]
    other = open_round(
        setup["plan"], world.users["finance"], as_of=rnd.as_of.replace(month=9, day=30)
    )
    client = login("unit_filler")
    path = _fill_monitoring(_monitoring_workbook(rnd, tmp_path / "m.xlsx"), FILLED)
    client.post(f"/monitoring/{rnd.pk}/upload/", {"file": _upload(path)})
    token = client.session[uploads.PROGRESS_KEY]["token"]
    r = client.post(
        f"/monitoring/{other.pk}/upload/preview/", {"token": token, "action": "confirm"}
    )
    assert r["Location"] == f"/monitoring/{other.pk}/upload/"
    assert not ProjectProgress.objects.exists()


def test_preview_data_is_plain_json(setup: dict[str, Any], tmp_path: Path) -> None:
    """What waits in the session is JSON (the session serializer's) and holds no path."""
    import json

    from jixiao.web.cycle import evaluation

    rnd, plan = setup["round"], setup["plan"]
    ev = evaluation.start(setup["projects"][0], plan.created_by)
    ev.status = "returned"
    ev.save()
    m_path = _fill_monitoring(_monitoring_workbook(rnd, tmp_path / "m.xlsx"), FILLED)
    e_path = _filled_evaluation(plan, tmp_path / "e.xlsx")
    for preview in (
        uploads.preview_progress(rnd, _upload(m_path)),
        uploads.preview_evaluation(plan, _upload(e_path)),
    ):
        text = json.dumps(preview, ensure_ascii=False)
        assert "jixiao-upload" not in text and str(tmp_path) not in text
        assert json.loads(text) == preview
        assert len(text.encode()) < 100_000
        assert all(p["write"] for p in preview["projects"])

"""`jixiao serve --demo` and `jixiao manage`: demo users per role, the seed imported and taken
through the cycle (approval, a monitoring round, the self-evaluation) with the demo data."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from jixiao.web.accounts.models import Role, User
from jixiao.web.demo import DEMO_PASSWORD, DEMO_USERS, create_demo
from jixiao.web.plans.models import Plan

from .conftest import REPO, SEED

DATA = SEED.parent


def test_create_demo_imports_the_seed(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    result = create_demo(SEED)
    assert {u.role for u in result.users} == set(Role)
    for du in DEMO_USERS:
        user = User.objects.get(username=du.username)
        assert user.check_password(DEMO_PASSWORD) and user.role == du.role
    plan = Plan.objects.get(pk=result.plan_id)
    assert (plan.organisation.name, plan.year, plan.status) == ("开发区商务局", 2023, "approved")
    assert list(plan.projects.values_list("code", flat=True)) == ["103001001", "103001002"]
    # a second run changes nothing but the passwords
    again = create_demo(SEED)
    assert again.plan_id == result.plan_id and Plan.objects.count() == 1


def test_demo_refused_in_production_settings(db: Any, settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(RuntimeError, match="演示数据只能在开发设置下创建"):
        create_demo(SEED)
    assert not Plan.objects.exists()


# --- the cycle on the demo data --------------------------------------------------------------


@pytest.fixture
def demo(db: Any, settings: Any) -> Any:
    settings.DEBUG = True
    result = create_demo(SEED)
    return result, Plan.objects.get(pk=result.plan_id)


def _ledger_yuan(code: str) -> Decimal:
    """The sum of the project's rows in the demo payments ledger (元)."""
    with (DATA / "payments.csv").open(encoding="utf-8") as fh:
        return sum(
            (Decimal(r["支付金额(元)"]) for r in csv.DictReader(fh) if r["项目编码"] == code),
            Decimal(0),
        )


def test_demo_plan_is_submitted_and_approved_by_the_demo_users(demo: Any) -> None:
    from jixiao.web.audit.models import AuditEvent
    from jixiao.web.plans.models import ReviewRecord

    result, plan = demo
    assert plan.status == "approved" and plan.approved_at is not None
    events = list(plan.versions.order_by("number").values_list("event", "actor__username"))
    assert events == [
        ("import", "shangwu_tianbao"),
        ("submit", "shangwu_tianbao"),
        ("dept_approve", "shangwu_shenhe"),
        ("finance_approve", "caizheng"),
    ]
    reviews = ReviewRecord.objects.filter(plan=plan).order_by("id")
    assert [(r.stage, r.decision, r.reviewer.username) for r in reviews] == [
        ("department", "approve", "shangwu_shenhe"),
        ("finance", "approve", "caizheng"),
    ]
    transitions = AuditEvent.objects.filter(
        action="transition", object_type="plan", plan_id=plan.pk
    )
    assert [(e.actor_username, e.after["transition"]) for e in transitions.order_by("id")] == [
        ("shangwu_tianbao", "submit"),
        ("shangwu_shenhe", "dept_approve"),
        ("caizheng", "finance_approve"),
    ]
    assert "批复" in result.cycle_message


def test_demo_monitoring_round_has_the_demo_ledger_and_progress(demo: Any) -> None:
    from jixiao.web.audit.models import AuditEvent
    from jixiao.web.cycle import monitoring, summaries
    from jixiao.web.cycle.models import IndicatorProgress, MonitoringRound, ProjectProgress

    result, plan = demo
    rnd = MonitoringRound.objects.get(plan=plan)
    assert rnd.as_of == date(2023, 7, 31) and rnd.created_by.username == "shangwu_shenhe"
    ledger = monitoring.active_ledger(rnd)
    assert ledger is not None and ledger.uploaded_by.username == "shangwu_tianbao"
    # the spending figures are the ledger's rows as of 2023-07-31 (all rows of the demo file)
    summary = {p["code"]: p for p in summaries.round_summary(rnd)["projects"]}
    for code in ("103001001", "103001002"):
        yuan = _ledger_yuan(code)
        assert sum(Decimal(m) for m in ledger.aggregate[code]["by_month"]) == yuan
        assert Decimal(str(summary[code]["spent_wan"])) == yuan / 10000
    # an indicator's progress is progress.yaml's
    items = yaml.safe_load((DATA / "progress.yaml").read_text(encoding="utf-8"))
    item = next(
        i for i in items if i["project_code"] == "103001001" and i["indicator"] == "签约项目"
    )
    row = IndicatorProgress.objects.get(
        sheet__round=rnd, sheet__project__code="103001001", indicator__level3="签约项目"
    )
    assert (row.value, row.forecast, row.likelihood) == (
        item["value"],
        item["forecast"],
        item["likelihood"],
    )
    reasons = next(
        i["reasons"]
        for i in items
        if i["project_code"] == "103001002" and i["indicator"] == "预算执行"
    )
    sheet2 = ProjectProgress.objects.get(round=rnd, project__code="103001002")
    assert sheet2.reasons == reasons
    # every sheet the service accepts is submitted; one it refuses has a red/yellow row
    # without a reason (the demo data leaves one on purpose)
    sheets = ProjectProgress.objects.filter(round=rnd).select_related("project")
    assert sheets.count() == 2
    submitted = {s.project.code for s in sheets if s.submitted_at is not None}
    assert "103001001" in submitted
    for s in sheets:
        if s.submitted_at is None:
            assert monitoring.project_report(rnd, s.project).needs_reason
            assert f"{s.project.code} 未提交" in result.cycle_message
        else:
            assert s.submitted_by.username == "shangwu_tianbao"
    # audited as the demo users' steps
    by = set(
        AuditEvent.objects.filter(plan_id=plan.pk).values_list(
            "actor_username", "action", "object_type"
        )
    )
    assert {
        ("shangwu_shenhe", "create", "monitoringround"),
        ("shangwu_tianbao", "upload", "ledgerupload"),
        ("shangwu_tianbao", "update", "ledgerupload"),
        ("shangwu_tianbao", "update", "projectprogress"),
        ("shangwu_tianbao", "transition", "projectprogress"),
    } <= by
    assert "运行监控 截至 2023-07-31" in result.cycle_message


def test_demo_self_evaluation_scores_are_the_cores(demo: Any) -> None:
    from jixiao.domain.profile import load_profile
    from jixiao.evaluate import evaluate_plan
    from jixiao.evaluate.actuals import read_actuals
    from jixiao.ingest import parse_file
    from jixiao.web.audit.models import AuditEvent
    from jixiao.web.cycle import evaluation
    from jixiao.web.cycle.models import SelfEvaluation

    result, plan = demo
    profile = load_profile(plan.profile)
    expected = evaluate_plan(
        parse_file(SEED, profile=profile), read_actuals(DATA / "actuals.yaml"), profile
    )
    stored = {
        e.project.code: e
        for e in SelfEvaluation.objects.filter(plan=plan).select_related("project")
    }
    assert set(stored) == {pe.project.code for pe in expected.projects}
    for pe in expected.projects:
        ev = stored[pe.project.code]
        assert (ev.status, ev.updated_by.username) == ("draft", "shangwu_tianbao")
        assert (ev.computed_total, ev.computed_grade) == (pe.total, pe.grade)
        assert f"{pe.project.code} {pe.total} 分 {pe.grade}" in result.cycle_message
    # row by row, and the department roll-up, from what is stored
    web = evaluation.plan_evaluation(plan)
    for got, want in zip(web.projects, expected.projects, strict=True):
        assert [r.result.score for r in got.indicators] == [r.result.score for r in want.indicators]
        assert got.execution_rate == want.execution_rate
    assert web.department.score == expected.department.score
    creates = AuditEvent.objects.filter(object_type="selfevaluation", plan_id=plan.pk)
    assert set(creates.values_list("actor_username", flat=True)) == {"shangwu_tianbao"}
    assert {"create", "update"} <= set(creates.values_list("action", flat=True))


def _counts() -> dict[str, int]:
    from jixiao.web.audit.models import AuditEvent
    from jixiao.web.cycle.models import (
        FundActualRow,
        IndicatorActualRow,
        IndicatorProgress,
        LedgerUpload,
        MonitoringRound,
        ProjectProgress,
        SelfEvaluation,
    )
    from jixiao.web.plans.models import PlanVersion, ReviewRecord

    models = (
        Plan,
        PlanVersion,
        ReviewRecord,
        MonitoringRound,
        LedgerUpload,
        ProjectProgress,
        IndicatorProgress,
        SelfEvaluation,
        FundActualRow,
        IndicatorActualRow,
    )
    counts = {m.__name__: m.objects.count() for m in models}
    counts["audit"] = AuditEvent.objects.exclude(plan_id=None).count()
    return counts


def test_demo_twice_creates_nothing_twice(demo: Any) -> None:
    _, plan = demo
    before = _counts()
    assert before["MonitoringRound"] == 1 and before["SelfEvaluation"] == 2
    again = create_demo(SEED)
    assert again.plan_id == plan.pk
    assert _counts() == before
    assert "原有" in again.cycle_message and "未完成" not in again.cycle_message


def test_demo_without_the_demo_data_leaves_a_draft(db: Any, settings: Any, tmp_path: Path) -> None:
    from jixiao.web.cycle.models import MonitoringRound, SelfEvaluation

    settings.DEBUG = True
    shutil.copy(SEED, tmp_path / SEED.name)
    shutil.copy(DATA / "payments.csv", tmp_path / "payments.csv")
    result = create_demo(tmp_path / SEED.name)
    plan = Plan.objects.get(pk=result.plan_id)
    assert plan.status == "draft"
    assert not MonitoringRound.objects.exists() and not SelfEvaluation.objects.exists()
    assert "progress.yaml、actuals.yaml" in result.cycle_message
    assert "计划保持原状态" in result.cycle_message


def test_finance_dashboard_shows_the_demo_monitoring(demo: Any, client: Any) -> None:
    from jixiao.web.cycle import summaries
    from jixiao.web.cycle.models import MonitoringRound

    _, plan = demo
    client.force_login(User.objects.get(username="caizheng"))
    assert client.get("/dashboard/").status_code == 200  # finance: the list of departments
    r = client.get(f"/dashboard/departments/{plan.organisation_id}/")
    assert r.status_code == 200
    page = r.content.decode()
    rnd = MonitoringRound.objects.get(plan=plan)
    for p in summaries.round_summary(rnd)["projects"]:
        row = re.search(
            rf'<tr class="row-(\w+)"><td>\d+</td><td>{p["code"]}</td>.*?</tr>', page, re.S
        )
        assert row is not None, p["code"]
        assert row.group(1) == p["light"] != "unmonitored"
        assert p["name"] in row.group(0) and p["light_label"] in row.group(0)
    assert "招商费用" in page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return {**env, "JIXIAO_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}


def test_serve_demo_starts_a_working_site(tmp_path: Path) -> None:
    port = _free_port()
    jixiao = [sys.executable, "-m", "jixiao"]
    proc = subprocess.Popen(
        [*jixiao, "serve", "--demo", "--port", str(port)],
        env=_env(tmp_path),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        assert body == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
            assert "登录" in r.read().decode()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
    for du in DEMO_USERS:
        assert du.username in output
    assert DEMO_PASSWORD in output
    assert "已导入 000_bf5cb89b1d3e99b6.txt: 2 个项目" in output
    assert (tmp_path / "jixiao.sqlite3").is_file()


def test_manage_passes_through(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jixiao", "manage", "check"],
        env=_env(tmp_path),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_serve_with_missing_seed_file_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jixiao", "serve", "--demo", "--seed", str(tmp_path / "no.txt")],
        env=_env(tmp_path),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "文件不存在" in result.stderr and "Traceback" not in result.stderr

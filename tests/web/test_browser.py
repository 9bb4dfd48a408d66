"""The whole workflow in a real headless Chromium (Debian's chromium, driven by Playwright).

log in → import the seed → see findings → fix a finding (live value parsing and live findings
while typing) → submit → department approves → finance returns with a comment → fix →
approve; then an adjustment after approval, reviewed the same way, visible in the history.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jixiao.web.plans.models import Indicator, Plan, PlanStatus

from .conftest import PASSWORD, build_world

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    yield pg
    context.close()
    assert errors == [], f"browser errors: {errors}"  # no JS errors, no CSP violations


def sign_in(page: Any, username: str) -> None:
    if page.locator("#logout").count():
        page.click("#logout")
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#logout")


def review(
    page: Any, plan_id: int, stage: str, decision: str, grade: str, comment: str = ""
) -> None:
    page.goto(f"/plans/{plan_id}/")
    page.click("#action-dept-review" if stage == "department" else "#action-finance-review")
    page.wait_for_selector("#review-form")
    # the automatic findings are shown next to the reviewer's decision
    assert page.locator("table.findings tr[data-check]").count() > 0
    page.check(f"input[name=decision][value={decision}]")
    page.check(f"input[name=grade][value='{grade}']")
    if comment:
        page.fill("#id_comment", comment)
    page.click("#review-submit")
    page.wait_for_url(re.compile(rf".*/plans/{plan_id}/$"))


def submit(page: Any, plan_id: int) -> None:
    page.goto(f"/plans/{plan_id}/")
    page.click("#action-submit")
    page.click("#submit-confirm")
    page.wait_for_url(re.compile(rf".*/plans/{plan_id}/$"))
    assert page.inner_text("#plan-status").startswith("待部门审核")


def status(page: Any) -> str:
    return str(page.inner_text("#plan-status"))


def edit_target(page: Any, project_id: int, row: int, value: str, preview: str) -> None:
    """Type a new 指标值 in row ``row`` (0-based) and wait for the core's live reading."""
    page.goto(f"/projects/{project_id}/edit/")
    field = page.locator(f"input[name='indicators-{row}-target_raw']")
    field.fill(value)
    hint = page.locator(f"input[name='indicators-{row}-target_raw'] ~ .target-preview")
    hint.filter(has_text=preview).wait_for()


@pytest.mark.django_db(transaction=True)
def test_import_review_return_fix_approve(page: Any, seed_text: Path) -> None:
    world = build_world()
    sign_in(page, "dept_filler")

    # import the seed document: preview with parsed content and findings, then confirm
    page.goto("/plans/import/")
    page.select_option("#id_organisation", str(world.a.pk))
    page.fill("#id_year", "2023")
    page.set_input_files("#id_file", str(seed_text))
    page.click("#import-submit")
    page.wait_for_selector("#import-confirm")
    assert Plan.objects.count() == 0
    assert "招商费用" in page.content() and "扶持资金" in page.content()
    assert page.locator("tr[data-check='empty-target']").count() == 3
    page.click("#import-confirm")
    page.wait_for_selector("#plan-status")
    plan = Plan.objects.get(organisation=world.a, year=2023)
    assert status(page) == "草稿"

    # the findings page shows what the core found
    page.goto(f"/plans/{plan.pk}/findings/")
    assert page.locator("tr[data-check='empty-target']").count() == 3

    # fix one finding: 促进经济增长 (row 6 of 招商费用) had no value
    project = plan.projects.get(code="103001001")
    row = Indicator.objects.get(project=project, level3="促进经济增长").position
    edit_target(page, project.pk, row, "增长5%以上", "≥ 5 %")
    # live findings (unsaved): the empty-value finding of that row has gone
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('#live-findings li'))"
        ".some(li => li.dataset.check === 'empty-target' && li.textContent.includes('第6条'))"
    )
    page.click("#project-save")
    page.wait_for_selector("#project-findings")
    assert "第6条指标" not in " ".join(
        page.locator("#project-findings tr[data-check='empty-target']").all_inner_texts()
    )
    assert Indicator.objects.get(project=project, level3="促进经济增长").target_display == "≥ 5 %"

    submit(page, plan.pk)

    sign_in(page, "dept_reviewer")
    review(page, plan.pk, "department", "approve", "良")
    assert status(page) == "待财政审核"

    sign_in(page, "finance")
    review(page, plan.pk, "finance", "return", "中", "开发区经济稳步发展请填写可衡量的指标值")
    assert status(page) == "已退回"

    # the filler sees the comment, fixes and resubmits
    sign_in(page, "dept_filler")
    page.goto(f"/plans/{plan.pk}/")
    assert "开发区经济稳步发展请填写可衡量的指标值" in page.content()
    row = Indicator.objects.get(project=project, level3="开发区经济稳步发展").position
    edit_target(page, project.pk, row, "GDP增长6%以上", "≥ 6 %")
    page.click("#project-save")
    page.wait_for_selector("#project-findings")
    submit(page, plan.pk)

    sign_in(page, "dept_reviewer")
    review(page, plan.pk, "department", "approve", "优")
    sign_in(page, "finance")
    review(page, plan.pk, "finance", "approve", "优")
    assert status(page) == "已批复"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED

    page.goto(f"/plans/{plan.pk}/history/")
    history = page.content()
    for label in ("导入", "提交审核", "部门审核通过", "财政审核退回", "财政审核通过 (批复)"):
        assert label in history


@pytest.mark.django_db(transaction=True)
def test_adjustment_after_approval(page: Any, seed_text: Path) -> None:
    from jixiao.web.plans import core, importing, workflow

    world = build_world()
    dp = core.parse_document(seed_text, "national")
    plan = importing.save_import(world.a, 2023, dp, world.users["dept_filler"], "national")
    workflow.transition(plan, "submit", world.users["dept_filler"])
    workflow.transition(plan, "dept_approve", world.users["dept_reviewer"], grade="良")
    workflow.transition(plan, "finance_approve", world.users["finance"], grade="良")

    sign_in(page, "dept_filler")
    page.goto(f"/plans/{plan.pk}/")
    assert "已批复的绩效目标已冻结" in page.content()
    page.click("#action-adjust")
    page.fill("#id_reason", "管委会追加招商任务, 签约项目目标调整为20个")
    page.click("#adjust-submit")
    page.wait_for_selector("#plan-status")
    assert status(page) == "草稿 (调整)"

    project = plan.projects.get(code="103001001")
    row = Indicator.objects.get(project=project, level3="签约项目").position
    edit_target(page, project.pk, row, "20个", "20 个")
    page.click("#project-save")
    page.wait_for_selector("#project-findings")
    submit(page, plan.pk)

    sign_in(page, "dept_reviewer")
    review(page, plan.pk, "department", "approve", "良")
    sign_in(page, "finance")
    page.goto(f"/plans/{plan.pk}/review/finance/")
    assert "管委会追加招商任务" in page.content()  # the reviewer sees the adjustment reason
    review(page, plan.pk, "finance", "approve", "优")
    assert status(page) == "已批复"

    page.goto(f"/plans/{plan.pk}/history/")
    assert "管委会追加招商任务" in page.content()
    page.click("text=/v\\d+ → v\\d+/")
    diff = page.inner_text("table.diff")
    assert "15个" in diff and "20个" in diff

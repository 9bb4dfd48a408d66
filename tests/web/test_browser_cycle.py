"""Monitoring, self-evaluation and dashboards in a real headless Chromium (Debian's chromium,
driven by Playwright, as the part-1 browser tests).

1. A unit uploads a payments ledger (preview with the row errors, then confirm); its lagging
   project shows red on the department dashboard, whose ECharts canvases are drawn (pixels
   checked) with Chinese labels.
2. A unit enters year-end actuals: the score and grade appear and follow the typing (the core
   computes them live); the required explanation is asked for; the self-evaluation is submitted.

The page fixture fails a test on any JavaScript error or CSP violation in the console.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from jixiao.web.cycle.models import LedgerUpload, SelfEvaluation

from .conftest import build_world
from .test_browser import browser, page, sign_in  # noqa: F401  (fixtures)
from .test_cycle_support import approved_plan, confirm_ledger, open_round

PIXELS = """(id) => {
  const el = document.getElementById(id);
  const canvas = el.querySelector('canvas');
  const ctx = canvas.getContext('2d');
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) { painted++; } }
  return {painted: painted, total: canvas.width * canvas.height};
}"""

OPTION = """(id) => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  const o = chart.getOption();
  return {title: o.title[0].text, categories: o.xAxis[0].data || o.yAxis[0].data,
          series: o.series.map(s => s.name), png: chart.getDataURL({type: 'png'}).length};
}"""


def assert_drawn(pg: Any, chart_id: str) -> dict[str, Any]:
    pg.wait_for_selector(f"#{chart_id}[data-drawn='1'] canvas")
    pixels = pg.evaluate(PIXELS, chart_id)
    assert pixels["total"] > 0
    assert pixels["painted"] > pixels["total"] * 0.005, f"{chart_id} is blank: {pixels}"
    option: dict[str, Any] = pg.evaluate(OPTION, chart_id)
    assert option["png"] > 1000
    return option


@pytest.mark.django_db(transaction=True)
def test_ledger_upload_turns_a_lagging_project_red_on_the_dashboard(
    page: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    world = build_world()
    plan = approved_plan(world.a1)
    other = approved_plan(world.a2, code_prefix="Q")
    rnd = open_round(plan, world.users["finance"])
    # the other unit's project spends on time: 140 / 150 = 93.33% → green
    confirm_ledger(
        open_round(other, world.users["finance"]),
        world.users["finance"],
        [("2023-03-01", "Q001", "1400000")],
    )
    ledger = tmp_path / "支付台账.csv"
    ledger.write_bytes(
        "支付日期,项目编码,支付金额(元),摘要\n"
        "2023-03-15,P001,100000.00,招商推介会场地租赁\n"
        "2023-02-30,P001,5000.00,日期写错的一行\n".encode("gbk")
    )

    sign_in(page, "unit_filler")
    page.goto(f"/monitoring/{rnd.pk}/")
    page.click("#upload-ledger")
    page.set_input_files("#id_file", str(ledger))
    page.click("#ledger-submit")
    page.wait_for_selector("#ledger-confirm")
    # the preview lists the row that cannot be counted; nothing is applied yet
    issue = page.locator("#ledger-issues tr[data-row='3']")
    assert "日期无效" in issue.inner_text()
    assert page.inner_text("#rows-counted") == "1"
    assert LedgerUpload.objects.get(round=rnd).status == "pending"
    page.click("#ledger-confirm")
    page.wait_for_url(re.compile(rf".*/monitoring/{rnd.pk}/$"))
    # 10 / 150 = 6.67% against 7/12 = 58.33%: r = 11.43 → red
    assert page.inner_text("#kpi-rate").startswith("6.67%")
    row = page.locator(f"#lights-table tr[data-project='{plan.projects.get().pk}']")
    assert row.get_attribute("class") == "row-red"

    sign_in(page, "dept_reviewer")
    page.goto("/dashboard/")
    page.wait_for_url(re.compile(rf".*/dashboard/departments/{world.a.pk}/$"))
    red_row = page.locator("#dashboard-projects tr.row-red")
    assert red_row.count() == 1 and "P001" in red_row.inner_text()
    assert "红灯" in red_row.inner_text()
    lights = assert_drawn(page, "chart-lights")
    assert lights["title"] == "项目预警灯分布"
    assert lights["categories"][:4] == ["红灯", "黄灯", "蓝灯", "绿灯"]
    progress = assert_drawn(page, "chart-progress")
    assert progress["series"] == ["累计支出进度", "支出计划进度", "时序进度"]
    assert progress["categories"][0] == "1月"
    for chart_id in ("chart-review", "chart-evaluation", "chart-budget"):
        assert_drawn(page, chart_id)
    # the table fallback holds the same numbers
    assert page.locator("#dashboard-projects tr.row-green").count() == 1
    assert page.locator("#table-lights [data-light-count='red']").text_content() == "1"

    page.goto(f"/dashboard/projects/{plan.projects.get().pk}/")
    spending = assert_drawn(page, "chart-spending")
    assert spending["title"] == "累计支出与支出计划 (万元)"
    assert spending["series"] == ["累计支出", "计划累计支出"]


@pytest.mark.django_db(transaction=True)
def test_actuals_show_the_score_and_grade_as_typed(page: Any) -> None:  # noqa: F811
    world = build_world()
    plan = approved_plan(world.a1)
    project = plan.projects.get()
    ids = list(project.indicators.order_by("position").values_list("pk", flat=True))

    sign_in(page, "unit_filler")
    page.goto(f"/projects/{project.pk}/evaluation/")
    page.fill("input[name='fund-0-adjusted']", "150")
    page.fill("input[name='fund-0-spent']", "150")
    page.fill(f"input[name='row-{ids[0]}-actual']", "15个")
    page.fill(f"input[name='row-{ids[1]}-actual']", "达成年度指标")
    page.fill(f"input[name='row-{ids[1]}-score']", "30")
    page.fill(f"input[name='row-{ids[2]}-actual']", "96%")
    # 10 + 50 + 30 + 10 = 100 → 优, computed by the core while typing (nothing saved)
    page.locator("#live-total", has_text=re.compile(r"^100(\.00)?$")).wait_for()
    assert page.inner_text("#live-grade") == "优"
    assert not SelfEvaluation.objects.exists()

    page.fill(f"input[name='row-{ids[0]}-actual']", "12个")
    # 12 / 15 × 50 = 40: 10 + 40 + 30 + 10 = 90 → still 优 (≥ 90), but an explanation is due
    page.locator("#live-total", has_text=re.compile(r"^90(\.00)?$")).wait_for()
    page.locator("#live-missing li", has_text="签约项目").wait_for()
    assert page.inner_text(f"[data-score-for='{ids[0]}']").startswith("40")
    page.fill(f"input[name='row-{ids[0]}-actual']", "9个")
    # 9 / 15 × 50 = 30: 10 + 30 + 30 + 10 = 80 → 良
    page.locator("#live-grade", has_text="良").wait_for()
    assert re.match(r"^80(\.00)?$", page.inner_text("#live-total"))

    page.fill(f"textarea[name='row-{ids[0]}-explanation']", "部分项目推迟至下年签约")
    page.click("#evaluation-save")
    page.wait_for_url(re.compile(rf".*/projects/{project.pk}/evaluation/$"))
    assert (
        page.inner_text("#live-total").startswith("80") and page.inner_text("#live-grade") == "良"
    )
    assert page.locator("#submit-evaluation").is_enabled()
    page.click("#submit-evaluation")
    page.wait_for_url(re.compile(rf".*/projects/{project.pk}/evaluation/$"))
    assert page.inner_text("#evaluation-status") == "待部门审核"
    ev = SelfEvaluation.objects.get()
    assert (str(ev.computed_total), ev.computed_grade, ev.status) == ("80.00", "良", "submitted")

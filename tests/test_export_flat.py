"""Flat tables (jixiao.export.flat): integrated-budget-system field names, CSV and JSON.

Hand-worked figures of the seed (payments in examples/seed/payments.csv, as of 2023-07-31):
103001001 spent 50000+40000+35000+25000+120000+80000+110000+90000+130000+70000+90000
−20000+50000 = 870000 元 of 1500000 元 → 执行率 58%; 103001002 spent 8+6+7+5+4 = 30 百万元 =
30000000 元 of 80000000 元 → 37.5%; 时序进度 7/12 = 58.33%.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from answer_key import plan_from_answer_key
from jixiao.domain import jsonio
from jixiao.domain.model import Plan
from jixiao.evaluate.actuals import read_actuals
from jixiao.evaluate.engine import evaluate_plan
from jixiao.export import flat
from jixiao.monitor import run_monitor
from jixiao.review.engine import review_plan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "seed"


def _seed() -> Plan:
    plan = plan_from_answer_key()
    plan.department = "某开发区商务局"
    return plan


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    plan = _seed()
    return {
        "plan": plan,
        "review": review_plan(plan),
        "monitoring": run_monitor(plan, payments=EXAMPLES / "payments.csv",
                                  as_of=date(2023, 7, 31)),
        "evaluation": evaluate_plan(plan, read_actuals(EXAMPLES / "actuals.yaml")),
    }


@pytest.fixture(scope="module")
def tables(results: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return flat.tables(results["plan"], review=results["review"],
                       monitoring=results["monitoring"], evaluation=results["evaluation"])


def test_every_table_has_exactly_its_documented_fields(tables: dict[str, Any]) -> None:
    assert list(tables) == list(flat.FIELDS)
    for name, rows in tables.items():
        assert rows, name
        for row in rows:
            assert tuple(row) == flat.FIELDS[name], name


def test_projects_table(tables: dict[str, Any]) -> None:
    first, second = tables["projects"]
    assert first["pro_code"] == "103001001" and first["pro_name"] == "招商费用"
    assert first["fiscal_year"] == 2023 and first["dept_name"] == "某开发区商务局"
    assert first["reply_amt"] == Decimal("1500000")  # 150 万元 in 元
    assert first["fiscal_amt"] == Decimal("1500000") and first["other_amt"] is None
    assert first["kpi_target"] == "完成年度招商引资任务"
    assert first["spend_plan"] == "3月底:10;6月底:50;10月底:80;12月底:100"
    assert (first["ind_count"], second["ind_count"]) == (10, 9)
    assert second["reply_amt"] == Decimal("80000000")


def test_indicator_table_uses_system_names(tables: dict[str, Any]) -> None:
    rows = tables["indicators"]
    assert len(rows) == 19
    row = next(r for r in rows if r["lv3_perf_ind_name"] == "跨境电商交易额")
    assert (row["lv1_perf_ind_name"], row["lv2_perf_ind_name"]) == ("产出指标", "数量指标")
    assert row["ind_no"] == 2
    assert row["kpi_val"] == "26亿元"  # as written
    assert (row["kpi_ope"], row["kpi_num"], row["kpi_unit"]) == ("≥", 26, "亿元")
    assert (row["kpi_std_num"], row["kpi_std_unit"]) == (2600000000, "元")
    assert row["val_basis"] == "工作要求" and row["val_basis_code"] == "计划标准"
    deadline = next(r for r in rows if r["lv3_perf_ind_name"] == "完成时间")
    assert deadline["kpi_kind"] == "time" and deadline["kpi_deadline"] == "2023-12-31"
    empty = [r for r in rows if r["kpi_kind"] == "empty"]
    assert len(empty) == 4 and all(r["kpi_val"] is None for r in empty)


def test_findings_table_follows_the_review(results: dict[str, Any],
                                           tables: dict[str, Any]) -> None:
    review = results["review"]
    rows = tables["findings"]
    assert len(rows) == len(review.findings)
    assert [r["check_id"] for r in rows] == [f.check for f in review.findings]
    project_rows = [r for r in rows if r["pro_code"] == "103001001"]
    assert project_rows and all(r["pro_name"] == "招商费用" for r in project_rows)
    assert {r["severity"] for r in rows} <= {"error", "warning", "info"}


def test_monitoring_tables(tables: dict[str, Any]) -> None:
    a, b = tables["monitoring_projects"]
    assert a["as_of"] == "2023-07-31"
    assert a["year_exe_amt"] == Decimal("870000")
    assert a["exe_amt_rate"] == Decimal("58")
    assert a["time_progress"] == Decimal("58.33")
    assert b["year_exe_amt"] == Decimal("30000000")
    assert b["exe_amt_rate"] == Decimal("37.5")
    assert (a["spend_light"], b["spend_light"]) == ("green", "yellow")
    rows = tables["monitoring"]
    # the blank row 8 of 103001001 (生态效益指标 without name or value) is not monitored
    assert len(rows) == 18
    assert [r["ind_no"] for r in rows if r["pro_code"] == "103001001"] == [
        1, 2, 3, 4, 5, 6, 7, 9, 10]
    assert all(r["perf_comp"] is None for r in rows)  # no progress file was given
    assert rows[0]["kpi_val"] == "15个" and rows[0]["ind_no"] == 1


def test_evaluation_tables(tables: dict[str, Any]) -> None:
    a, b = tables["evaluation_projects"]
    assert a["reply_amt"] == Decimal("1500000") and a["cur_amt"] == Decimal("1500000")
    assert a["year_exe_amt"] == Decimal("1476000")  # 147.6 万元
    assert a["exe_amt_rate"] == Decimal("98.4")
    assert a["exe_score"] == Decimal("9.84")  # min(0.984 × 10, 10)
    assert a["grade"] == "优" and b["grade"] == "中"
    assert b["cur_amt"] == Decimal("76000000") and b["year_exe_amt"] == Decimal("65000000")
    rows = tables["evaluation"]
    first = rows[0]
    assert first["lv3_perf_ind_name"] == "签约项目"
    assert first["ind_comp"] == "20个" and first["kpi_val"] == "15个"
    assert first["ind_weight"] == Decimal("10") and first["eval_score"] == Decimal("10")
    assert first["is_achieved"] is True


def test_csv_files_open_in_excel_and_keep_exact_numbers(results: dict[str, Any],
                                                        tmp_path: Path) -> None:
    written = flat.write_csv(tmp_path / "out", results["plan"], review=results["review"],
                             monitoring=results["monitoring"],
                             evaluation=results["evaluation"])
    assert sorted(p.name for p in written) == sorted(
        [f"{name}.csv" for name in flat.FIELDS] + ["plan.json"])
    raw = (tmp_path / "out" / "indicators.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel/WPS read it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == flat.INDICATOR_FIELDS
    row = dict(zip(rows[0], rows[2], strict=True))
    assert row["kpi_std_num"] == "2600000000"  # never 2.6E+9
    assert row["lv3_perf_ind_name"] == "跨境电商交易额"
    evaluation = list(csv.DictReader(io.StringIO(
        (tmp_path / "out" / "evaluation.csv").read_text(encoding="utf-8-sig"))))
    assert evaluation[0]["is_achieved"] == "是"
    plan_back = jsonio.plan_from_json((tmp_path / "out" / "plan.json").read_text("utf-8"))
    assert jsonio.plan_to_dict(plan_back) == jsonio.plan_to_dict(results["plan"])


def test_json_holds_the_lossless_plan_and_the_tables(results: dict[str, Any]) -> None:
    data = jsonio.loads(flat.to_json(results["plan"], evaluation=results["evaluation"]))
    assert data["format"] == "jixiao.tables" and data["money_unit"] == "元"
    assert list(data["tables"]) == ["projects", "indicators", "evaluation_projects",
                                    "evaluation"]
    assert jsonio.plan_to_dict(jsonio.plan_from_dict(data["plan"])) == jsonio.plan_to_dict(
        results["plan"])
    a = data["tables"]["evaluation_projects"][0]
    assert a["exe_amt_rate"] == Decimal("98.4") and isinstance(a["exe_amt_rate"], Decimal)

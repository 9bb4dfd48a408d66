"""``jixiao evaluate`` on the seed plan with the demo actuals: text, JSON, XLSX, errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from answer_key import plan_from_answer_key
from jixiao.cli import app
from jixiao.domain import jsonio

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "seed" / "actuals.yaml"
runner = CliRunner()


@pytest.fixture
def plan_json(tmp_path: Path) -> Path:
    path = tmp_path / "seed.plan.json"
    path.write_text(jsonio.plan_to_json(plan_from_answer_key()), encoding="utf-8")
    return path


def test_text_output_shows_grades(plan_json: Path) -> None:
    result = runner.invoke(
        app, ["evaluate", str(plan_json), "--actuals", str(DEMO)], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "项目支出绩效自评表" in out and "演示数据" in out
    assert "总分 97.59" in out and "评价等级 优" in out  # 103001001 招商费用
    assert "总分 75.86" in out and "评价等级 中" in out  # 103001002 扶持资金
    assert "还需填写的说明 (1 项)" in out and "签约项目" in out
    assert "部门汇总" in out and "部门得分 76.28" in out


def test_json_output(plan_json: Path) -> None:
    result = runner.invoke(
        app, ["evaluate", str(plan_json), "--actuals", str(DEMO), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output, parse_float=Decimal)
    assert data["format"] == "jixiao.evaluation" and data["profile"] == "national"
    one, two = data["projects"]
    assert (one["code"], one["total"], one["grade"]) == ("103001001", Decimal("97.59"), "优")
    assert (two["code"], two["total"], two["grade"]) == ("103001002", Decimal("75.86"), "中")
    assert one["execution"] == {
        "rate_percent": Decimal("98.40"),
        "points": 10,
        "score": Decimal("9.84"),
        "rule": "execution_linear",
        "rule_text": "执行率×分值 (封顶)",
        "reason": None,
    }
    row = one["indicators"][6]
    assert (
        row["level3"],
        row["target"],
        row["actual"],
        row["weight"],
        row["score"],
        row["rule"],
    ) == (
        "增加就业",
        "2000人",
        "1850人",
        Decimal("10.00"),
        Decimal("9.25"),
        "ge",
    )
    assert [e["subject"] for e in one["explanations_missing"]] == ["签约项目"]
    assert two["explanations_required"][0]["kind"] == "execution"
    assert data["rollup"]["grades"] == {"优": 1, "良": 0, "中": 1, "差": 0}
    assert data["rollup"]["execution_rate_percent"] == Decimal("85.78")  # 6647.6 / 7750


def test_profile_option(plan_json: Path) -> None:
    result = runner.invoke(
        app, ["evaluate", str(plan_json), "-a", str(DEMO), "-p", "hubei", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    one = json.loads(result.output, parse_float=Decimal)["projects"][0]
    assert one["execution"]["points"] == 20 and one["execution"]["score"] == Decimal("19.68")


def test_xlsx_output(plan_json: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "自评表.xlsx"
    result = runner.invoke(
        app,
        ["evaluate", str(plan_json), "--actuals", str(DEMO), "--format", "xlsx", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["部门汇总", "103001001", "103001002"]
    ws = wb["103001001"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert ws["A1"].value == "项目支出绩效自评表" and ws["A2"].value == "(2023年度)"
    assert any(isinstance(v, str) and "单位：万元" in v for v in cells)
    for heading in (
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "年度指标值",
        "实际完成值",
        "偏差原因分析及改进措施",
        "总分",
        "评价等级",
        "年度资金总额",
        "预期目标",
        "实际完成情况",
    ):
        assert heading in cells, heading
    total_row = cells["年度资金总额"].row
    values = [ws.cell(row=total_row, column=c).value for c in range(3, 9)]
    assert values == [150, 150, 147.6, 10, 0.984, 9.84]  # numbers, not text
    assert ws.cell(row=total_row, column=7).number_format == "0.00%"
    grade_row = cells["评价等级"].row
    assert (
        ws.cell(row=grade_row, column=7).value == 97.59
        and ws.cell(row=grade_row, column=9).value == "优"
    )
    summary = wb["部门汇总"]
    grades = [summary.cell(row=r, column=8).value for r in range(1, summary.max_row + 1)]
    assert "优" in grades and "中" in grades


def test_text_to_file(plan_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    result = runner.invoke(app, ["evaluate", str(plan_json), "-a", str(DEMO), "-o", str(out)])
    assert result.exit_code == 0 and out.is_file()
    assert "评价等级 优" in out.read_text(encoding="utf-8")


def test_bad_actuals_give_a_chinese_error(plan_json: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "projects:\n  - code: 103001001\n    funds:\n      - spent: 很多\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["evaluate", str(plan_json), "--actuals", str(bad)])
    assert result.exit_code == 2
    assert "错误" in result.output and "bad.yaml" in result.output and "第4行" in result.output
    assert "Traceback" not in result.output
    missing = runner.invoke(app, ["evaluate", str(tmp_path / "none.json"), "--actuals", str(DEMO)])
    assert missing.exit_code == 2 and "不存在" in missing.output
    profile = runner.invoke(
        app, ["evaluate", str(plan_json), "--actuals", str(DEMO), "-p", "nowhere"]
    )
    assert profile.exit_code == 2 and "找不到规则配置" in profile.output


def test_document_plan_through_the_ingester() -> None:
    """The README's main command: the seed document itself (parsed by ``jixiao.ingest``)."""
    from answer_key import SEED_TEXT

    result = runner.invoke(
        app, ["evaluate", str(SEED_TEXT), "--actuals", str(DEMO), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output, parse_float=Decimal)
    assert [(p["code"], p["grade"]) for p in data["projects"]] == [
        ("103001001", "优"),
        ("103001002", "中"),
    ]

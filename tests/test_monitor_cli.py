"""``jixiao monitor`` on the demo data: JSON figures, the XLSX table, text, and user errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from answer_key import plan_from_answer_key
from jixiao.cli import app
from jixiao.domain import jsonio

runner = CliRunner()
SEED = Path(__file__).resolve().parents[1] / "examples" / "seed"


@pytest.fixture
def plan_json(tmp_path: Path) -> Path:
    path = tmp_path / "seed.plan.json"
    path.write_text(jsonio.plan_to_json(plan_from_answer_key()), encoding="utf-8")
    return path


def _args(plan_json: Path, *extra: str) -> list[str]:
    return [
        "monitor",
        str(plan_json),
        "--payments",
        str(SEED / "payments.csv"),
        "--progress",
        str(SEED / "progress.yaml"),
        "--as-of",
        "2023-07-31",
        *extra,
    ]


def test_json_output_on_the_demo(plan_json: Path) -> None:
    result = runner.invoke(app, _args(plan_json, "--format", "json"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output, parse_float=Decimal)
    p1, p2 = data["projects"]
    # 87 万元 of 150: 58%; 3000 of 8000: 37.5%; time 7/12 = 58.33%; plan 57.5%
    assert (p1["code"], p1["spent_wan"], p1["execution_rate"]) == (
        "103001001",
        87,
        Decimal("58.00"),
    )
    assert (p2["code"], p2["spent_wan"], p2["execution_rate"]) == (
        "103001002",
        3000,
        Decimal("37.50"),
    )
    assert p1["time_progress"] == p2["time_progress"] == Decimal("58.33")
    assert p1["planned_progress"] == Decimal("57.50")
    assert p1["spending_light"]["light"] == "green" and p2["spending_light"]["light"] == "yellow"
    assert [p1["light"], p2["light"]] == ["yellow", "red"]
    lights = {i["level3"]: i["light"] for i in p2["indicators"]}
    assert lights["实际利用外资到位数"] == "red" and lights["增加就业"] == "yellow"
    # department: 3087 / 8150 = 37.88%
    assert data["department"]["spent_wan"] == 3087
    assert data["department"]["execution_rate"] == Decimal("37.88")
    march = data["department"]["series"][2]
    assert (march["spent_wan"], march["plan_wan"], march["time_percent"]) == (
        815,
        815,
        Decimal("25.00"),
    )


def test_xlsx_output(plan_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "监控表.xlsx"
    result = runner.invoke(app, _args(plan_json, "--format", "xlsx", "-o", str(out)))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["运行监控表", "月度进度", "输入问题"]
    ws = wb["运行监控表"]
    assert ws["A1"].value == "2023年度项目支出绩效运行监控表"
    assert any(c.value == "单位：万元" for c in ws[3])
    # first project block starts on row 6: code, name, budget, adjusted, spent (万元), rate
    assert [ws.cell(6, c).value for c in range(1, 6)] == ["103001001", "招商费用", 150, 150, 87]
    assert ws.cell(6, 6).value == 0.58  # 执行率 58% as a fraction with a percent format
    assert ws.cell(6, 6).number_format == "0.00%"
    assert ws.cell(6, 9).value == "绿灯"
    assert ws.column_dimensions["L"].width == 20


def test_text_output(plan_json: Path) -> None:
    result = runner.invoke(app, _args(plan_json))
    assert result.exit_code == 0, result.output
    assert "支出进度" in result.output and "需填写偏差原因" in result.output
    assert "增加就业" in result.output and "退款" in result.output


def test_amount_unit_option_overrides_default(plan_json: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text("date,project_code,amount\n2023-07-01,103001001,87\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "monitor",
            str(plan_json),
            "--payments",
            str(ledger),
            "--as-of",
            "2023-07-31",
            "--amount-unit",
            "万元",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output, parse_float=Decimal)
    assert data["projects"][0]["spent_wan"] == 87
    assert data["ledger"]["unit_source"] == "option"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--as-of", "2023-13-01"], "--as-of 日期无效"),
        (["--amount-unit", "美元"], "--amount-unit 无效"),
        (["--format", "xlsx"], "需要用 -o"),
    ],
)
def test_user_errors_are_one_chinese_line(plan_json: Path, extra: list[str], message: str) -> None:
    args = [
        "monitor",
        str(plan_json),
        "--payments",
        str(SEED / "payments.csv"),
        "--as-of",
        "2023-07-31",
        *extra,
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_ledger_and_unit_conflict(plan_json: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "monitor",
            str(plan_json),
            "--payments",
            str(tmp_path / "none.csv"),
            "--as-of",
            "2023-07-31",
        ],
    )
    assert result.exit_code == 2 and "文件不存在" in result.output
    result = runner.invoke(
        app,
        [
            "monitor",
            str(plan_json),
            "--payments",
            str(SEED / "payments.csv"),
            "--as-of",
            "2023-07-31",
            "--amount-unit",
            "万元",
        ],
    )
    # the demo ledger says 支付金额(元) in its header
    assert result.exit_code == 2 and "不一致" in result.output and "C1" in result.output


def test_the_seed_document_itself() -> None:
    """The README's command: the seed text through the ingester gives the same monitoring."""
    result = runner.invoke(
        app,
        [
            "monitor",
            str(SEED / "000_bf5cb89b1d3e99b6.txt"),
            "--payments",
            str(SEED / "payments.csv"),
            "--progress",
            str(SEED / "progress.yaml"),
            "--as-of",
            "2023-07-31",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output, parse_float=Decimal)
    assert [(p["code"], p["execution_rate"], p["light"]) for p in data["projects"]] == [
        ("103001001", Decimal("58.00"), "yellow"),
        ("103001002", Decimal("37.50"), "red"),
    ]
    assert data["progress_issues"] == []
    assert [r["row"] for r in data["needs_reason"]] == ["增加就业"]

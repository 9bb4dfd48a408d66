"""``jixiao export``: formats, tables, the blank template, and Chinese one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from answer_key import plan_from_answer_key
from jixiao.cli import app
from jixiao.domain import jsonio

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "seed"
runner = CliRunner()


@pytest.fixture()
def plan_json(tmp_path: Path) -> Path:
    plan = plan_from_answer_key()
    plan.department = "某开发区商务局"
    path = tmp_path / "plan.json"
    path.write_text(jsonio.plan_to_json(plan), encoding="utf-8")
    return path


def test_template_needs_no_plan(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    result = runner.invoke(app, ["export", "--template", "--year", "2025", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["项目1"]
    assert ws["A1"].value == "项目支出绩效目标表" and ws["A2"].value == "（2025年度）"


def test_xlsx_tables(plan_json: Path, tmp_path: Path) -> None:
    targets = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["export", str(plan_json), "-o", str(targets)]).exit_code == 0
    assert load_workbook(targets).sheetnames == ["汇总", "103001001 招商费用", "103001002 扶持资金"]
    dept = tmp_path / "d.xlsx"
    result = runner.invoke(app, ["export", str(plan_json), "--table", "department",
                                 "-o", str(dept)])
    assert result.exit_code == 0, result.output
    assert load_workbook(dept).sheetnames == ["部门整体"]
    ev = tmp_path / "e.xlsx"
    result = runner.invoke(app, ["export", str(plan_json), "--table", "evaluation",
                                 "--actuals", str(EXAMPLES / "actuals.yaml"), "-o", str(ev)])
    assert result.exit_code == 0, result.output
    assert load_workbook(ev).sheetnames == ["部门汇总", "103001001", "103001002"]
    mon = tmp_path / "m.xlsx"
    result = runner.invoke(app, ["export", str(plan_json), "--table", "monitoring",
                                 "--payments", str(EXAMPLES / "payments.csv"),
                                 "--as-of", "2023-07-31", "-o", str(mon)])
    assert result.exit_code == 0, result.output
    assert "运行监控表" in load_workbook(mon).sheetnames


def test_html_without_review_and_csv_folder(plan_json: Path, tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    result = runner.invoke(app, ["export", str(plan_json), "--to", "html", "--no-review",
                                 "--no-charts", "-o", str(html)])
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    assert "招商费用" in text and 'id="review"' not in text and "<svg" not in text
    folder = tmp_path / "tables"
    result = runner.invoke(app, ["export", str(plan_json), "--to", "csv", "-o", str(folder),
                                 "--payments", str(EXAMPLES / "payments.csv"),
                                 "--as-of", "2023-07-31"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "findings.csv", "indicators.csv", "monitoring.csv", "monitoring_projects.csv",
        "plan.json", "projects.csv",
    ]


def test_pdf_with_every_section(plan_json: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    result = runner.invoke(app, [
        "export", str(plan_json), "--to", "pdf", "-o", str(pdf),
        "--payments", str(EXAMPLES / "payments.csv"), "--as-of", "2023-07-31",
        "--actuals", str(EXAMPLES / "actuals.yaml"),
    ])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--table", "monitoring"], "导出监控表需要给出 --payments 和 --as-of"),
        (["--payments", "x.csv"], "运行监控需要同时给出 --payments (支付台账) 和 --as-of"),
        (["--progress", "p.csv"], "--progress / --adjustments 需要同时给出 --payments"),
        (["--payments", "x.csv", "--as-of", "2023-13-45"], "--as-of 日期无效"),
        (["--template", "--to", "pdf"], "--template 只能导出 xlsx"),
    ],
)
def test_bad_option_combinations(plan_json: Path, tmp_path: Path, args: list[str],
                                 message: str) -> None:
    result = runner.invoke(app, ["export", str(plan_json), "-o", str(tmp_path / "x"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_output_and_plan_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--to", "html"])
    assert result.exit_code == 2 and "请用 -o 指定输出文件" in result.output
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "请给出计划文件 PLAN" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"projects": [', encoding="utf-8")
    result = runner.invoke(app, ["export", str(bad), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "bad.json 第1行: 不是有效的 JSON" in result.output

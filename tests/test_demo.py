"""The README's main job: the whole cycle on the bundled seed document."""

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import run_demo
from jixiao.monitor.lights import Light

REPO = Path(__file__).resolve().parents[1]


def test_demo_runs_every_stage_on_the_seed(tmp_path: Path):
    result = run_demo(tmp_path, REPO / "examples" / "seed", pdf=False)
    plan = result.plan
    assert [p.code for p in plan.projects] == ["103001001", "103001002"]
    assert sum(len(p.indicators) for p in plan.projects) == 19
    assert plan.leftovers == []

    # review: both projects carry errors (empty values, 预算资金完成率 as 成本指标)
    assert [str(result.review.project_grade(i).grade) for i in (1, 2)] == ["中", "中"]
    assert result.review.of_check("misplaced-execution-rate")

    # monitoring on the demo ledger: 87 of 150 万元 = 58%; 3000 of 8000 万元 = 37.5%
    lights = {s.project.code: s for s in result.monitoring.projects}
    assert lights["103001001"].spending.rate * 100 == 58
    assert lights["103001002"].spending.rate * 100 == 37.5
    assert lights["103001002"].light is Light.RED

    # self-evaluation on the demo actuals: one 优, one 中
    grades = {e.project.code: e.grade for e in result.evaluation.projects}
    assert grades == {"103001001": "优", "103001002": "中"}

    names = {f.name for f in result.files}
    for expected in (
        "plan.json",
        "review.html",
        "监控表.xlsx",
        "自评表.xlsx",
        "绩效目标表.xlsx",
        "report.html",
        "projects.csv",
    ):
        assert expected in names
    saved = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert saved["projects"][1]["name"] == "扶持资金"
    wb = openpyxl.load_workbook(tmp_path / "自评表.xlsx", read_only=True)
    assert len(wb.sheetnames) == 3  # summary + one sheet per project
    assert "招商费用" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_demo_command_prints_the_summary(tmp_path: Path):
    result = CliRunner().invoke(
        app,
        [
            "demo",
            "--no-pdf",
            "--no-web",
            "-o",
            str(tmp_path),
            "--data",
            str(REPO / "examples" / "seed"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2 个项目, 19 个指标" in result.output
    assert "扶持资金" in result.output and "红灯" in result.output


def test_demo_without_data_is_a_clear_error(tmp_path: Path):
    result = CliRunner().invoke(app, ["demo", "-o", str(tmp_path), "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "没有 000_bf5cb89b1d3e99b6.txt" in result.output
    assert "Traceback" not in result.output

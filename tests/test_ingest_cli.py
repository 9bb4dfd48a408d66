"""``jixiao parse``: JSON and table output, files, standard input, and clear errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from answer_key import SEED_TEXT
from jixiao.cli import app
from jixiao.domain.jsonio import plan_from_json

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "ingest"


def test_json_output_is_the_plan():
    result = runner.invoke(app, ["parse", str(SEED_TEXT), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "jixiao.plan" and data["year"] == 2023
    assert [p["code"] for p in data["projects"]] == ["103001001", "103001002"]
    plan = plan_from_json(result.output)
    assert plan.projects[0].funds.total is not None
    assert plan.projects[0].funds.total.amount == Decimal(150)
    assert len(plan.projects[1].indicators) == 9
    assert len(plan.measures) == 10


def test_table_output_is_readable_chinese():
    result = runner.invoke(app, ["parse", str(SEED_TEXT)], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    out = result.output
    for words in (
        "总体绩效目标",
        "分项绩效目标",
        "目标规划及保障措施",
        "103001001 招商费用",
        "跨境电商交易额",
        "根据年初工作安排",
        "2023-12-31",
        "无遗留内容",
    ):
        assert words in out, words
    assert "共 2 个项目, 19 条指标, 5 个分项目标, 10 条保障措施, 0 处遗留内容" in out


def test_table_lists_the_leftovers_with_their_lines():
    result = runner.invoke(app, ["parse", str(DATA / "footers_boilerplate.txt")])
    assert result.exit_code == 0, result.output
    assert "未能归入计划的内容 (10 处)" in result.output
    assert "页码 (页眉/页脚)" in result.output


def test_output_file_and_standard_input(tmp_path: Path):
    out = tmp_path / "plan.json"
    text = (DATA / "no_levels.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["parse", "-", "-f", "json", "-o", str(out)], input=text)
    assert result.exit_code == 0, result.output
    plan = plan_from_json(out.read_text(encoding="utf-8"))
    assert plan.source_file == "<stdin>"
    assert [i.level3 for i in plan.projects[0].indicators] == [
        "就餐人数",
        "食品安全事故",
        "就餐人员满意度",
    ]
    table = tmp_path / "plan.txt"
    result = runner.invoke(app, ["parse", str(DATA / "no_levels.txt"), "-o", str(table)])
    assert result.exit_code == 0
    assert "机关食堂运行经费" in table.read_text(encoding="utf-8")


def test_errors_are_one_chinese_line_without_traceback(tmp_path: Path):
    result = runner.invoke(app, ["parse", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "文件不存在" in result.output and "Traceback" not in result.output
    pdf = tmp_path / "table.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = runner.invoke(app, ["parse", str(pdf)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["parse", "-"], input="")
    assert result.exit_code == 2 and "标准输入为空" in result.output


def test_profile_option(tmp_path: Path):
    custom = tmp_path / "mine.toml"
    custom.write_text('extends = "national"\n[ingest.columns]\nvalue = ["预期达到值"]\n', "utf-8")
    text = "项目名称 甲\n一级指标 二级指标 三级指标 预期达到值\n产出指标 数量指标 培训人数 100人\n"
    src = tmp_path / "doc.txt"
    src.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(src), "-f", "json", "-p", str(custom)])
    assert result.exit_code == 0, result.output
    plan = plan_from_json(result.output)
    assert plan.projects[0].indicators[0].target.raw == "100人"
    # without the profile's extra header word the column is unknown: its cells are kept
    # as leftovers, the target stays empty
    plain = plan_from_json(runner.invoke(app, ["parse", str(src), "-f", "json"]).output)
    ind = plain.projects[0].indicators[0]
    assert ind.level3 == "培训人数" and ind.target.is_empty
    assert [(lo.text, lo.reason) for lo in plain.leftovers] == [
        ("100人", "未使用的列: 未识别的表头 预期达到值 (培训人数)")
    ]

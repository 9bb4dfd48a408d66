"""``jixiao recheck`` and the cross-form summary (ranked by net inflation, CSV, batch rows)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.domain import jsonio
from jixiao.domain.model import Indicator, Plan, Project
from jixiao.domain.values import parse_target
from jixiao.recheck import recheck_file, recheck_summary_rows

DATA = Path(__file__).parent / "data" / "recheck"
runner = CliRunner()


def test_summary_ranks_by_net_inflation() -> None:
    results = [
        *recheck_file(DATA / "national_money.txt"),  # −10
        *recheck_file(DATA / "national_inflated.txt"),  # +5.15
        *recheck_file(DATA / "national_clean.txt"),  # 0
    ]
    rows = recheck_summary_rows(results)
    expected = ["社区养老服务补助(复核样例)", "社区养老服务补助", "道路养护经费"]
    assert [r["project"] for r in rows] == expected
    assert [r["inflation"] for r in rows] == ["5.15", "0", "-10"]
    assert rows[0]["rank"] == 1 and rows[0]["discrepancies"] == 6 and rows[0]["n_rounded"] == 1
    assert rows[2]["n_money-rows-inconsistent"] == 1 and rows[2]["n_budget-cut-high-execution"] == 1


def test_cli_text_json_html_and_csv(tmp_path: Path) -> None:
    csv_path = tmp_path / "summary.csv"
    files = [str(DATA / "national_inflated.txt"), str(DATA / "real_tangxi_2022.txt")]
    result = runner.invoke(app, ["recheck", *files, "--summary-csv", str(csv_path)])
    assert result.exit_code == 0, result.output
    assert "rate-scored-satisfaction" in result.output and "复核汇总" in result.output
    with csv_path.open(encoding="utf-8-sig") as fh:
        table = list(csv.DictReader(fh))
    assert [row["file"] for row in table] == ["national_inflated.txt", "real_tangxi_2022.txt"]
    assert table[0]["inflation"] == "5.15" and table[1]["inflation"] == "-10"

    out = tmp_path / "r.json"
    result = runner.invoke(app, ["recheck", *files, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["forms"][0]["profile"] == "national"
    assert {d["reason"] for d in data["forms"][0]["discrepancies"]} >= {"rounded", "total-not-sum"}
    assert data["forms"][0]["rows"][0]["recomputed_score"] == 9.35

    html = tmp_path / "r.html"
    result = runner.invoke(app, ["recheck", files[0], "--format", "html", "-o", str(html)])
    assert result.exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "met-but-not-full" in page


def test_cli_forced_profile_and_plan(tmp_path: Path) -> None:
    forced = runner.invoke(app, ["recheck", str(DATA / "hubei_20.txt"), "--profile", "national"])
    assert forced.exit_code == 0 and "qualitative-out-of-band" in forced.output
    plan = Plan(
        year=2023,
        projects=[
            Project(
                "P1", "职业技能培训补贴",
                indicators=[Indicator("产出指标", "数量指标", "培训人次",
                                      target=parse_target("≥2000人次"))],
            )
        ],
    )
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(jsonio.plan_to_json(plan), encoding="utf-8")
    result = runner.invoke(
        app, ["recheck", str(DATA / "national_target.txt"), "--plan", str(plan_file)]
    )
    assert result.exit_code == 0, result.output
    assert "target-lowered" in result.output


def test_cli_unreadable_files_give_a_chinese_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pdf"
    result = runner.invoke(app, ["recheck", str(missing)])
    assert result.exit_code == 2 and "错误" in result.output
    assert "Traceback" not in result.output
    empty = tmp_path / "other.txt"
    empty.write_text("与自评无关的一段文字", encoding="utf-8")
    result = runner.invoke(app, ["recheck", str(empty), str(DATA / "national_clean.txt")])
    assert result.exit_code == 0 and "未找到绩效自评表" in result.output

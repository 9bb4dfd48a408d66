"""``jixiao review``: Plan JSON or a document in, text / JSON / HTML out."""

import json

import pytest
from typer.testing import CliRunner

import jixiao.ingest
from answer_key import plan_from_answer_key
from jixiao.cli import app
from jixiao.domain import jsonio

runner = CliRunner()


@pytest.fixture
def seed_json(tmp_path):
    path = tmp_path / "seed.plan.json"
    path.write_text(jsonio.plan_to_json(plan_from_answer_key()), encoding="utf-8")
    return path


def test_text_output(seed_json):
    result = runner.invoke(app, ["review", str(seed_json)])
    assert result.exit_code == 0, result.output
    assert "目标审核报告" in result.output
    assert "预算资金完成率" in result.output
    assert "建议等级" in result.output


def test_json_output(seed_json):
    result = runner.invoke(app, ["review", str(seed_json), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["summary"]["grade"] == "中"
    assert data["plan"]["source_file"] == "seed.plan.json"
    assert data["summary"]["counts"] == {"error": 6, "warning": 11, "info": 2}


def test_html_to_a_file(seed_json, tmp_path):
    out = tmp_path / "review.html"
    result = runner.invoke(app, ["review", str(seed_json), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "开发区经济稳步发展" in page


def test_text_to_a_file_has_no_colour_codes(seed_json, tmp_path):
    out = tmp_path / "review.txt"
    assert runner.invoke(app, ["review", str(seed_json), "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "\x1b[" not in text and "━━ 项目 103001002 扶持资金" in text


def test_fail_on_error_exits_1(seed_json):
    assert runner.invoke(app, ["review", str(seed_json), "--fail-on", "error"]).exit_code == 1
    assert runner.invoke(app, ["review", str(seed_json), "--fail-on", "none"]).exit_code == 0


def test_profile_option(seed_json, tmp_path):
    prof = tmp_path / "strict.toml"
    prof.write_text(
        'name = "strict"\nextends = "national"\n'
        "[review.checks.copied-indicator-set]\nsimilarity = 0.9\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["review", str(seed_json), "-f", "json", "--profile", str(prof)])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["profile"] == "strict"
    checks = [f["check"] for p in data["projects"] for f in p["findings"]]
    assert "misplaced-execution-rate" in checks
    assert "copied-indicator-set" not in checks


@pytest.mark.parametrize(
    "content, message",
    [
        ("{bad", "不是有效的 JSON (第1行"),
        ('{"format": "other"}', "不是有效的计划 JSON"),
    ],
)
def test_bad_plan_json_is_a_chinese_error(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["review", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_unknown_profile(tmp_path, seed_json):
    result = runner.invoke(app, ["review", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "文件不存在" in result.output
    result = runner.invoke(app, ["review", str(seed_json), "--profile", "atlantis"])
    assert result.exit_code == 2 and "找不到规则配置" in result.output


def test_documents_go_through_the_ingester(tmp_path, monkeypatch):
    seen = {}

    def fake_parse_file(path, profile=None):
        seen["path"], seen["profile"] = path, profile.name
        return plan_from_answer_key()

    monkeypatch.setattr(jixiao.ingest, "parse_file", fake_parse_file, raising=False)
    doc = tmp_path / "seed.txt"
    doc.write_text("…", encoding="utf-8")
    result = runner.invoke(app, ["review", str(doc), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert seen == {"path": doc, "profile": "national"}
    assert json.loads(result.output)["summary"]["grade"] == "中"

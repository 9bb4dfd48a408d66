import json

from typer.testing import CliRunner

from jixiao.cli import app

runner = CliRunner()


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "profile" in result.output


def test_profile_show_json_has_categories():
    result = runner.invoke(app, ["profile", "show", "sichuan", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["chain"] == ["sichuan", "national"]
    names = [l1["name"] for l1 in data["data"]["categories"]["level1"]]
    assert names[:3] == ["产出指标", "效益指标", "满意度指标"]


def test_unknown_profile_is_a_clear_error_without_traceback():
    result = runner.invoke(app, ["profile", "show", "atlantis"])
    assert result.exit_code == 2
    assert "找不到规则配置" in result.output
    assert "Traceback" not in result.output

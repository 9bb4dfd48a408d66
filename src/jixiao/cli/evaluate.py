"""``jixiao evaluate``: year-end self-evaluation (绩效自评) of a plan against its actuals."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jixiao.cli import out_console, user_errors
from jixiao.domain import jsonio
from jixiao.domain.profile import load_profile
from jixiao.ingest.planfile import load_plan


class EvaluateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    XLSX = "xlsx"


@user_errors
def evaluate(
    plan_file: Annotated[
        Path, typer.Argument(help="计划: 计划 JSON (.json) 或绩效目标文档 (文本/PDF/Excel/Word)")
    ],
    actuals: Annotated[
        Path,
        typer.Option("--actuals", "-a", help="年终实际完成情况: YAML (主要格式) 或 CSV/XLSX 表"),
    ],
    profile: Annotated[
        str,
        typer.Option(
            "--profile", "-p", help="规则配置: 内置名称 (national / sichuan / hubei) 或 .toml 路径"
        ),
    ] = "national",
    output_format: Annotated[
        EvaluateFormat, typer.Option("--format", "-f", help="输出格式: text / json / xlsx")
    ] = EvaluateFormat.TEXT,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件 (xlsx 必须给出; 默认输出到屏幕)")
    ] = None,
) -> None:
    """绩效自评: 计算预算执行率得分、各指标得分、总分与评价等级, 列出还需填写的偏差说明。"""
    from jixiao.evaluate import evaluate_plan, read_actuals
    from jixiao.evaluate.report import evaluation_to_dict, render_text

    rule_profile = load_profile(profile)
    plan = load_plan(plan_file, rule_profile)
    data = read_actuals(actuals)
    ev = evaluate_plan(plan, data, rule_profile)
    if output_format is EvaluateFormat.XLSX:
        from jixiao.export.evaluation_xlsx import write_evaluation_xlsx

        target = out if out is not None else Path(plan_file.stem + ".自评表.xlsx")
        write_evaluation_xlsx(ev, target)
        out_console.print(f"已写入 {target}", highlight=False)
        return
    if output_format is EvaluateFormat.JSON:
        text = jsonio.dumps(evaluation_to_dict(ev)) + "\n"
        if out is None:
            typer.echo(text, nl=False)
            return
        out.write_text(text, encoding="utf-8")
        out_console.print(f"已写入 {out}", highlight=False)
        return
    if out is None:
        render_text(ev, out_console)
        return
    buffer = io.StringIO()
    render_text(ev, Console(file=buffer, width=160, color_system=None, highlight=False))
    out.write_text(buffer.getvalue(), encoding="utf-8")
    out_console.print(f"已写入 {out}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)

"""``jixiao evaluate``: year-end self-evaluation (绩效自评) of a plan against its actuals."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jixiao.cli import out_console, user_errors
from jixiao.domain import jsonio
from jixiao.domain.errors import InputError, JixiaoError
from jixiao.domain.model import Plan, SourceRef
from jixiao.domain.profile import RuleProfile, load_profile


class EvaluateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    XLSX = "xlsx"


def load_plan(path: Path, profile: RuleProfile) -> Plan:
    """A plan from Plan JSON (``.json``) or, for any other file, through the document ingesters."""
    if not path.is_file():
        raise InputError("计划文件不存在", SourceRef(file=str(path)))
    if path.suffix.lower() == ".json":
        try:
            text = path.read_text(encoding="utf-8-sig")
            plan = jsonio.plan_from_json(text)
        except UnicodeDecodeError as exc:
            raise InputError("计划 JSON 应为 UTF-8 编码", SourceRef(file=path.name)) from exc
        except json.JSONDecodeError as exc:
            raise InputError(
                f"不是有效的 JSON (第{exc.lineno}行第{exc.colno}列: {exc.msg})",
                SourceRef(file=path.name, line=exc.lineno),
            ) from exc
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(f"不是有效的计划 JSON: {exc}", SourceRef(file=path.name)) from exc
        if plan.source_file is None:
            plan.source_file = path.name
        return plan
    try:
        from jixiao.ingest import parse_file  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        raise JixiaoError(
            f"无法读取 {path.name}: 文档解析器不可用; 请提供计划 JSON 文件 (.json)"
        ) from exc
    result = parse_file(path, profile=profile)
    plan = result if isinstance(result, Plan) else getattr(result, "plan", None)
    if not isinstance(plan, Plan):
        raise JixiaoError(f"无法从 {path.name} 得到计划")
    return plan


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

"""``jixiao review``: automatic review of a plan's targets (目标审核)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli import out_console, user_errors
from jixiao.domain import jsonio
from jixiao.domain.errors import InputError, JixiaoError
from jixiao.domain.model import Plan, SourceRef
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.review import Severity, review_plan
from jixiao.review.render import print_text, render_html, render_text


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"


class FailOn(StrEnum):
    NONE = "none"
    ERROR = "error"
    WARNING = "warning"


def read_plan(path: Path, profile: RuleProfile) -> Plan:
    """A plan from Plan JSON (``.json``) or from a document through the ingesters."""
    if not path.is_file():
        raise InputError(f"文件不存在：{path}")
    if path.suffix.lower() == ".json":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("计划 JSON 应为 UTF-8 编码", SourceRef(file=str(path))) from exc
        try:
            plan = jsonio.plan_from_json(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）",
                SourceRef(file=str(path), line=exc.lineno),
            ) from exc
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(f"不是有效的计划 JSON: {exc}", SourceRef(file=str(path))) from exc
        if plan.source_file is None:
            plan.source_file = path.name
        return plan
    try:
        from jixiao.ingest import parse_file  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        raise JixiaoError(
            f"无法读取 {path.name}: 文档解析器尚不可用；请提供计划 JSON 文件 (.json)"
        ) from exc
    result = parse_file(path, profile=profile)
    found = result if isinstance(result, Plan) else getattr(result, "plan", None)
    if not isinstance(found, Plan):
        raise JixiaoError(f"无法从 {path.name} 得到计划")
    return found


@user_errors
def review(
    file: Annotated[
        Path, typer.Argument(help="要审核的文档（PDF/Excel/Word/文本）或计划 JSON (.json)")
    ],
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="规则配置：内置名称或 .toml 路径")
    ] = "national",
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式：text / json / html")
    ] = OutputFormat.TEXT,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件（默认输出到屏幕）")
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on", help="有该级别（或更严重）的发现时以退出码 1 结束：none / error / warning"
        ),
    ] = FailOn.NONE,
) -> None:
    """审核绩效目标：逐条检查指标与指标值，给出发现、建议和建议等级 (优/良/中/差)。"""
    rule_profile = load_profile(profile)
    plan = read_plan(file, rule_profile)
    report = review_plan(plan, rule_profile)
    if output_format is OutputFormat.JSON:
        text = report.to_json() + "\n"
    elif output_format is OutputFormat.HTML:
        text = render_html(report)
    else:
        text = render_text(report) if out is not None else ""
    if out is not None:
        out.write_text(text, encoding="utf-8")
        out_console.print(f"已写入 {out}", highlight=False)
    elif output_format is OutputFormat.TEXT:
        print_text(report, out_console)
    else:
        typer.echo(text, nl=False)
    if fail_on is not FailOn.NONE:
        counts = report.counts()
        worst = counts[Severity.ERROR] + (
            counts[Severity.WARNING] if fail_on is FailOn.WARNING else 0
        )
        if worst:
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("review")(review)

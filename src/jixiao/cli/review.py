"""``jixiao review``: automatic review of a plan's targets (目标审核)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli import out_console, user_errors
from jixiao.domain.profile import load_profile
from jixiao.ingest.planfile import load_plan
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
    plan = load_plan(file, rule_profile)
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

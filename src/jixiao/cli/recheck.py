"""``jixiao recheck``: re-check published self-evaluation forms (已公开绩效自评表复核)."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jixiao.cli import err_console, out_console, user_errors
from jixiao.domain import jsonio
from jixiao.domain.errors import InputError
from jixiao.domain.model import Plan
from jixiao.domain.profile import RuleProfile, load_profile


class RecheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"


@user_errors
def recheck(
    files: Annotated[
        list[Path],
        typer.Argument(help="已公开的绩效自评表: 文本/PDF/Excel/Word/网页, 可给多个"),
    ],
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            "-p",
            help="强制使用的规则配置 (national / sichuan / hubei 或 .toml); 默认按表格自动识别",
        ),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option("--plan", help="批复的绩效目标 (计划 JSON 或目标表文档), 用于比较年度指标值"),
    ] = None,
    output_format: Annotated[
        RecheckFormat, typer.Option("--format", "-f", help="输出格式: text / json / html")
    ] = RecheckFormat.TEXT,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件 (默认输出到屏幕)")
    ] = None,
    summary_csv: Annotated[
        Path | None, typer.Option("--summary-csv", help="把汇总 (按净虚增分排序) 写入 CSV")
    ] = None,
) -> None:
    """复核已公开的绩效自评表: 按规则重算每项得分, 列出虚增或不一致之处及其原因。"""
    from jixiao.ingest.planfile import load_plan
    from jixiao.recheck.engine import FormRecheck, recheck_file
    from jixiao.recheck.report import render_html, render_text, results_to_dict
    from jixiao.recheck.summary import write_summary_csv

    rule_profile: RuleProfile | None = load_profile(profile) if profile else None
    approved: Plan | None = None
    if plan is not None:
        approved = load_plan(plan, rule_profile or load_profile(None))
    results: list[FormRecheck] = []
    failures: list[tuple[str, str]] = []
    for path in files:
        try:
            found = recheck_file(path, rule_profile, plan=approved)
        except InputError as exc:
            failures.append((str(path), str(exc)))
            continue
        if not found:
            failures.append((str(path), "未找到绩效自评表 (没有资金行、指标表或总分)"))
        results.extend(found)
    if not results and failures:
        for name, error in failures:
            err_console.print(f"[bold red]错误[/]: {name}: {error}", highlight=False)
        raise typer.Exit(2)
    if summary_csv is not None:
        write_summary_csv(results, summary_csv)
    if output_format is RecheckFormat.JSON:
        text = jsonio.dumps(results_to_dict(results, failures)) + "\n"
    elif output_format is RecheckFormat.HTML:
        text = render_html(results, failures)
    else:
        if out is None:
            render_text(results, out_console, failures)
            if summary_csv is not None:
                out_console.print(f"汇总已写入 {summary_csv}", highlight=False)
            return
        buffer = io.StringIO()
        render_text(results, Console(file=buffer, width=160, color_system=None), failures)
        text = buffer.getvalue()
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        out.write_text(text, encoding="utf-8")
        out_console.print(f"已写入 {out}", highlight=False)
    if summary_csv is not None and out is not None:
        out_console.print(f"汇总已写入 {summary_csv}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("recheck")(recheck)

"""``jixiao monitor``: mid-year monitoring (运行监控 / 双监控) of a plan.

    jixiao monitor PLAN --payments LEDGER [--progress PROGRESS] [--adjustments ADJ]
                   --as-of DATE [--profile P] [--amount-unit 元|万元]
                   [--format text|json|xlsx] [-o OUT]

PLAN is a Plan JSON file or a document the ingesters read. See ``docs/monitor.md``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jixiao.cli import out_console, user_errors
from jixiao.domain import jsonio
from jixiao.domain.errors import InputError
from jixiao.domain.money import MoneyUnit, round_to
from jixiao.domain.profile import load_profile
from jixiao.ingest.planfile import load_plan
from jixiao.monitor.ledger import IssueKind, parse_date
from jixiao.monitor.lights import Light, fmt
from jixiao.monitor.progress import target_amount
from jixiao.monitor.report import (
    IndicatorStatus,
    MonitorReport,
    SpendingStatus,
    report_to_dict,
    run_monitor,
    wan,
)
from jixiao.monitor.timeprogress import to_decimal


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    XLSX = "xlsx"


_STYLE = {
    Light.RED: "bold red",
    Light.YELLOW: "bold yellow",
    Light.GREEN: "green",
    Light.BLUE: "bold blue",
    Light.NONE: "dim",
}
_LISTED = 20


def _light(light: Light) -> str:
    return f"[{_STYLE[light]}]{'●' if light is not Light.NONE else '—'} {light.label}[/]"


def _p(value: object, places: int) -> str:
    from fractions import Fraction

    if value is None:
        return "—"
    assert isinstance(value, Fraction)
    return f"{to_decimal(value * 100, places)}%"


def _w(yuan: object, places: int) -> str:
    from decimal import Decimal

    if yuan is None:
        return "—"
    assert isinstance(yuan, Decimal)
    v = wan(yuan)
    assert v is not None
    return f"{round_to(v, places):,f}"


def _spending_cells(s: SpendingStatus, places: int, wp: int) -> list[str]:
    gap = "—" if s.gap_time is None else f"{fmt(s.gap_time, places)}"
    return [
        _w(s.adjusted_yuan, wp),
        _w(s.spent_yuan, wp),
        _p(s.rate, places),
        _p(s.time, places),
        _p(s.planned, places),
        gap,
        _light(s.light.light),
        _w(s.forecast.yuan, wp),
    ]


def _indicator_row(s: IndicatorStatus, report: MonitorReport) -> list[str]:
    rules = report.rules
    ind = s.indicator
    e = s.entry
    reasons = "; ".join(f"{k}: {v}" for k, v in (e.reasons.items() if e else []))
    if e is not None and e.likelihood is not None:
        likely = f"{e.likelihood} {rules.likelihood_label(e.likelihood) or ''}"
    else:
        likely = "—"
    if s.forecast_text:
        forecast = s.forecast_text
    elif s.forecast is not None:
        _, unit = target_amount(s.target)
        forecast = f"{fmt(s.forecast, 2)}{unit or ''} ({'按当前值' if s.level else '按进度推算'})"
    else:
        forecast = "—"
    score = fmt(s.light.score, rules.percent_places) if s.light.score is not None else ""
    return [
        f"{ind.level2 or ''}\n{ind.level3 or ind.description or ''}",
        ind.target.raw or "(空)",
        (e.value if e and e.value else "—"),
        forecast,
        score,
        _light(s.light.light) + (" [bold]需说明[/]" if s.needs_reason else ""),
        reasons or "—",
        likely,
    ]


def render_text(report: MonitorReport, console: Console) -> None:
    """The 监控表 as readable tables (Chinese), then the rows that need attention."""
    rules = report.rules
    pp, wp = rules.percent_places, rules.wan_places
    tp = report.time
    console.print(
        f"[bold]运行监控 (双监控)[/]  {report.year}年  截至 {report.as_of}  "
        f"规则配置: {rules.profile_name}",
        highlight=False,
    )
    console.print(
        f"时序进度 {_p(tp.fraction, pp)} = {tp.explanation};  "
        f"计划进度按{'线性插值' if rules.plan_method == 'linear' else '阶梯'};  金额单位: 万元",
        highlight=False,
    )
    t = Table(title="支出进度", show_lines=False, header_style="bold")
    for col in (
        "项目编码",
        "项目名称",
        "调整后预算数",
        "截至支出数",
        "执行率",
        "时序进度",
        "计划进度",
        "与时序差(百分点)",
        "支出预警",
        "年末预计支出",
        "项目预警",
    ):
        t.add_column(col, justify="right" if col not in ("项目编码", "项目名称") else "left")
    for p in report.projects:
        t.add_row(
            p.code, p.project.name or "", *_spending_cells(p.spending, pp, wp), _light(p.light)
        )
    dep = report.department
    t.add_row(
        "[bold]合计[/]",
        "部门 (按金额加权)",
        *_spending_cells(dep.spending, pp, wp),
        _light(dep.worst_project_light),
        end_section=True,
    )
    console.print(t)
    for p in report.projects:
        for note in (*p.plan_notes, *p.spending.notes):
            console.print(f"  [yellow]注意[/] {p.code}: {note}", highlight=False)
        console.print(f"  {p.code} 支出预警: {p.spending.light.reason}", highlight=False)
        e = p.spending.entry
        if e is not None and e.reasons:
            reasons = "; ".join(f"{k}: {v}" for k, v in e.reasons.items())
            console.print(f"  {p.code} 预算执行偏差原因: {reasons}", highlight=False)
        if p.spending.needs_reason:
            console.print(
                f"  [bold]{p.code} 支出进度{p.spending.light.light.label}, 须填写偏差原因[/]",
                highlight=False,
            )
        if p.spending.forecast.yuan is not None:
            console.print(
                f"  {p.code} 年末预计: {p.spending.forecast.explanation} = "
                f"{_w(p.spending.forecast.yuan, wp)} 万元 ({_p(p.spending.forecast_rate, pp)})",
                highlight=False,
            )
    for p in report.projects:
        it = Table(
            title=f"{p.project.label} 绩效指标完成情况  项目预警 {_light(p.light)}",
            header_style="bold",
            show_lines=True,
        )
        for col in (
            "二级/三级指标",
            "年度指标值",
            "截至目前完成值",
            "全年预计完成值",
            "v",
            "预警",
            "偏差原因",
            "完成可能性",
        ):
            it.add_column(col)
        for s in p.indicators:
            it.add_row(*_indicator_row(s, report))
        console.print(it)
    if report.needs_reason:
        console.print("[bold]需填写偏差原因[/] (红灯/黄灯且未说明原因):")
        for r in report.needs_reason:
            console.print(f"  {r.project_code} {r.row}: {_light(r.light)}", highlight=False)
    if report.missing_progress:
        console.print("[bold]未填报截至目前完成值[/]:")
        for code, name in report.missing_progress:
            console.print(f"  {code} {name}", highlight=False)
    led = report.ledger
    unit_from = {"header": "表头", "option": "--amount-unit", "default": "默认"}[led.unit_source]
    console.print(
        f"[bold]支付台账[/] {led.file}: 数据 {led.rows_read} 行, 计入 {led.rows_counted} 行, "
        f"未计入 {led.rows_excluded} 行; 金额单位 {led.amount_unit.value} (来自{unit_from})",
        highlight=False,
    )
    if led.issue_counts:
        counts = ", ".join(f"{k.label} {n} 行" for k, n in led.issue_counts.items())
        console.print(f"  问题: {counts}", highlight=False)
        for issue in led.issues[:_LISTED]:
            style = {"error": "red", "warning": "yellow", "info": "dim"}[issue.kind.severity]
            console.print(f"  [{style}]{issue.describe()}[/]", highlight=False)
        shown = min(len(led.issues), _LISTED)
        total = sum(led.issue_counts.values())
        if total > shown:
            console.print(
                f"  … 另有 {total - shown} 行 (完整列表见 --format json)", highlight=False
            )
    for u in led.unknown_codes.values():
        console.print(
            f"  [red]未知项目编码[/] {u.code}: {u.rows} 行, 共 {_w(u.yuan, wp)} 万元 "
            f"(首见第{u.first_row}行)",
            highlight=False,
        )
    for title, data in (("指标进度表", report.progress), ("预算调整表", report.adjustments)):
        if data is not None and data.issues:
            console.print(f"[bold]{title}问题[/] {data.file}:")
            for i in data.issues:
                console.print(
                    f"  {'[red]' if i.severity == 'error' else '[yellow]'}{i.describe()}[/]",
                    highlight=False,
                )


def monitor_options(as_of: str, amount_unit: str | None) -> tuple[date, MoneyUnit | None]:
    """The ``--as-of`` date and the ledger's ``--amount-unit``, checked (export uses it too)."""
    day = parse_date(as_of)
    if day is None:
        raise InputError(f"--as-of 日期无效: {as_of!r} (应为 2023-07-31 这样的日期)")
    if amount_unit is None:
        return day, None
    try:
        return day, MoneyUnit.parse(amount_unit)
    except ValueError as exc:
        raise InputError(f"--amount-unit 无效: {amount_unit!r} (应为 元 / 万元 / 亿元)") from exc


def monitor(
    plan_file: Annotated[
        Path, typer.Argument(help="计划 JSON (.json) 或绩效目标文档", metavar="PLAN")
    ],
    payments: Annotated[
        Path, typer.Option("--payments", help="支付台账 (CSV/XLSX): 支付日期, 项目编码, 支付金额")
    ],
    as_of: Annotated[str, typer.Option("--as-of", help="截止日期, 如 2023-07-31")],
    progress: Annotated[
        Path | None, typer.Option("--progress", help="指标完成情况 (CSV/XLSX/YAML)")
    ] = None,
    adjustments: Annotated[
        Path | None, typer.Option("--adjustments", help="预算调整表 (CSV/XLSX)")
    ] = None,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="规则配置: 内置名称或 .toml 路径")
    ] = "national",
    amount_unit: Annotated[
        str | None, typer.Option("--amount-unit", help="台账金额单位: 元 或 万元 (表头未写明时)")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="输出格式: text / json / xlsx")
    ] = OutputFormat.TEXT,
    out: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件")] = None,
) -> None:
    """运行监控 (双监控): 支出进度与绩效目标完成情况, 预警灯与年末预计。"""
    day, unit = monitor_options(as_of, amount_unit)
    prof = load_profile(profile)
    plan = load_plan(plan_file, prof)
    report = run_monitor(
        plan,
        payments=payments,
        as_of=day,
        profile=prof,
        progress=progress,
        adjustments=adjustments,
        amount_unit=unit,
    )
    if output_format is OutputFormat.XLSX:
        if out is None:
            raise InputError("--format xlsx 需要用 -o 指定输出文件")
        from jixiao.export.monitoring_xlsx import write_monitoring_xlsx

        write_monitoring_xlsx(report, out)
        out_console.print(f"已写出监控表: {out}", highlight=False)
        return
    if output_format is OutputFormat.JSON:
        text = jsonio.dumps(report_to_dict(report))
        if out is None:
            print(text)
        else:
            out.write_text(text + "\n", encoding="utf-8")
        return
    if out is None:
        render_text(report, out_console)
    else:
        with out.open("w", encoding="utf-8") as fh:
            render_text(report, Console(file=fh, width=160, no_color=True, highlight=False))


def register(app: typer.Typer) -> None:
    app.command("monitor")(user_errors(monitor))


__all__ = ["IssueKind", "register", "render_text"]

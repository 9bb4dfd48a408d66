"""``jixiao export``: official Excel tables, PDF/HTML reports, flat CSV/JSON tables.

The command takes the same raw inputs as ``jixiao monitor`` and ``jixiao evaluate`` and runs
the core itself, so one call makes a complete report::

    jixiao export PLAN --to pdf -o report.pdf \\
        --payments payments.csv --as-of 2023-07-31 [--progress progress.xlsx] \\
        --actuals actuals.yaml
    jixiao export PLAN --to xlsx -o targets.xlsx                  # 项目支出绩效目标表
    jixiao export PLAN --to xlsx --table department -o dept.xlsx  # 部门整体支出绩效目标表
    jixiao export --template -o blank.xlsx                        # blank template to hand out
    jixiao export PLAN --to csv -o tables/                        # flat tables + plan.json
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jixiao.cli import out_console, user_errors
from jixiao.domain.errors import InputError
from jixiao.domain.model import Plan, SourceRef
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.ingest.planfile import load_plan

if TYPE_CHECKING:
    from jixiao.evaluate.results import Evaluation
    from jixiao.monitor.report import MonitorReport


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"
    HTML = "html"
    CSV = "csv"
    JSON = "json"


class Table(StrEnum):
    TARGETS = "targets"
    DEPARTMENT = "department"
    MONITORING = "monitoring"
    EVALUATION = "evaluation"


def _monitoring(
    plan: Plan,
    profile: RuleProfile,
    payments: Path | None,
    as_of: str | None,
    progress: Path | None,
    adjustments: Path | None,
    amount_unit: str | None,
) -> MonitorReport | None:
    if payments is None and as_of is None:
        if progress is not None or adjustments is not None:
            raise InputError("--progress / --adjustments 需要同时给出 --payments 和 --as-of")
        return None
    if payments is None or as_of is None:
        raise InputError("运行监控需要同时给出 --payments (支付台账) 和 --as-of (截止日期)")
    from jixiao.cli.monitor import monitor_options
    from jixiao.monitor import run_monitor

    day, unit = monitor_options(as_of, amount_unit)
    return run_monitor(
        plan,
        payments=payments,
        as_of=day,
        profile=profile,
        progress=progress,
        adjustments=adjustments,
        amount_unit=unit,
    )


def _evaluation(plan: Plan, profile: RuleProfile, actuals: Path | None) -> Evaluation | None:
    if actuals is None:
        return None
    from jixiao.evaluate.actuals import read_actuals
    from jixiao.evaluate.engine import evaluate_plan

    return evaluate_plan(plan, read_actuals(actuals), profile)


def _need(value: Any, what: str, option: str) -> Any:
    if value is None:
        raise InputError(f"导出{what}需要给出 {option}")
    return value


@user_errors
def export(
    plan_file: Annotated[
        Path | None,
        typer.Argument(
            help="计划: 计划 JSON (.json) 或绩效目标文档 (文本/PDF/Excel/Word)",
            metavar="PLAN",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        ExportFormat, typer.Option("--to", "-t", help="输出格式: xlsx / pdf / html / csv / json")
    ] = ExportFormat.XLSX,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件 (csv: 输出目录)")
    ] = None,
    table: Annotated[
        Table,
        typer.Option(
            "--table",
            help="xlsx 表格: targets 项目支出绩效目标表 / department 部门整体"
            " / monitoring 监控表 / evaluation 自评表",
        ),
    ] = Table.TARGETS,
    template: Annotated[
        bool, typer.Option("--template", help="导出空白的项目支出绩效目标表模板 (无需 PLAN)")
    ] = False,
    year: Annotated[int | None, typer.Option("--year", help="模板的年度")] = None,
    payments: Annotated[
        Path | None, typer.Option("--payments", help="运行监控: 支付台账 (CSV/XLSX)")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="运行监控: 截止日期, 如 2023-07-31")
    ] = None,
    progress: Annotated[
        Path | None, typer.Option("--progress", help="运行监控: 指标完成情况 (CSV/XLSX/YAML)")
    ] = None,
    adjustments: Annotated[
        Path | None, typer.Option("--adjustments", help="运行监控: 预算调整表 (CSV/XLSX)")
    ] = None,
    amount_unit: Annotated[
        str | None, typer.Option("--amount-unit", help="台账金额单位: 元 或 万元 (表头未写明时)")
    ] = None,
    actuals: Annotated[
        Path | None,
        typer.Option("--actuals", "-a", help="绩效自评: 年终实际完成情况 (YAML/CSV/XLSX)"),
    ] = None,
    review: Annotated[
        bool, typer.Option("--review/--no-review", help="报告与数据表中包含目标审核结果")
    ] = True,
    charts: Annotated[bool, typer.Option("--charts/--no-charts", help="报告中绘制图表")] = True,
    landscape: Annotated[
        bool, typer.Option("--landscape/--portrait", help="目标表打印方向 (A4 横向/纵向)")
    ] = True,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="规则配置: 内置名称或 .toml 路径")
    ] = "national",
) -> None:
    """导出: 官方 Excel 表格、PDF/HTML 报告 (含图表)、CSV/JSON 扁平数据表。"""
    if out is None:
        raise InputError("请用 -o 指定输出文件 (csv 为输出目录)")
    prof = load_profile(profile)
    if template:
        if to is not ExportFormat.XLSX:
            raise InputError("--template 只能导出 xlsx")
        from jixiao.export.targets_xlsx import write_template_xlsx

        write_template_xlsx(out, prof, year=year)
        out_console.print(f"已写出空白模板: {out}", highlight=False)
        return
    if plan_file is None:
        raise InputError("请给出计划文件 PLAN (或用 --template 导出空白模板)")
    plan = load_plan(plan_file, prof)
    monitoring = _monitoring(plan, prof, payments, as_of, progress, adjustments, amount_unit)
    evaluation = _evaluation(plan, prof, actuals)

    if to is ExportFormat.XLSX:
        written = _write_xlsx(table, plan, prof, out, monitoring, evaluation, landscape)
        out_console.print(f"已写出: {written}", highlight=False)
        return

    review_report = None
    if review:
        from jixiao.review.engine import review_plan

        review_report = review_plan(plan, prof)
    results: dict[str, Any] = {
        "review": review_report,
        "monitoring": monitoring,
        "evaluation": evaluation,
    }
    if to in (ExportFormat.HTML, ExportFormat.PDF):
        from jixiao.export.report import ReportOptions, write_html, write_pdf

        options = ReportOptions(charts=charts, generated=date.today())
        writer = write_pdf if to is ExportFormat.PDF else write_html
        writer(out, plan, options=options, profile=prof, **results)
        out_console.print(f"已写出报告: {out}", highlight=False)
        return
    from jixiao.export import flat

    if to is ExportFormat.CSV:
        if out.exists() and not out.is_dir():
            raise InputError("csv 导出需要一个目录 (-o 目录), 而不是文件", SourceRef(file=str(out)))
        files = flat.write_csv(out, plan, **results)
        out_console.print(f"已写出 {len(files)} 个文件到 {out}/", highlight=False)
        return
    flat.write_json(out, plan, **results)
    out_console.print(f"已写出: {out}", highlight=False)


def _write_xlsx(
    table: Table,
    plan: Plan,
    profile: RuleProfile,
    out: Path,
    monitoring: MonitorReport | None,
    evaluation: Evaluation | None,
    landscape: bool,
) -> Path:
    if table is Table.TARGETS:
        from jixiao.export.targets_xlsx import write_targets_xlsx

        return write_targets_xlsx(plan, out, landscape=landscape, profile=profile)
    if table is Table.DEPARTMENT:
        from jixiao.export.department_xlsx import write_department_xlsx

        return write_department_xlsx(plan, out)
    if table is Table.MONITORING:
        from jixiao.export.monitoring_xlsx import write_monitoring_xlsx

        report = _need(monitoring, "监控表", "--payments 和 --as-of")
        return write_monitoring_xlsx(report, out)
    from jixiao.export.evaluation_xlsx import write_evaluation_xlsx

    ev = _need(evaluation, "自评表", "--actuals")
    return write_evaluation_xlsx(ev, out)


def register(app: typer.Typer) -> None:
    app.command("export")(export)

"""``jixiao demo``: the whole cycle on the bundled seed document (README command 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from jixiao.cli import out_console, user_errors
from jixiao.domain.profile import load_profile
from jixiao.monitor.lights import Light, fmt
from jixiao.review.findings import Severity

_LIGHT_STYLE = {Light.RED: "red", Light.YELLOW: "yellow", Light.GREEN: "green", Light.BLUE: "blue"}


@user_errors
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录")] = Path("out/demo"),
    data: Annotated[
        Path | None, typer.Option("--data", help="演示数据目录 (默认 examples/seed)")
    ] = None,
    profile: Annotated[str, typer.Option("--profile", "-p", help="规则配置")] = "national",
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="是否生成 PDF 报告")] = True,
    web: Annotated[
        bool,
        typer.Option("--web/--no-web", help="同时建立网页端的 SQLite 数据库, 含演示用户与示例计划"),
    ] = True,
) -> None:
    """演示: 在内置的示例文档上走完 解析 → 审核 → 运行监控 → 绩效自评 → 导出。"""
    from jixiao.demo import run_demo

    prof = load_profile(profile)
    with out_console.status("运行中…") as status:
        result = run_demo(out, data, prof, pdf=pdf, step=lambda m: status.update(m + "…"))

    plan = result.plan
    n_ind = sum(len(p.indicators) for p in plan.projects)
    out_console.print(
        f"[bold]解析[/]: {plan.source_file}: {len(plan.projects)} 个项目, {n_ind} 个指标, "
        f"{len(plan.sub_goals)} 个分项目标, {len(plan.measures)} 项保障措施, "
        f"{len(plan.leftovers)} 处未能识别的内容",
        highlight=False,
    )
    table = Table(title="项目一览 (审核建议 · 监控截至 2023-07-31 · 年终自评)")
    table.add_column("项目", no_wrap=True)
    for col in ("审核", "错误/警告", "执行率", "时序进度", "预警", "自评", "等级"):
        table.add_column(col, no_wrap=True)
    review = result.review
    for i, p in enumerate(plan.projects, start=1):  # review numbers projects from 1
        g = review.project_grade(i)
        counts = review.counts(review.project_findings(i))
        errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
        ms = next((s for s in result.monitoring.projects if s.project is p), None)
        ev = next((e for e in result.evaluation.projects if e.project is p), None)
        rate = f"{fmt(ms.spending.rate * 100)}%" if ms and ms.spending.rate is not None else "—"
        time = f"{fmt(ms.spending.time * 100)}%" if ms else "—"
        light = f"[{_LIGHT_STYLE.get(ms.light, 'white')}]●[/] {ms.light.label}" if ms else "—"
        table.add_row(
            p.name or p.label,
            str(g.grade),
            f"{errors}/{warnings}",
            rate,
            time,
            light,
            f"{ev.total}" if ev else "—",
            ev.grade if ev else "—",
        )
    out_console.print(table)
    out_console.print(f"[bold]输出[/] ({out}/):", highlight=False)
    for f in result.files:
        out_console.print(f"  {f}", highlight=False)
    for s in result.skipped:
        out_console.print(f"  [yellow]未生成[/] {s}", highlight=False)
    if web:
        _web_demo(data)


def _web_demo(data: Path | None) -> None:
    """The web application's embedded SQLite database with demo users and the seed plan, taken
    through approval, a monitoring round and the self-evaluation with the demo data."""
    from django.conf import settings
    from django.core.management import call_command

    from jixiao.cli.serve import setup_django
    from jixiao.demo import SEED_NAME, find_demo_data

    setup_django()
    call_command("migrate", interactive=False, verbosity=0)
    from jixiao.web.demo import create_demo

    folder = find_demo_data(data)
    created = create_demo(folder / SEED_NAME, folder)
    db = settings.DATABASES["default"]["NAME"]
    out_console.print(f"[bold]网页端[/]: 数据库 {db}; {created.seed_message}", highlight=False)
    out_console.print(f"[bold]演示流程[/]: {created.cycle_message}", highlight=False)
    out_console.print(f"演示账户 (口令均为 {created.password}):", highlight=False)
    for u in created.users:
        out_console.print(f"  {u.username:<20} {u.role.label:<8} {u.organisation or '—'}")
    out_console.print(
        "启动网页端: .venv/bin/jixiao serve  → http://127.0.0.1:8000/", highlight=False
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)

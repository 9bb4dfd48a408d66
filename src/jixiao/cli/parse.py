"""``jixiao parse``: read a published performance document into a plan (文档解析).

``jixiao parse FILE`` prints the projects, indicators, sub-goals, measures and the
leftovers as readable Chinese tables; ``--format json`` prints the Plan JSON. ``FILE`` may
be ``-`` to read text from standard input.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jixiao.cli import out_console, user_errors
from jixiao.domain import jsonio
from jixiao.domain.errors import InputError
from jixiao.domain.model import Plan, Project, SourceRef
from jixiao.domain.profile import load_profile
from jixiao.domain.values import format_target
from jixiao.ingest import parse_file, parse_text
from jixiao.ingest.text import read_text


class ParseFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _where(s: SourceRef | None) -> str:
    if s is None:
        return ""
    if s.line is not None:
        return f"{s.line}" if not s.line_end or s.line_end == s.line else f"{s.line}–{s.line_end}"
    return s.describe()


def _dash(v: object) -> str:
    return "—" if v is None or v == "" else str(v)


def _project_panel(p: Project, index: int) -> Panel:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("项目编码", _dash(p.code))
    facts.add_row("项目名称", _dash(p.name))
    if p.department:
        facts.add_row("主管部门", p.department)
    if p.unit:
        facts.add_row("实施单位", p.unit)
    facts.add_row("资金总额", _dash(p.funds.total))
    for line in p.funds.lines:
        facts.add_row(f"  其中: {line.source}", str(line.amount))
    facts.add_row("主要用途", _dash(p.purpose))
    if p.spending_plan:
        facts.add_row(
            "资金支出计划",
            "  ".join(f"{c.label} {c.percent}%" for c in p.spending_plan),
        )
    facts.add_row("年度绩效目标", _dash(p.goal))
    if p.long_term_goal:
        facts.add_row("长期目标", p.long_term_goal)
    inds = Table(show_lines=False, header_style="bold", expand=False)
    for col in ("一级指标", "二级指标", "三级指标", "指标描述", "指标值", "解读", "确定依据", "行"):
        inds.add_column(col, overflow="fold")
    has_long = any(i.long_term_target is not None for i in p.indicators)
    if has_long:
        inds.add_column("长期指标值", overflow="fold")
    for i in p.indicators:
        cells = [
            _dash(i.level1),
            _dash(i.level2),
            _dash(i.level3),
            _dash(i.description),
            _dash(i.target.raw),
            "未填" if i.target.is_empty else format_target(i.target),
            _dash(i.basis),
            _where(i.source),
        ]
        if has_long:
            cells.append(i.long_term_target.raw if i.long_term_target else "—")
        inds.add_row(*cells)
    title = f"项目 {index}: {p.label}  (第 {_where(p.source)} 行)"
    return Panel(Group(facts, Text(""), inds), title=title, title_align="left")


def render_plan(plan: Plan, console: Console) -> None:
    """Print a plan as readable Chinese tables."""
    head = f"年度: {_dash(plan.year)}    来源: {_dash(plan.source_file)}"
    if plan.department:
        head += f"    部门: {plan.department}"
    console.print(Text(head, style="bold"))
    if plan.overall_goal:
        console.print(Panel(plan.overall_goal, title="总体绩效目标", title_align="left"))
    if plan.sub_goals:
        t = Table(title="分项绩效目标", header_style="bold", title_justify="left")
        for col in ("序号", "标题", "绩效目标", "绩效指标", "行"):
            t.add_column(col, overflow="fold")
        for n, g in enumerate(plan.sub_goals, 1):
            names = "、".join(g.indicators)
            t.add_row(str(n), g.title, _dash(g.goal), _dash(names), _where(g.source))
        console.print(t)
    if plan.measures:
        t = Table(title="目标规划及保障措施", header_style="bold", title_justify="left")
        for col in ("序号", "措施", "内容", "行"):
            t.add_column(col, overflow="fold")
        for n, m in enumerate(plan.measures, 1):
            t.add_row(str(n), m.title, _dash(m.text), _where(m.source))
        console.print(t)
    for n, p in enumerate(plan.projects, 1):
        console.print(_project_panel(p, n))
    if plan.leftovers:
        t = Table(
            title=f"未能归入计划的内容 ({len(plan.leftovers)} 处)",
            header_style="bold",
            title_justify="left",
        )
        for col in ("行", "内容", "原因"):
            t.add_column(col, overflow="fold")
        for lo in plan.leftovers:
            t.add_row(_where(lo.source), lo.text, lo.reason)
        console.print(t)
    else:
        console.print(Text("输入内容已全部归入计划 (无遗留内容)。", style="green"))
    n_ind = sum(len(p.indicators) for p in plan.projects)
    console.print(
        Text(
            f"共 {len(plan.projects)} 个项目, {n_ind} 条指标, {len(plan.sub_goals)} 个分项目标, "
            f"{len(plan.measures)} 条保障措施, {len(plan.leftovers)} 处遗留内容。"
        )
    )


@user_errors
def parse(
    file: Annotated[str, typer.Argument(help="要解析的文档 (文本文件), '-' 表示标准输入")],
    output_format: Annotated[
        ParseFormat, typer.Option("--format", "-f", help="输出格式: table (表格) / json")
    ] = ParseFormat.TABLE,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件 (默认输出到屏幕)")
    ] = None,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="规则配置: 内置名称或 .toml 路径")
    ] = "national",
) -> None:
    """解析绩效目标文档 (项目支出绩效目标表、部门整体绩效目标) 为计划。"""
    prof = load_profile(profile)
    if file == "-":
        data = sys.stdin.buffer.read()
        if not data.strip():
            raise InputError("标准输入为空", SourceRef(file="<stdin>"))
        plan = parse_text(read_text(data, "<stdin>"), source_name="<stdin>", profile=prof)
    else:
        plan = parse_file(Path(file), profile=prof)
    if output_format is ParseFormat.JSON:
        text = jsonio.plan_to_json(plan)
        if out is None:
            print(text)
        else:
            out.write_text(text + "\n", encoding="utf-8")
        return
    if out is None:
        render_plan(plan, out_console)
        return
    with out.open("w", encoding="utf-8") as fh:
        render_plan(plan, Console(file=fh, width=160, color_system=None, highlight=False))


def register(app: typer.Typer) -> None:
    app.command("parse")(parse)

"""``jixiao value``: show how a target value (指标值) is understood."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from jixiao.cli import out_console, user_errors
from jixiao.domain import jsonio
from jixiao.domain.profile import load_profile
from jixiao.domain.target import ComparatorSource, Target, TargetKind
from jixiao.domain.values import format_target, parse_target, parse_target_columns

_KIND_ZH = {
    TargetKind.QUANTITATIVE: "定量 (quantitative)",
    TargetKind.TIME: "时效 (time)",
    TargetKind.BOOLEAN: "是/否 (boolean)",
    TargetKind.QUALITATIVE: "定性 (qualitative)",
    TargetKind.EMPTY: "未填 (empty)",
}
_SOURCE_ZH = {
    ComparatorSource.EXPLICIT: "明确写出",
    ComparatorSource.DEFAULT: "未写, 按默认",
    ComparatorSource.SUSPECTED: "疑似识别错误",
}


def target_json(t: Target) -> dict[str, Any]:
    """The ``jixiao value --json`` object: the target with ``normalized`` always an object."""
    d = jsonio.target_to_dict(t)
    d["normalized"] = {"value": t.normalized_value, "unit": t.normalized_unit}
    d["canonical"] = format_target(t)
    return d


def _num(v: Any) -> str:
    return "" if v is None else f"{v:f}"


def _table(t: Target) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("原文", repr(t.raw))
    table.add_row("类型", _KIND_ZH[t.kind])
    if t.comparator is not None:
        src = f" ({_SOURCE_ZH[t.comparator_source]})" if t.comparator_source else ""
        table.add_row("比较符", f"{t.comparator.value}{src}")
    if t.value is not None or t.unit is not None:
        table.add_row("数值/单位", f"{_num(t.value)} {t.unit or ''}".strip())
    if t.lower is not None or t.upper is not None:
        table.add_row("范围", f"{_num(t.lower)} ~ {_num(t.upper)} {t.unit or ''}".strip())
    if t.normalized_value is not None or (t.kind is TargetKind.QUANTITATIVE and t.normalized_unit):
        table.add_row(
            "换算到基本单位", f"{_num(t.normalized_value)} {t.normalized_unit or ''}".strip()
        )
    if t.start is not None:
        table.add_row("开始", t.start.isoformat())
    if t.deadline is not None:
        table.add_row("截止 (不晚于)", t.deadline.isoformat())
    elif t.deadline_month is not None:
        table.add_row("截止月份", f"{t.deadline_month}月底 (年份待定)")
    if t.flag is not None:
        table.add_row("是/否", "是" if t.flag else "否")
    if t.grade is not None:
        table.add_row("等级用语", t.grade)
    table.add_row("规范写法", format_target(t) or "(空)")
    for note in t.notes:
        table.add_row("[yellow]提示[/]", note)
    return table


def value(
    text: str = typer.Argument(..., help="指标值原文, 如 ≥95%、26亿元、2023年底 (负数前加 --)"),
    level1: str | None = typer.Option(None, "--level1", help="一级指标, 如 产出指标"),
    level2: str | None = typer.Option(None, "--level2", help="二级指标, 如 数量指标、时效指标"),
    year: int | None = typer.Option(None, "--year", help="计划年度, 用于 6月底前、年内 等"),
    profile: str | None = typer.Option(None, "--profile", help="规则配置名或 .toml 路径"),
    comparator: str | None = typer.Option(
        None, "--comparator", help="分列填写时的指标性质列 (≥、≤、=), TEXT 为指标值列"
    ),
    unit: str | None = typer.Option(None, "--unit", help="分列填写时的度量单位列"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """显示一个指标值如何被理解: 类型、比较符、数值、单位、换算与提示。"""
    p = load_profile(profile)
    if comparator is not None or unit is not None:
        t = parse_target_columns(
            comparator, text, unit, level1=level1, level2=level2, year=year, profile=p
        )
    else:
        t = parse_target(text, level1=level1, level2=level2, year=year, profile=p)
    if as_json:
        print(jsonio.dumps(target_json(t)))
        return
    out_console.print(_table(t), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("value")(user_errors(value))

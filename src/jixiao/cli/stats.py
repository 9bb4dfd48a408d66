"""``jixiao stats``: what a batch dataset holds (数据集统计), as tables and an HTML page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from jixiao.cli import out_console, user_errors


@user_errors
def stats(
    out_dir: Annotated[Path, typer.Argument(help="jixiao batch 的输出目录")],
    html_out: Annotated[
        Path | None, typer.Option("--html", help="另存为带图表的 HTML 页面")
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="列出前 N 项")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """统计数据集：文档、项目、指标数量，各二级指标的定量占比，常见三级指标与审核发现。

    批处理加了 --recheck 时另列自评表按净虚增分的排名。
    """
    from jixiao.batch.stats import KIND_LABELS, dataset_stats, render_html

    st = dataset_stats(out_dir, top=top)
    if html_out is not None:
        html_out.write_text(render_html(st), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(st.to_dict(), ensure_ascii=False, indent=2))
        return
    c = out_console
    by_status = "；".join(f"{k} {v}" for k, v in st.documents_by_status.items())
    c.print(
        f"文档 {st.documents:,} 份 ({by_status})，"
        f"项目 {st.projects:,} 个，三级指标 {st.indicators:,} 条 "
        f"(定量 {st.quantified_share * 100:.1f}%)，审核发现 {st.findings:,} 条，"
        f"未识别内容 {st.leftovers:,} 条",
        highlight=False,
    )
    t = Table(title="各二级指标的定量指标占比", header_style="bold")
    for h in ("一级指标", "二级指标", "指标数", *KIND_LABELS.values(), "定量占比"):
        t.add_column(h, justify="right" if h not in ("一级指标", "二级指标") else "left")
    for s in st.level2:
        t.add_row(s.level1 or "", s.level2, str(s.total),
                  *[str(s.kinds.get(k, 0)) for k in KIND_LABELS], f"{s.share * 100:.1f}%")
    c.print(t)
    t = Table(title=f"最常见的三级指标 (前 {top})", header_style="bold")
    for h in ("三级指标", "二级指标", "次数", "文档", "常用单位", "数值范围", "典型指标值"):
        t.add_column(h, justify="right" if h in ("次数", "文档") else "left", overflow="fold")
    for e in st.top_indicators:
        units = "、".join(list(e.units)[:3])
        t.add_row(e.name, e.level2 or "", str(e.count), str(e.documents), units,
                  e.ranges[0].describe() if e.ranges else "", e.typical_target or "")
    c.print(t)
    t = Table(title=f"最常见的审核发现 (前 {top})", header_style="bold")
    for h in ("审核规则", "名称", "严重程度", "发现数", "涉及文档"):
        t.add_column(h, justify="right" if h in ("发现数", "涉及文档") else "left")
    for f in st.top_findings:
        t.add_row(f.check, f.title, f.severity, str(f.count), str(f.documents))
    c.print(t)
    if st.recheck is not None:
        from jixiao.cli.batch import recheck_ranking_table

        if st.recheck:
            c.print(recheck_ranking_table(
                st.recheck,
                f"自评表按净虚增分排序 (前 {len(st.recheck)} / {st.recheck_forms}; "
                f"完整排名见 {out_dir / 'recheck_summary.csv'})",
                width=c.width,
            ))
        else:
            c.print("已复核自评表, 但数据集中没有找到自评表", highlight=False)
    if html_out is not None:
        c.print(f"已写入 {html_out}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)

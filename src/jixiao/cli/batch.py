"""``jixiao batch``: parse and review a whole collection of documents (批量处理).

With ``--recheck`` every document is also rechecked as published self-evaluation forms
(自评表复核); the forms of the whole dataset are ranked by net score inflation in
``OUTDIR/recheck_summary.csv`` and the top ones printed.

Exit codes: 0 — every document processed; 1 — the batch completed but some documents (or
inputs that named no document) could not be processed (listed in the run report); 2 — the
batch could not start (bad output folder, profile, scheduler); 130 — interrupted (run the
same command again to continue).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from jixiao.batch.runner import BatchListener, RunReport, run_batch
from jixiao.batch.worker import DocumentResult, Status
from jixiao.cli import err_console, out_console, user_errors


class _Rate(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} 份/秒", style="progress.data.speed")


class _RichListener(BatchListener):
    """A rich progress bar: hashing, then processing with rate and ETA."""

    def __init__(self, console: Console):
        self.console = console
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _Rate(),
            TextColumn("已用"),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[status]}"),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None
        self._failed = 0

    def __enter__(self) -> _RichListener:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def hashing(self, total: int) -> None:
        self._task = self.progress.add_task("计算内容指纹", total=total, status="")

    def hashed(self, path: str) -> None:
        if self._task is not None:
            self.progress.advance(self._task)

    def processing(self, total: int, skipped: int, executor: str) -> None:
        if self._task is not None:
            self.progress.update(self._task, visible=False)
        note = f"(已完成 {skipped} 份, 跳过)" if skipped else ""
        self.console.print(f"执行方式: {executor} {note}", highlight=False)
        self._task = self.progress.add_task("处理文档", total=total, status="")

    def document_done(self, result: DocumentResult) -> None:
        if result.status != Status.OK:
            self._failed += 1
        if self._task is not None:
            status = f"[red]失败 {self._failed}[/]" if self._failed else ""
            self.progress.update(self._task, advance=1, status=status)

    def writing_dataset(self) -> None:
        self.console.print("正在写出数据集 (Parquet, CSV) …", highlight=False)


_RANKING_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("rank", "排名", True),
    ("file", "文件", False),
    ("project", "项目名称", False),
    ("profile", "规则", False),
    ("status", "状态", False),
    ("published_total", "表中总分", True),
    ("recomputed_total", "复算总分", True),
    ("inflation", "净虚增分", True),
    ("discrepancies", "差异数", True),
)


def _positive(value: object) -> bool:
    try:
        return Decimal(str(value)) > 0
    except ArithmeticError:
        return False


def _cell(row: dict[str, str | int], key: str) -> str:
    from jixiao.recheck.summary import status_text

    value = row.get(key, "")
    if key == "status":
        return status_text(str(value))
    if key == "file":  # the whole path is in recheck_summary.csv
        name = Path(str(value)).name
        return name if row.get("form") in (1, "1") else f"{name} 第{row.get('form')}张"
    return str(value)


def recheck_ranking_table(
    rows: list[dict[str, str | int]], title: str, *, width: int = 160
) -> Table:
    """The ranked self-evaluation forms (rows of ``recheck_summary.csv``) as a table; forms
    with a positive net inflation in red. On a console of at least 120 columns (``width``)
    a last column lists the reasons of each form's discrepancies with their counts."""
    reasons = width >= 120
    t = Table(title=title, header_style="bold")
    for _, heading, numeric in _RANKING_COLUMNS:
        t.add_column(heading, justify="right" if numeric else "left", overflow="fold")
    if reasons:
        t.add_column("差异原因 (次数)", overflow="fold")
    for r in rows:
        cells = [_cell(r, key) for key, _, _ in _RANKING_COLUMNS]
        if reasons:
            cells.append(" ".join(
                f"{key[2:]}×{n}" for key, n in r.items()
                if key.startswith("n_") and isinstance(n, int) and n > 0
            ))
        t.add_row(*cells, style="red" if _positive(r.get("inflation")) else None)
    return t


def _print_report(console: Console, report: RunReport, out: Path) -> None:
    lines = report.summary_lines()
    for line in lines[:7]:
        console.print(line, highlight=False)
    if report.dataset_written:
        t = Table(title="数据集", show_header=True, header_style="bold")
        t.add_column("表")
        t.add_column("行数", justify="right")
        for name, n in report.dataset_rows.items():
            t.add_row(name, f"{n:,}")
        console.print(t)
        console.print(f"Parquet: {out}/<表>.parquet; CSV: {out}/csv/<表>.csv", highlight=False)
        if report.recheck:
            console.print(report.recheck_lines()[0], highlight=False)
            if report.recheck_top:
                console.print(recheck_ranking_table(
                    report.recheck_top,
                    f"自评表按净虚增分排序 (前 {len(report.recheck_top)} / {report.recheck_forms})",
                    width=console.width,
                ))
    for p in report.input_problems:
        console.print(f"[yellow]输入 {p.input}[/]: {p.reason}", highlight=False)
    failures = report.failures
    if failures:
        t = Table(title=f"本次未能处理的文档 ({len(failures)})", header_style="bold red")
        t.add_column("文件", overflow="fold")
        t.add_column("类别")
        t.add_column("原因", overflow="fold")
        for f in failures[:50]:
            kind = "异常" if f.status == Status.CRASH else "无法处理"
            t.add_row(f.path, kind, f.reason)
        console.print(t)
        if len(failures) > 50:
            console.print(f"… 另有 {len(failures) - 50} 个, 见运行报告", highlight=False)
    if report.earlier_failures:
        console.print(
            f"[yellow]此前失败、本次跳过 {len(report.earlier_failures)} 份[/] "
            "(加 --retry-errors 重试)",
            highlight=False,
        )
    console.print(f"运行报告: {out}/runs/{report.run_id}.txt", highlight=False)


@user_errors
def batch(
    inputs: Annotated[
        list[str], typer.Argument(help="文档、目录 (递归查找) 或通配符, 如 'docs/**/*.pdf'")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录 (台账、数据集、运行报告)")],
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="并行的工作进程数 (1 = 在本进程内)")
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask 调度器地址 (如 tcp://10.0.0.5:8786); local 或 local:N 在本机启动集群",
        ),
    ] = None,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="规则配置：内置名称或 .toml 路径")
    ] = "national",
    retry_errors: Annotated[
        bool, typer.Option("--retry-errors", help="重新处理此前失败的文档")
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="本次最多处理多少份新文档")
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="清空输出目录中已有的处理记录, 全部重新处理")
    ] = False,
    no_review: Annotated[
        bool, typer.Option("--no-review", help="只解析, 不做目标审核 (findings 表为空)")
    ] = False,
    recheck: Annotated[
        bool,
        typer.Option(
            "--recheck",
            help="同时复核每份文档中已公开的绩效自评表 (recheck 表), "
            "按净虚增分排序写出 recheck_summary.csv",
        ),
    ] = False,
    recheck_profile: Annotated[
        str | None,
        typer.Option(
            "--recheck-profile",
            help="复核自评表时强制使用的规则配置 (含 --recheck); 默认按每张表的模板自动识别",
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, help="复核汇总显示净虚增分最高的前 N 张表")
    ] = 10,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度条")] = False,
) -> None:
    """批量解析并审核文档集合, 生成开放数据集 (Parquet + CSV); 可中断, 重新运行即继续。"""
    console = out_console
    try:
        if quiet:
            report = run_batch(
                inputs, out, profile=profile, workers=workers, scheduler=scheduler,
                retry_errors=retry_errors, limit=limit, review=not no_review, fresh=fresh,
                recheck=recheck, recheck_profile=recheck_profile, top=top,
            )
        else:
            with _RichListener(console) as listener:
                report = run_batch(
                    inputs, out, profile=profile, workers=workers, scheduler=scheduler,
                    retry_errors=retry_errors, limit=limit, review=not no_review, fresh=fresh,
                    recheck=recheck, recheck_profile=recheck_profile, top=top,
                    listener=listener,
                )
    except KeyboardInterrupt:
        err_console.print("已中断: 重新运行同一命令即可继续 (已完成的文档不会重做)",
                          highlight=False)
        raise typer.Exit(130) from None
    _print_report(console, report, out)
    if report.interrupted:
        err_console.print(
            f"[yellow]已中断[/]: 已完成 {report.processed} 份并记入台账; "
            "重新运行同一命令即可继续处理余下的文档",
            highlight=False,
        )
        raise typer.Exit(130)
    if report.failures or report.input_problems:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)

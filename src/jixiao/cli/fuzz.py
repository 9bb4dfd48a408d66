"""``jixiao fuzz``: the long fuzz run over every input kind (长时间模糊测试).

Not part of CI (CI runs the short versions in ``tests/test_fuzz_*.py``). Each target is fed
generated and mutated inputs in a supervised worker process with a memory limit and a
per-input time budget; failing inputs are saved under ``--out``. See ``docs/fuzzing.md``.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from jixiao.cli import out_console, user_errors


def register(app: typer.Typer) -> None:
    @app.command("fuzz")
    @user_errors
    def fuzz_command(
        targets: Annotated[
            list[str] | None,
            typer.Argument(help="目标 (默认全部): value, text, pdf, xlsx, ledger … 见 --list"),
        ] = None,
        count: Annotated[int, typer.Option("--count", "-n", help="每个目标最多输入数")] = 100_000,
        seconds: Annotated[
            float, typer.Option("--seconds", "-s", help="每个目标最长运行秒数")
        ] = 3600.0,
        seed: Annotated[int, typer.Option("--seed", help="随机种子 (同一种子重复同一批输入)")] = 0,
        out: Annotated[Path, typer.Option("--out", "-o", help="失败输入与汇总的保存目录")] = Path(
            "fuzz-out"
        ),
        jobs: Annotated[int, typer.Option("--jobs", "-j", help="同时运行的目标数")] = 1,
        memory_mb: Annotated[
            int, typer.Option("--memory-mb", help="每个测试进程的内存上限 (MB, RLIMIT_AS)")
        ] = 3072,
        minimize_seconds: Annotated[
            float, typer.Option("--minimize-seconds", help="每个失败的最小化时间 (0: 不做)")
        ] = 60.0,
        list_targets: Annotated[bool, typer.Option("--list", help="列出全部目标")] = False,
    ) -> None:
        """模糊测试: 喂入生成和变异的数据, 只允许结果或明确的错误 (见 docs/fuzzing.md)。"""
        from jixiao.fuzz.runner import TargetReport, fuzz, minimize_all, write_summary
        from jixiao.fuzz.targets import TARGETS, get_target

        if list_targets:
            for t in TARGETS.values():
                out_console.print(f"{t.name:<14} {t.title}  (每个输入时限 {t.budget_s:g} 秒)")
            return
        names = targets or list(TARGETS)
        for name in names:
            get_target(name)  # an unknown name is an error before anything runs
        out.mkdir(parents=True, exist_ok=True)
        started = time.time()

        lock = threading.Lock()

        def one(name: str) -> TargetReport:
            report = fuzz(
                name, count=count, seconds=seconds, seed=seed, out_dir=out, memory_mb=memory_mb
            )
            if minimize_seconds > 0:
                minimize_all(report, minimize_seconds, memory_mb)
            with lock:  # the figures are on disk as soon as a target is done
                write_summary(out, [report], seed)
            extra = ""
            if report.handled_by_isolation:
                extra += f", 隔离已处理 {report.handled_by_isolation} 个"
            if report.harness_errors:
                extra += f", 测试器自身出错 {report.harness_errors} 次 (见 harness-errors.log)"
            out_console.print(
                f"{name}: {report.tried} 个输入, {report.failing_inputs} 个失败输入, "
                f"{report.unique} 类失败{extra} ({report.seconds:g} 秒)",
                highlight=False,
            )
            return report

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            reports = list(pool.map(one, names))
        summary = write_summary(out, reports, seed)
        table = Table(title=f"模糊测试结果 (种子 {seed}, 共 {time.time() - started:.0f} 秒)")
        for col in (
            "目标",
            "输入数",
            "失败输入",
            "失败类别",
            "其中可修文件",
            "隔离已处理",
            "保存位置",
        ):
            table.add_column(col)
        for r in reports:
            editable = sum(1 for f in r.signatures.values() if f.get("editable"))
            table.add_row(
                r.target,
                str(r.tried),
                str(r.failing_inputs),
                str(r.unique),
                str(editable),
                str(r.handled_by_isolation),
                r.out_dir if r.unique else "—",
            )
        out_console.print(table)
        for r in reports:
            for sig, f in r.signatures.items():
                where = f.get("minimized") or f["input"]
                out_console.print(
                    f"  {r.target} {sig} {f['kind']} {f['exception']} @ {f['location'] or '?'}"
                    f" ×{f['count']} → {where}",
                    highlight=False,
                )
        out_console.print(f"汇总: {summary}", highlight=False)
        if any(r.unique for r in reports):
            raise typer.Exit(1)

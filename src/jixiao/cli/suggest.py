"""``jixiao suggest`` and ``jixiao library``: the indicator library (指标库) and its proposals.

``jixiao library OUTDIR`` builds the library of a batch dataset and saves it (by default as
``OUTDIR/library.json.gz``); ``jixiao suggest TEXT`` proposes indicators for a new project
from its name and goal, using a library file (``--library``) or a dataset (``--dataset``,
whose saved library is used when it is up to date, else one is built in memory).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from jixiao.cli import out_console, user_errors
from jixiao.domain.errors import InputError

if TYPE_CHECKING:
    from jixiao.library import IndicatorLibrary

DEFAULT_LIBRARY = "library.json.gz"


def _library_for_dataset(out_dir: Path) -> IndicatorLibrary:
    from jixiao.library import build_library, load_library

    saved = out_dir / DEFAULT_LIBRARY
    marker = out_dir / "dataset.json"
    if not marker.is_file():
        raise InputError(
            f"{out_dir} 不是批处理的输出目录 (没有 dataset.json): 请先运行 jixiao batch"
        )
    if saved.is_file() and saved.stat().st_mtime_ns >= marker.stat().st_mtime_ns:
        return load_library(saved)
    return build_library(out_dir)


@user_errors
def library(
    out_dir: Annotated[Path, typer.Argument(help="jixiao batch 的输出目录")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=f"指标库文件 (默认 OUTDIR/{DEFAULT_LIBRARY})"),
    ] = None,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="至少出现多少次的指标才收入指标库")
    ] = 1,
) -> None:
    """由数据集生成指标库：按二级指标归并三级指标，统计常用单位、指标性质、数值范围和示例项目。"""
    from jixiao.library import build_library, save_library

    lib = build_library(out_dir, min_count=min_count)
    target = output or out_dir / DEFAULT_LIBRARY
    save_library(lib, target)
    out_console.print(
        f"指标库: {len(lib.entries):,} 个三级指标, {len(lib.projects):,} 个项目 → {target}",
        highlight=False,
    )


@user_errors
def suggest(
    text: Annotated[str, typer.Argument(help="新项目的名称和绩效目标 (任意文字)")],
    library_file: Annotated[
        Path | None, typer.Option("--library", "-l", help="指标库文件 (jixiao library 生成)")
    ] = None,
    dataset: Annotated[
        Path | None, typer.Option("--dataset", "-d", help="批处理输出目录 (代替 --library)")
    ] = None,
    k: Annotated[int, typer.Option("-k", min=1, help="推荐多少条指标")] = 10,
    per_level2: Annotated[
        int | None, typer.Option("--per-level2", min=1, help="每个二级指标最多推荐几条")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """为新项目推荐绩效指标：与指标库中相似的项目和指标比较 (字符 n-gram TF-IDF)。"""
    from jixiao.library import load_library
    from jixiao.library import suggest as run_suggest

    if (library_file is None) == (dataset is None):
        raise InputError(
            "请用 --library 指定指标库文件, 或用 --dataset 指定批处理输出目录 (二选一)"
        )
    if library_file is not None:
        lib = load_library(library_file)
    else:
        assert dataset is not None
        lib = _library_for_dataset(dataset)
    found = run_suggest(text, lib, k, max_per_level2=per_level2)
    if as_json:
        typer.echo(json.dumps([s.as_dict() for s in found], ensure_ascii=False, indent=2))
        return
    if not found:
        out_console.print("没有可推荐的指标: 指标库为空, 或与已有项目毫无相似之处", highlight=False)
        return
    t = Table(title=f"推荐指标 (指标库: {len(lib.entries):,} 个指标, {len(lib.projects):,} 个项目)",
              header_style="bold")
    for h in ("得分", "一级指标", "二级指标", "三级指标", "典型指标值", "常用单位", "相似项目"):
        t.add_column(h, overflow="fold", justify="right" if h == "得分" else "left")
    for s in found:
        e = s.entry
        similar = "、".join(n for n, _ in s.similar_projects[:2])
        t.add_row(f"{s.score:.2f}", e.level1 or "", e.level2 or "", e.name, e.typical_target or "",
                  "、".join(list(e.units)[:2]), similar)
    out_console.print(t)


def register(app: typer.Typer) -> None:
    app.command("library")(library)
    app.command("suggest")(suggest)

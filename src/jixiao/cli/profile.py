"""``jixiao profile``: list and show rule profiles (规则配置)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import typer
from rich.tree import Tree

from jixiao.cli import out_console, user_errors
from jixiao.domain import jsonio
from jixiao.domain.profile import bundled_profiles, load_profile

profile_app = typer.Typer(
    help="规则配置: 查看内置与自定义的规则配置 (rule profiles)。", no_args_is_help=True
)


def _add(tree: Tree, data: Any, label: str | None = None) -> None:
    if isinstance(data, Mapping):
        branch = tree.add(f"[bold]{label}[/]") if label is not None else tree
        for k, v in data.items():
            _add(branch, v, str(k))
    elif isinstance(data, list) and data and all(isinstance(x, Mapping) for x in data):
        branch = tree.add(f"[bold]{label}[/]")
        for i, item in enumerate(data, 1):
            name = item.get("name", i) if isinstance(item, Mapping) else i
            _add(branch, item, f"{name}")
    else:
        tree.add(f"{label} = {data!r}" if label is not None else repr(data))


@profile_app.command("list")
@user_errors
def list_profiles() -> None:
    """列出内置规则配置。"""
    for name in bundled_profiles():
        p = load_profile(name)
        out_console.print(f"{name}\t{p.title}", highlight=False)


@profile_app.command("show")
@user_errors
def show(
    name: str = typer.Argument("national", help="内置配置名或 .toml 文件路径"),
    section: str | None = typer.Option(None, "--section", "-s", help="只显示一节, 如 monitor"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出合并后的配置"),
) -> None:
    """显示一个规则配置 (合并 extends 之后的全部取值)。"""
    p = load_profile(name)
    data: Any = p.section(section) if section else p.data
    if as_json:
        print(
            jsonio.dumps({"name": p.name, "title": p.title, "chain": list(p.chain), "data": data})
        )
        return
    tree = Tree(f"[bold]{p.name}[/] — {p.title}  (继承链: {' → '.join(p.chain)})")
    _add(tree, data)
    out_console.print(tree)


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")

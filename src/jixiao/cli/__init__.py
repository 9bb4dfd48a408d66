"""The ``jixiao`` command line: a thin shell over the core.

Each module in this package owns one command group and exposes ``register(app)``; the
modules are found and registered in name order, so a new command is a new module here.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from jixiao import __version__
from jixiao.domain.errors import JixiaoError

app = typer.Typer(
    name="jixiao",
    help="jixiao 绩效: 预算绩效目标的解析、审核、运行监控与绩效自评。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

err_console = Console(stderr=True, soft_wrap=True)
out_console = Console()

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(func: F) -> F:
    """Turn JixiaoError / ValueError / OSError into a one-line Chinese message and exit 2."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except JixiaoError as exc:
            err_console.print(f"[bold red]错误[/]: {exc}", highlight=False)
        except (ValueError, KeyError) as exc:
            err_console.print(f"[bold red]错误[/]: {exc}", highlight=False)
        except FileNotFoundError as exc:
            err_console.print(f"[bold red]错误[/]: 文件不存在: {exc.filename}", highlight=False)
        except OSError as exc:
            err_console.print(f"[bold red]错误[/]: {exc}", highlight=False)
        raise typer.Exit(2)

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        print(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本号"
    ),
) -> None:
    """jixiao 绩效: 预算绩效目标的解析、审核、运行监控与绩效自评。"""


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()


def main() -> None:
    """Console-script entry point."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    app()

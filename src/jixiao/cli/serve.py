"""``jixiao serve`` (the web application) and ``jixiao manage`` (Django's manage commands)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from jixiao.cli import out_console, user_errors

# The repository's bundled seed document (examples/seed/…), found relative to this file.
REPO_SEED = Path(__file__).resolve().parents[3] / "examples" / "seed" / "000_bf5cb89b1d3e99b6.txt"


def setup_django(settings_module: str | None = None) -> None:
    """Configure Django (default settings: SQLite in ./var or $JIXIAO_DATA_DIR) and set it up."""
    from jixiao.web import DEFAULT_SETTINGS

    if settings_module:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and db["NAME"] != ":memory:":
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    django.setup()


def serve(
    demo: bool = typer.Option(False, "--demo", help="创建演示用户和机构, 并导入示例文档"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    port: int = typer.Option(8000, "--port", help="端口"),
    seed_file: str | None = typer.Option(
        None, "--seed", help="演示时导入的文档 (默认: 仓库自带示例)"
    ),
    settings_module: str | None = typer.Option(
        None, "--settings", help="Django 设置模块 (默认 jixiao.web.settings.dev)"
    ),
) -> None:
    """启动网页端 (开发/演示用服务器; 生产环境请用 gunicorn, 见 docs/web.md)。"""
    seed = Path(seed_file) if seed_file else None
    if seed is not None and not seed.is_file():
        raise FileNotFoundError(2, "文件不存在", str(seed))
    setup_django(settings_module)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        from jixiao.web.demo import create_demo

        seed_path = seed if seed is not None else (REPO_SEED if REPO_SEED.is_file() else None)
        result = create_demo(seed_path)
        out_console.print("[bold]演示账户[/] (口令均为 " + result.password + "):", highlight=False)
        for u in result.users:
            org = u.organisation or "—"
            out_console.print(f"  {u.username:<20} {u.role.label:<8} {org}", highlight=False)
        out_console.print(f"示例文档: {result.seed_message}", highlight=False)
        if result.cycle_message:
            out_console.print(f"演示流程: {result.cycle_message}", highlight=False)
    out_console.print(
        f"数据: {settings.DATABASES['default']['NAME']} · 打开 http://{host}:{port}/",
        highlight=False,
    )
    call_command("runserver", f"{host}:{port}", use_reloader=False)


def manage(ctx: typer.Context) -> None:
    """运行 Django 管理命令, 如 `jixiao manage migrate`, `jixiao manage check --deploy`。"""
    setup_django(None)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jixiao manage", *ctx.args])


def register(app: typer.Typer) -> None:
    app.command("serve")(user_errors(serve))
    app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )(manage)

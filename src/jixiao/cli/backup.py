"""``jixiao backup`` and ``jixiao restore``: the whole application (database and uploaded
files) to one checksummed archive and back (see docs/security.md, 数据备份恢复)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli import out_console, user_errors


def backup(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="备份文件 (默认: $JIXIAO_DATA_DIR/backups/jixiao-时间.zip)"
        ),
    ] = None,
    settings_module: str | None = typer.Option(
        None, "--settings", help="Django 设置模块 (默认取环境变量 DJANGO_SETTINGS_MODULE)"
    ),
) -> None:
    """备份数据库和上传的文件 (佐证材料等) 到一个带校验和的归档文件。"""
    from jixiao.cli.serve import setup_django

    setup_django(settings_module)
    from jixiao.web.backup import create_backup

    result = create_backup(output)
    rows = sum(result.rows.values())
    out_console.print(f"已备份: {result.path}", highlight=False)
    out_console.print(
        f"  {rows} 行 ({len(result.rows)} 张表), {result.files} 个文件, "
        f"{result.size / 1024 / 1024:.1f} MB",
        highlight=False,
    )
    out_console.print(
        f"  SHA-256 {result.sha256} (另见 {result.path.name}.sha256)", highlight=False
    )
    if result.missing_files:
        out_console.print(
            f"[yellow]注意[/]: 数据库引用的 {len(result.missing_files)} 个文件在磁盘上不存在, "
            f"未能备份 (如 {result.missing_files[0]})",
            highlight=False,
        )
    out_console.print(
        "请把备份文件复制到本机以外的安全位置; 其中含用户口令的哈希值。", highlight=False
    )


def restore(
    archive: Annotated[Path, typer.Argument(help="jixiao backup 生成的备份文件")],
    force: bool = typer.Option(False, "--force", help="数据库已有数据时, 用备份替换全部内容"),
    check: bool = typer.Option(False, "--check", help="只校验备份文件, 不恢复"),
    settings_module: str | None = typer.Option(
        None, "--settings", help="Django 设置模块 (默认取环境变量 DJANGO_SETTINGS_MODULE)"
    ),
) -> None:
    """从备份恢复数据库和上传的文件 (在一个事务中完成, 失败则数据库不变)。"""
    from jixiao.cli.serve import setup_django

    setup_django(settings_module)
    from jixiao.web.backup import restore_backup, verify_archive

    if check:
        manifest = verify_archive(archive)
        rows = sum(m["count"] for m in manifest["models"])
        out_console.print(
            f"备份文件完好: {archive} (jixiao {manifest.get('jixiao_version')}, "
            f"生成于 {manifest.get('created_at')}, {rows} 行, {len(manifest['media'])} 个文件)",
            highlight=False,
        )
        return
    result = restore_backup(archive, force=force)
    out_console.print(
        f"已恢复: {result.path} (生成于 {result.created_at}): "
        f"{sum(result.rows.values())} 行, {result.files} 个文件; 逐表核对校验和一致",
        highlight=False,
    )
    if result.migrated:
        out_console.print("  (空数据库已先初始化: migrate)", highlight=False)
    if result.previous_media is not None:
        out_console.print(f"  原有文件目录已保留为 {result.previous_media}", highlight=False)
    out_console.print("所有用户需要重新登录。", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("backup")(user_errors(backup))
    app.command("restore")(user_errors(restore))

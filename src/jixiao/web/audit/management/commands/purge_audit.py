# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""``jixiao manage purge_audit``: delete audit records older than the retention.

jixiao manage purge_audit --dry-run                 # how many would go
jixiao manage purge_audit --archive old-audit.csv   # archive them, then delete
jixiao manage purge_audit --days 365                # keep a year (never less than the setting)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jixiao.web.audit.retention import RetentionError, purge, retention_days


class Command(BaseCommand):
    help = "清理超过保存期限的审计记录 (不少于 JIXIAO_AUDIT_RETENTION_DAYS, 至少 180 天)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="保留最近多少天 (默认: 保存期限设置)"
        )
        parser.add_argument("--archive", type=Path, default=None, help="先把要删除的记录写入 CSV")
        parser.add_argument("--dry-run", action="store_true", help="只统计, 不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = purge(options["days"], archive=options["archive"], dry_run=options["dry_run"])
        except RetentionError as exc:
            raise CommandError(str(exc)) from exc
        when = timezone.localtime(result.cutoff).strftime("%Y-%m-%d %H:%M:%S")
        verb = "将清理" if result.dry_run else "已清理"
        self.stdout.write(
            f"{verb} {result.count} 条 {when} 之前的审计记录 "
            f"(保留 {result.days} 天; 保存期限设置 {retention_days()} 天)"
        )
        if result.archive is not None:
            self.stdout.write(f"归档: {result.archive}")

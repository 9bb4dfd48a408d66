"""Retention of the audit log (审计记录保存期限): purge only what is older than the retention.

网络安全法 art. 21 asks for network logs to be kept at least six months; the setting
``JIXIAO_AUDIT_RETENTION_DAYS`` (default and minimum 180) says how long jixiao keeps them.
Nothing in the application deletes audit records; :func:`purge` (the management command
``purge_audit``) is the one path, run by the operator on the server. It

- never deletes a record younger than the retention (a shorter ``days`` is refused, and on
  PostgreSQL the database trigger independently refuses records younger than 180 days);
- can first write the records it will delete to a CSV archive (the export's format);
- writes its own audit record (how many, up to when, by whom) in the same transaction.
"""

from __future__ import annotations

import csv
import getpass
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from jixiao.domain.errors import JixiaoError
from jixiao.web.audit import exporting
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action, AuditEvent


class RetentionError(JixiaoError):
    """A purge that would break the retention rule."""


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    days: int
    count: int
    archive: Path | None
    dry_run: bool


def retention_days() -> int:
    return int(settings.JIXIAO_AUDIT_RETENTION_DAYS)


def cutoff_for(days: int, now: datetime | None = None) -> datetime:
    """Records strictly older than this may go."""
    return (now or timezone.now()) - timedelta(days=days)


def purge(
    days: int | None = None,
    *,
    archive: Path | None = None,
    dry_run: bool = False,
    operator: str | None = None,
    now: datetime | None = None,
) -> PurgeResult:
    """Delete audit records older than ``days`` (default: the retention setting)."""
    keep = retention_days() if days is None else days
    if keep < retention_days():
        raise RetentionError(
            f"保存期限 {keep} 天短于设置的 {retention_days()} 天 (JIXIAO_AUDIT_RETENTION_DAYS), "
            "不能清理这些审计记录"
        )
    if keep < settings.JIXIAO_AUDIT_RETENTION_MIN_DAYS:  # the setting itself is checked too
        raise RetentionError(f"审计记录至少保存 {settings.JIXIAO_AUDIT_RETENTION_MIN_DAYS} 天")
    cutoff = cutoff_for(keep, now)
    old = AuditEvent.objects.filter(at__lt=cutoff).order_by("at", "id")
    who = operator or f"cli:{_os_user()}"
    with transaction.atomic():
        count = old.count()
        if dry_run:
            return PurgeResult(cutoff, keep, count, None, True)
        if archive is not None and count:
            _write_archive(archive, old)
        if count:
            if connection.vendor == "postgresql":
                # Opens the trigger's purge path for this transaction only (migration 0003).
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('jixiao.audit_purge_before', %s, true)",
                        [cutoff.isoformat()],
                    )
            deleted = old._raw_delete(old.db)
            if deleted != count:  # pragma: no cover - the count and delete share a transaction
                raise RetentionError(f"清理审计记录时数量不一致: {deleted} ≠ {count}")
        record(
            Action.PURGE,
            object_type="auditevent",
            username=who,
            message=(
                f"清理 {count} 条 {timezone.localtime(cutoff):%Y-%m-%d %H:%M:%S} 之前的审计记录 "
                f"(保存期限 {keep} 天)" + (f", 已归档至 {archive}" if archive and count else "")
            ),
            after={"count": count, "cutoff": cutoff.isoformat(), "days": keep},
        )
    return PurgeResult(cutoff, keep, count, archive if count else None, False)


def _write_archive(path: Path, events: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise RetentionError(f"归档文件已存在, 不会覆盖: {path}")
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        for cells in exporting.rows(events.iterator(chunk_size=1000)):  # type: ignore[attr-defined]
            writer.writerow(cells)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no login name in some containers
        return "unknown"

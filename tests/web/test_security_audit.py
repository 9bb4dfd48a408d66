"""Audit retention (安全审计, 网络安全法 art. 21): records are kept at least 180 days; the one
purge path never deletes younger records, archives what it deletes, and records itself."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from jixiao.web.audit.models import AppendOnlyError, AuditEvent
from jixiao.web.audit.retention import RetentionError, purge

from .conftest import REPO

AGES = (0, 10, 179, 181, 400)  # days


@pytest.fixture
def aged(db: Any) -> dict[int, AuditEvent]:
    now = timezone.now()
    return {
        days: AuditEvent.objects.create(
            action="login", message=f"{days} 天前", at=now - timedelta(days=days, minutes=1)
        )
        for days in AGES
    }


def _left() -> set[str]:
    return set(AuditEvent.objects.exclude(action="purge").values_list("message", flat=True))


def test_purge_deletes_only_records_older_than_the_retention(
    aged: dict[int, AuditEvent], settings: Any
) -> None:
    assert settings.JIXIAO_AUDIT_RETENTION_DAYS == 180
    result = purge(operator="cli:ops")
    assert result.count == 2 and result.days == 180
    assert _left() == {"0 天前", "10 天前", "179 天前"}
    record = AuditEvent.objects.get(action="purge")
    assert record.actor_username == "cli:ops"
    assert record.after["count"] == 2 and record.after["days"] == 180
    assert "清理 2 条" in record.message and "保存期限 180 天" in record.message


def test_a_longer_retention_keeps_more(aged: dict[int, AuditEvent], settings: Any) -> None:
    settings.JIXIAO_AUDIT_RETENTION_DAYS = 365
    assert purge().count == 1
    assert _left() == {"0 天前", "10 天前", "179 天前", "181 天前"}


def test_a_shorter_period_than_the_setting_is_refused(
    aged: dict[int, AuditEvent], settings: Any
) -> None:
    settings.JIXIAO_AUDIT_RETENTION_DAYS = 365
    with pytest.raises(RetentionError, match="短于设置的 365 天"):
        purge(days=200)
    with pytest.raises(RetentionError):
        purge(days=30)
    assert len(_left()) == len(AGES)
    assert not AuditEvent.objects.filter(action="purge").exists()


def test_dry_run_and_archive(aged: dict[int, AuditEvent], tmp_path: Path) -> None:
    assert purge(dry_run=True).count == 2
    assert len(_left()) == len(AGES)
    archive = tmp_path / "old" / "audit-2023.csv"
    result = purge(archive=archive)
    assert result.archive == archive
    text = archive.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff时间,用户名")  # the export's format, opens in Excel
    assert "181 天前" in text and "400 天前" in text and "179 天前" not in text
    with pytest.raises(RetentionError, match="已存在"):
        AuditEvent.objects.create(action="login", message="old", at=timezone.now() - timedelta(500))
        purge(archive=archive)  # never overwrites an archive


def test_management_command(aged: dict[int, AuditEvent]) -> None:
    out = StringIO()
    call_command("purge_audit", "--dry-run", stdout=out)
    assert "将清理 2 条" in out.getvalue() and "保存期限设置 180 天" in out.getvalue()
    with pytest.raises(CommandError, match="短于"):
        call_command("purge_audit", "--days", "10", stdout=StringIO())
    call_command("purge_audit", stdout=out)
    assert "已清理 2 条" in out.getvalue()


def test_nothing_else_deletes_audit_records(aged: dict[int, AuditEvent]) -> None:
    old = aged[400]
    with pytest.raises(AppendOnlyError):
        old.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=old.pk).delete()
    if connection.vendor == "postgresql":
        # The database refuses too: without the purge's setting, and for a young record
        # even with it (the trigger's own 180-day floor).
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=old.pk)._raw_delete("default")
        young = aged[10]
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(
                "SELECT set_config('jixiao.audit_purge_before', %s, true)",
                [timezone.now().isoformat()],
            )
            AuditEvent.objects.filter(pk=young.pk)._raw_delete("default")
    else:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute("UPDATE audit_auditevent SET message = 'x' WHERE id = %s", [old.pk])
    assert len(_left()) == len(AGES)


def test_settings_refuse_a_retention_under_180_days(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "jixiao.web.settings.dev",
        "JIXIAO_DATA_DIR": str(tmp_path),
        "JIXIAO_AUDIT_RETENTION_DAYS": "90",
    }
    result = subprocess.run(
        [sys.executable, "-m", "jixiao.web", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode != 0
    assert "至少保存 180 天" in result.stderr

# ruff: noqa: RUF012  (Django's migration attributes are class-level lists by convention)
# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""New audit actions (security, backup, restore, purge) and the purge path on PostgreSQL.

The PostgreSQL trigger of migration 0002 refuses every UPDATE and DELETE. From here on it lets
a DELETE through only when both hold: the transaction has set ``jixiao.audit_purge_before``
(only ``purge_audit`` does, with ``set_config(..., true)``, which ends with the transaction)
and the record is older than that time *and* older than 180 days (the legal minimum of
网络安全法 art. 21, so even a mistaken setting cannot purge younger records). UPDATE is
refused as before.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

POSTGRES_UP = [
    """
    CREATE OR REPLACE FUNCTION jixiao_audit_append_only() RETURNS trigger AS $$
    DECLARE
        purge_before text := current_setting('jixiao.audit_purge_before', true);
    BEGIN
        IF TG_OP = 'DELETE'
           AND purge_before IS NOT NULL AND purge_before <> ''
           AND OLD.at < purge_before::timestamptz
           AND OLD.at < now() - interval '180 days' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit log is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """
]
POSTGRES_DOWN = [
    """
    CREATE OR REPLACE FUNCTION jixiao_audit_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit log is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """
]


def _run(statements: list[str]) -> Any:
    def apply(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "新增"),
                    ("update", "修改"),
                    ("delete", "删除"),
                    ("import", "导入"),
                    ("transition", "流程"),
                    ("login", "登录"),
                    ("login_failed", "登录失败"),
                    ("locked", "账户锁定"),
                    ("logout", "退出"),
                    ("password", "修改口令"),
                    ("permission", "权限变更"),
                    ("denied", "拒绝访问"),
                    ("upload", "上传"),
                    ("export", "导出"),
                    ("security", "安全管理"),
                    ("backup", "备份"),
                    ("restore", "恢复"),
                    ("purge", "清理审计记录"),
                ],
                db_index=True,
                max_length=20,
                verbose_name="事件",
            ),
        ),
        migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN)),
    ]

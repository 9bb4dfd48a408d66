# ruff: noqa: RUF012  (Django's Meta options are class-level lists by convention)
# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""AuditEvent: one row per important event; rows are never changed or deleted.

Append-only on three levels: ``save()`` refuses to update an existing row and ``delete()``
raises; the queryset's ``update()``/``delete()`` raise; and a database trigger (migration
0002) refuses UPDATE (and DELETE on PostgreSQL) even from raw SQL. The one exception is
``jixiao manage purge_audit`` (:mod:`jixiao.web.audit.retention`), which removes records
older than the retention (``JIXIAO_AUDIT_RETENTION_DAYS``, at least 180 days) and records
that it did; on PostgreSQL the trigger itself refuses to let any record younger than 180
days go (migration 0003).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jixiao.web.choices import TextChoices


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit record."""

    def __init__(self) -> None:
        super().__init__("审计日志只能追加, 不能修改或删除")


class Action(TextChoices):
    """Event types (事件类型)."""

    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    IMPORT = "import", _("导入")
    TRANSITION = "transition", _("流程")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED = "locked", _("账户锁定")
    LOGOUT = "logout", _("退出")
    PASSWORD = "password", _("修改口令")
    PERMISSION = "permission", _("权限变更")
    DENIED = "denied", _("拒绝访问")
    UPLOAD = "upload", _("上传")
    EXPORT = "export", _("导出")
    SECURITY = "security", _("安全管理")  # unlock, second factor enrolled or reset
    BACKUP = "backup", _("备份")
    RESTORE = "restore", _("恢复")
    PURGE = "purge", _("清理审计记录")  # only records older than the retention


class Result(TextChoices):
    OK = "ok", _("成功")
    FAILED = "failed", _("失败")
    DENIED = "denied", _("拒绝")


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError()

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError()

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError()


class AuditEvent(models.Model):
    """One audit record: date and time, subject (actor), type, object, result, before/after."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
        related_name="+",
        editable=False,
    )
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    actor_role = models.CharField(_("角色"), max_length=20, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    action = models.CharField(_("事件"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=40, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
        related_name="+",
    )
    plan_id = models.BigIntegerField(_("计划编号"), null=True, blank=True, db_index=True)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices, default=Result.OK)
    message = models.TextField(_("说明"), blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("修改后"), null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("update_fields"):
            raise AppendOnlyError()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError()

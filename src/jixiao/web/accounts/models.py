# ruff: noqa: RUF012  (Django's Meta options are class-level lists by convention)
# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Users with one role each, and the organisation tree: 财政局 → 部门 → 单位.

角色 (Role): 系统管理员、安全管理员、财政审核员、部门审核员、填报员、审计员。
三员分立: the system admin manages accounts and the organisation tree, the security admin
assigns roles and handles locked accounts and second factors, the auditor (审计管理员) reads
the audit log; none of the three edits business data, the first two do not even read it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jixiao.web.choices import TextChoices


class OrgKind(TextChoices):
    """Level in the organisation tree (机构层级)."""

    BUREAU = "bureau", _("财政局")
    DEPARTMENT = "department", _("部门")
    UNIT = "unit", _("单位")


class Organisation(models.Model):
    """A node of the organisation tree: the finance bureau, a department, or one of its units."""

    name = models.CharField(_("名称"), max_length=200)
    code = models.CharField(_("编码"), max_length=50, blank=True)
    kind = models.CharField(_("层级"), max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_per_parent")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent_kind = self.parent.kind if self.parent else None
        expected = {
            OrgKind.BUREAU: None,
            OrgKind.DEPARTMENT: OrgKind.BUREAU,
            OrgKind.UNIT: OrgKind.DEPARTMENT,
        }[OrgKind(self.kind)]
        if parent_kind != expected:
            raise ValidationError(
                {"parent": _("财政局没有上级; 部门的上级是财政局; 单位的上级是部门。")}
            )

    @property
    def department(self) -> Organisation | None:
        """The department this organisation is or belongs to (``None`` for the bureau)."""
        if self.kind == OrgKind.DEPARTMENT:
            return self
        if self.kind == OrgKind.UNIT:
            return self.parent
        return None

    @property
    def department_id_or_none(self) -> int | None:
        if self.kind == OrgKind.DEPARTMENT:
            return self.pk
        if self.kind == OrgKind.UNIT:
            return self.parent_id
        return None


class Role(TextChoices):
    """One role per user (角色)."""

    ADMIN = "admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    FINANCE = "finance", _("财政审核员")
    DEPT_REVIEWER = "dept_reviewer", _("部门审核员")
    FILLER = "filler", _("填报员")
    AUDITOR = "auditor", _("审计员")


ROLES_NEEDING_ORG = {Role.DEPT_REVIEWER, Role.FILLER}
# 三员: the system, security and audit administrators (separate people, separate duties).
ADMIN_ROLES = (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR)


class User(AbstractUser):
    """A person with one role, attached to the organisation whose data the role covers."""

    full_name = models.CharField(_("姓名"), max_length=100, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    failed_login_count = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    first_failed_login_at = models.DateTimeField(_("首次失败时间"), null=True, blank=True)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("口令修改时间"), null=True, blank=True)
    # Set when an administrator sets the password: the user must choose a new one at login.
    must_change_password = models.BooleanField(_("下次登录须修改口令"), default=False)
    # Counts logins; a session remembers the count it started with, so that with
    # JIXIAO_SINGLE_SESSION only the newest session stays valid.
    session_serial = models.PositiveIntegerField(default=0, editable=False)
    # Second factor (TOTP, RFC 6238): the shared secret (base32) once confirmed, and the last
    # time step accepted (a code is never accepted twice).
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_enabled_at = models.DateTimeField(_("启用双因素认证时间"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def effective_role(self) -> str:
        """The role the permission module uses; a Django superuser counts as system admin."""
        if self.role:
            return self.role
        return Role.ADMIN if self.is_superuser else ""

    def clean(self) -> None:
        super().clean()
        if self.role in ROLES_NEEDING_ORG and self.organisation is None:
            raise ValidationError({"organisation": _("部门审核员和填报员必须指定所属机构。")})
        if (
            self.role == Role.DEPT_REVIEWER
            and self.organisation is not None
            and self.organisation.kind != OrgKind.DEPARTMENT
        ):
            raise ValidationError({"organisation": _("部门审核员的所属机构应为部门。")})
        if (
            self.role == Role.FILLER
            and self.organisation is not None
            and self.organisation.kind == OrgKind.BUREAU
        ):
            raise ValidationError({"organisation": _("填报员的所属机构应为部门或单位。")})

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def totp_enabled(self) -> bool:
        return bool(self.totp_secret) and self.totp_enabled_at is not None

    # --- lockout (登录失败处理) ---------------------------------------------------------------
    def is_locked(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.locked_until is not None and self.locked_until > now

    def password_expired(self, max_age_days: int, now: Any = None) -> bool:
        if self.must_change_password:
            return True
        if max_age_days <= 0 or self.password_changed_at is None:
            return False
        now = now or timezone.now()
        return bool(now - self.password_changed_at > timedelta(days=max_age_days))

# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Login-failure handling (登录失败处理): lock an account after repeated failures.

Defaults (settings, from the environment): 5 failures within 15 minutes lock the account for
15 minutes (``JIXIAO_LOCKOUT_ATTEMPTS``, ``JIXIAO_LOCKOUT_WINDOW_MINUTES``,
``JIXIAO_LOCKOUT_MINUTES``); an admin can unlock earlier.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from jixiao.web.accounts.models import User
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action, Result

LOCKOUT_FIELDS = ["failed_login_count", "first_failed_login_at", "locked_until"]


def register_failure(user: User, now: datetime | None = None) -> bool:
    """Count one failed login; returns True when this failure locks the account."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.JIXIAO_LOCKOUT_WINDOW_MINUTES)
    with transaction.atomic():
        u = User.objects.select_for_update().get(pk=user.pk)
        if u.first_failed_login_at is None or now - u.first_failed_login_at > window:
            u.failed_login_count = 1
            u.first_failed_login_at = now
        else:
            u.failed_login_count += 1
        locked = u.failed_login_count >= settings.JIXIAO_LOCKOUT_ATTEMPTS
        if locked:
            u.locked_until = now + timedelta(minutes=settings.JIXIAO_LOCKOUT_MINUTES)
            u.failed_login_count = 0
            u.first_failed_login_at = None
        u.save(update_fields=LOCKOUT_FIELDS)
    return locked


def reset(user: User) -> None:
    """Forget earlier failures (after a successful login, or when an admin unlocks)."""
    if user.failed_login_count or user.first_failed_login_at or user.locked_until:
        user.failed_login_count = 0
        user.first_failed_login_at = None
        user.locked_until = None
        user.save(update_fields=LOCKOUT_FIELDS)


def remaining_attempts(user: User) -> int:
    return max(0, settings.JIXIAO_LOCKOUT_ATTEMPTS - user.failed_login_count)


class LockoutBackend(ModelBackend):
    """Django's model backend plus lockout and audit of every failed attempt.

    Used by every login path (the site's login page and the admin's), so no path escapes
    the lock.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is not None and user.is_locked():
            record(
                Action.LOGIN_FAILED,
                obj=user,
                actor=user,
                result=Result.DENIED,
                message="账户已锁定, 拒绝登录",
                organisation=user.organisation,
            )
            raise PermissionDenied("账户已锁定")
        authenticated = super().authenticate(request, username=username, password=password)
        if authenticated is None:
            if user is None:
                record(
                    Action.LOGIN_FAILED,
                    object_type="user",
                    object_repr=username[:150],
                    username=username,
                    result=Result.FAILED,
                    message="用户名不存在",
                )
            else:
                locked = register_failure(user)
                record(
                    Action.LOGIN_FAILED,
                    obj=user,
                    actor=user,
                    result=Result.FAILED,
                    message="口令错误" if user.is_active else "账户已停用",
                    organisation=user.organisation,
                )
                if locked:
                    record(
                        Action.LOCKED,
                        obj=user,
                        actor=user,
                        result=Result.DENIED,
                        message=(
                            f"连续 {settings.JIXIAO_LOCKOUT_ATTEMPTS} 次登录失败, "
                            f"锁定 {settings.JIXIAO_LOCKOUT_MINUTES} 分钟"
                        ),
                        organisation=user.organisation,
                    )
            return None
        from jixiao.web.accounts import totp

        if not totp.needs_second_factor(authenticated):
            # With a second factor the count is reset only when the code is right too, so
            # a known password does not buy unlimited guesses at the code.
            reset(authenticated)
        return authenticated

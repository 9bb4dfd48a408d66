# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Audit records for logins, logouts and every change of accounts and the organisation tree."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from jixiao.web.accounts.models import Organisation, User
from jixiao.web.audit.log import record, snapshot
from jixiao.web.audit.models import Action

# Fields whose change is a permission change (权限变更) and is recorded with before/after.
TRACKED_USER_FIELDS = (
    "username",
    "full_name",
    "email",
    "role",
    "organisation_id",
    "is_active",
    "is_staff",
    "is_superuser",
)


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    from django.db.models import F

    from jixiao.web.accounts.middleware import SERIAL_KEY
    from jixiao.web.audit.context import client_ip

    # Count the login; this session remembers the count (one active session per user).
    User.objects.filter(pk=user.pk).update(session_serial=F("session_serial") + 1)
    user.session_serial = User.objects.values_list("session_serial", flat=True).get(pk=user.pk)
    if request is not None and hasattr(request, "session"):
        request.session[SERIAL_KEY] = user.session_serial
    record(
        Action.LOGIN,
        obj=user,
        actor=user,
        organisation=user.organisation,
        ip=client_ip(request) if request is not None else None,
        message=getattr(request, "_jixiao_login_factors", ""),
    )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    from jixiao.web.audit.context import client_ip

    reason = getattr(request, "_jixiao_logout_reason", "")
    record(
        Action.LOGOUT,
        obj=user,
        actor=user,
        organisation=user.organisation,
        ip=client_ip(request),
        message=reason,
    )


def _user_view(user: User) -> dict[str, Any]:
    data = snapshot(user) or {}
    return {k: data.get(k) for k in TRACKED_USER_FIELDS}


@receiver(pre_save, sender=User)
def _user_before(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    instance._jixiao_before = None
    instance._jixiao_old_password = None
    if instance.pk is None or kwargs.get("raw"):
        return
    old = User.objects.filter(pk=instance.pk).first()
    if old is not None:
        instance._jixiao_before = _user_view(old)
        instance._jixiao_old_password = old.password


@receiver(post_save, sender=User)
def _user_after(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    after = _user_view(instance)
    if created:
        record(Action.CREATE, obj=instance, after=after, organisation=instance.organisation)
        return
    before = getattr(instance, "_jixiao_before", None)
    if before is not None and before != after:
        record(
            Action.PERMISSION,
            obj=instance,
            before=before,
            after=after,
            organisation=instance.organisation,
        )
    old_password = getattr(instance, "_jixiao_old_password", None)
    if old_password is not None and old_password != instance.password:
        record(Action.PASSWORD, obj=instance, organisation=instance.organisation)


@receiver(post_delete, sender=User)
def _user_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    record(Action.DELETE, obj=instance, before=_user_view(instance))


@receiver(pre_save, sender=Organisation)
def _org_before(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    old = Organisation.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._jixiao_before = snapshot(old)


@receiver(post_save, sender=Organisation)
def _org_after(sender: Any, instance: Organisation, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    before = getattr(instance, "_jixiao_before", None)
    after = snapshot(instance)
    if created:
        record(Action.CREATE, obj=instance, after=after)
    elif before != after:
        record(Action.UPDATE, obj=instance, before=before, after=after)


@receiver(post_delete, sender=Organisation)
def _org_deleted(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    record(Action.DELETE, obj=instance, before=snapshot(instance))

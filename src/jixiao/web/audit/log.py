# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Write audit records: ``record(Action.UPDATE, obj=project, before=..., after=...)``.

``snapshot(instance)`` gives the before/after form of a model row: every concrete field by
its column name, JSON-safe (Decimals as strings, dates as ISO text).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from jixiao.web.audit import context
from jixiao.web.audit.models import Action, AuditEvent, Result

# Authentication secrets never enter the audit log (剩余信息保护).
_SKIP_FIELDS = {"password", "totp_secret"}


def snapshot(instance: models.Model | None) -> dict[str, Any] | None:
    """Every concrete field of a row, JSON-safe; the password hash and TOTP secret never are."""
    if instance is None:
        return None
    data: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name in _SKIP_FIELDS:
            continue
        value = getattr(instance, f.attname)
        if isinstance(f, models.FileField):
            value = str(value) if value else ""
        data[f.attname] = value
    # Round-trip through the encoder so that the stored value equals what is shown later.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    return (before or {}) != (after or {})


def _org_of(obj: Any) -> Any:
    for attr in ("organisation", "plan", "project", "measure", "sub_goal"):
        target = getattr(obj, attr, None)
        if target is None:
            continue
        if attr == "organisation":
            return target
        return _org_of(target)
    return None


def _plan_id_of(obj: Any) -> int | None:
    from jixiao.web.plans.models import Plan

    if isinstance(obj, Plan):
        return int(obj.pk) if obj.pk else None
    for attr in ("plan", "project", "measure", "sub_goal"):
        target = getattr(obj, attr, None)
        if target is not None:
            return _plan_id_of(target)
    return None


def record(
    action: Action | str,
    *,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: Any = None,
    object_repr: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: Any = None,
    username: str | None = None,
    organisation: Any = None,
    plan_id: int | None = None,
    result: Result | str = Result.OK,
    message: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Append one audit record; actor and IP default to the current request's."""
    current = context.current()
    if actor is None and current is not None:
        actor = current.user
    if ip is None and current is not None:
        ip = current.ip
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = obj.pk if object_id is None else object_id
        object_repr = object_repr if object_repr is not None else str(obj)
        if organisation is None:
            organisation = _org_of(obj)
        if plan_id is None:
            plan_id = _plan_id_of(obj)
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=(actor.username if actor is not None else (username or ""))[:150],
        actor_role=(getattr(actor, "effective_role", "") if actor is not None else ""),
        ip=ip,
        action=str(action),
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id)[:64],
        object_repr=(object_repr or "")[:300],
        organisation=organisation,
        plan_id=plan_id,
        result=str(result),
        message=message,
        before=before,
        after=after,
    )

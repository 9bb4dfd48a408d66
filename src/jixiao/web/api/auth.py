# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Token authentication of the API (``Authorization: Bearer jx_…``).

A valid, unrevoked token of an active user makes the request act as that user: ``request.user``
is set (so the permission module sees the same user as the pages would) and so is the audit
log's current actor (so every record written by the API names the user and address).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from jixiao.web.api.models import PREFIX, ApiToken, hash_token
from jixiao.web.audit import context

TOUCH = timedelta(minutes=1)  # last_used_at is written at most once a minute per token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token = token.strip()
        if not token.startswith(PREFIX) or len(token) > 200:
            return None
        row = (
            ApiToken.objects.select_related("user__organisation")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        user = row.user
        request.user = user
        context.set_current(context.Actor(user=user, ip=context.client_ip(request)))
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > TOUCH:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return user

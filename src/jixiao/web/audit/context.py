"""Who is acting in the current request (for audit records written deep in the code)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Actor:
    user: Any  # accounts.User or None
    ip: str | None


_current: ContextVar[Actor | None] = ContextVar("jixiao_audit_actor", default=None)


def current() -> Actor | None:
    return _current.get()


def set_current(actor: Actor | None) -> Any:
    return _current.set(actor)


def reset(token: Any) -> None:
    _current.reset(token)


def client_ip(request: Any) -> str | None:
    """The client address; ``X-Forwarded-For`` only when production trusts the proxy."""
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded.split(",")[0].strip()) or None
    addr = request.META.get("REMOTE_ADDR")
    return str(addr) if addr else None

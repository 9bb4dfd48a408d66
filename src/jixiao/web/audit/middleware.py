"""Remember the signed-in user and client address for audit records of this request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from jixiao.web.audit import context


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = context.Actor(
            user=user if user is not None and user.is_authenticated else None,
            ip=context.client_ip(request),
        )
        token = context.set_current(actor)
        try:
            return self.get_response(request)
        finally:
            context.reset(token)

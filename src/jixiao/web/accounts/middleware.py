"""Idle session expiry (空闲超时自动退出) and password expiry (口令定期更换)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

_LAST_SEEN = "jixiao_last_seen"


class IdleTimeoutMiddleware:
    """Log the user out after ``JIXIAO_SESSION_IDLE_MINUTES`` without a request.

    The time of the last request is kept in the session, rewritten at most once every
    ``TOUCH_SECONDS`` (so that reading pages does not write the database on every request);
    each rewrite also renews the session's server-side expiry (``SESSION_COOKIE_AGE``, the
    same idle limit), so an abandoned session also dies in the database.
    """

    TOUCH_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(_LAST_SEEN)
            idle = settings.JIXIAO_SESSION_IDLE_MINUTES * 60
            if last is not None and now - float(last) > idle:
                request._jixiao_logout_reason = "空闲超时"
                logout(request)
                messages.warning(
                    request,
                    _("您已超过 %(m)d 分钟未操作, 已自动退出, 请重新登录。")
                    % {"m": settings.JIXIAO_SESSION_IDLE_MINUTES},
                )
                return redirect(f"{reverse('login')}?next={request.path}")
            if last is None or now - float(last) > self.TOUCH_SECONDS:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """Send users whose password is older than ``JIXIAO_PASSWORD_MAX_AGE_DAYS`` to change it."""

    ALLOWED = ("password_change", "logout", "set_language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.password_expired(settings.JIXIAO_PASSWORD_MAX_AGE_DAYS)
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in {reverse(name) for name in self.ALLOWED}
        ):
            messages.warning(request, _("您的口令已超过有效期, 请先修改口令。"))
            return redirect("password_change")
        return self.get_response(request)

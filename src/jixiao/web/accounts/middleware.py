"""Session policies (身份鉴别, 剩余信息保护, 资源控制), each a small middleware:

- :class:`IdleTimeoutMiddleware`: sign out after ``JIXIAO_SESSION_IDLE_MINUTES`` idle;
- :class:`SecondFactorMiddleware`: a session of a user who must give a second factor is
  valid only if the second factor was given in it;
- :class:`SingleSessionMiddleware`: with ``JIXIAO_SINGLE_SESSION``, only the user's newest
  session stays valid;
- :class:`PasswordExpiryMiddleware`: an expired password (``JIXIAO_PASSWORD_MAX_AGE_DAYS``)
  or one set by an administrator must be changed before anything else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

_LAST_SEEN = "jixiao_last_seen"
SECOND_FACTOR_KEY = "jixiao_2fa"
SERIAL_KEY = "jixiao_session_serial"


def _sign_out(request: HttpRequest, reason: str, message: str) -> HttpResponse:
    request._jixiao_logout_reason = reason
    logout(request)
    messages.warning(request, message)
    return redirect(f"{reverse('login')}?next={quote(request.path)}")


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
                return _sign_out(
                    request,
                    "空闲超时",
                    _("您已超过 %(m)d 分钟未操作, 已自动退出, 请重新登录。")
                    % {"m": settings.JIXIAO_SESSION_IDLE_MINUTES},
                )
            if last is None or now - float(last) > self.TOUCH_SECONDS:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """End sessions that should have passed the second factor but did not.

    The login page asks for the code before it signs anyone in, so this only catches
    sessions made another way, or before the user's role was made to require a second
    factor, or before the user enrolled on another device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from jixiao.web.accounts import totp

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SECOND_FACTOR_KEY)
            and totp.needs_second_factor(user)
        ):
            return _sign_out(
                request,
                "未通过双因素认证",
                _("您的账户须使用双因素认证 (动态口令), 请重新登录。"),
            )
        return self.get_response(request)


class SingleSessionMiddleware:
    """With ``JIXIAO_SINGLE_SESSION``, a login ends the user's earlier sessions.

    Each login counts up ``User.session_serial`` and the session remembers the count it
    started with; a session whose count is not the user's latest is ended at its next
    request (and recorded in the audit log as a logout).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.JIXIAO_SINGLE_SESSION
            and user is not None
            and user.is_authenticated
            and request.session.get(SERIAL_KEY) != user.session_serial
        ):
            return _sign_out(
                request,
                "已在其他位置登录",
                _("您的账户已在其他位置登录, 本次会话已结束。如非本人操作, 请立即修改口令。"),
            )
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """Send users whose password is older than ``JIXIAO_PASSWORD_MAX_AGE_DAYS``, or was set
    by an administrator, to change it before anything else."""

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
            if user.must_change_password:
                messages.warning(request, _("您的口令由管理员设置, 请先修改口令。"))
            else:
                messages.warning(request, _("您的口令已超过有效期, 请先修改口令。"))
            return redirect("password_change")
        return self.get_response(request)

"""Security headers not covered by Django's SecurityMiddleware (Content-Security-Policy …),
the request size limit (资源控制) and the page shown when a CSRF check fails."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy, Permissions-Policy and no-store for signed-in pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        csp: str = settings.JIXIAO_CSP
        if request.path.startswith("/admin/"):  # the admin draws a few inline styles
            csp = csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Business data must not stay in shared browser caches (剩余信息保护).
            response.headers.setdefault("Cache-Control", "no-store, private")
        return response


class LanguageMiddleware:
    """Chinese unless the user chose English (language cookie set by ``set_language``).

    Unlike Django's LocaleMiddleware the browser's Accept-Language is not consulted: the
    interface of a Chinese finance bureau's system is Chinese by default everywhere.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestSizeLimitMiddleware:
    """Refuse request bodies larger than ``JIXIAO_REQUEST_MAX_MB`` with 413, before reading them.

    Django itself limits non-file form data (``DATA_UPLOAD_MAX_MEMORY_SIZE``) and the forms
    check each uploaded file against ``JIXIAO_UPLOAD_MAX_MB``, but only after the whole body
    has been received and spooled to disk; this stops an oversized body at its declared
    ``Content-Length``. (The reverse proxy should enforce the same limit, see
    docs/security.md, since a body sent without a length is only cut by the WSGI server.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit_mb: int = settings.JIXIAO_REQUEST_MAX_MB
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            length = 0
        if length > limit_mb * 1024 * 1024:
            message = _("提交的内容 %(size).1f MB, 超过上限 %(mb)d MB, 未被接收。") % {
                "size": length / 1024 / 1024,
                "mb": limit_mb,
            }
            return _error_page(request, 413, _("内容过大"), message)
        return self.get_response(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The CSRF failure page (403): a plain Chinese explanation instead of Django's own."""
    message = _(
        "安全校验未通过 (CSRF): 页面可能已过期, 或请求并非来自本系统的页面。"
        "请返回上一页, 刷新后重新提交。"
    )
    return _error_page(request, 403, _("安全校验未通过"), message)


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    html = render_to_string(
        "jixiao_error.html", {"title": title, "message": message, "status": status}
    )
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")

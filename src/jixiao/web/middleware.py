"""Security headers not covered by Django's SecurityMiddleware (Content-Security-Policy …)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
